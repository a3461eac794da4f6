// A safe XML reader for mission databases: text in, a small element tree with line numbers out, or one
// problem naming file and line. saxes never reads anything outside the text it is given (it has no notion of
// external entities and only knows the five predefined ones), and on top of that any DOCTYPE that declares
// entities is refused outright: XTCE needs none, and refusing them closes the door on XXE and expansion bombs
// whatever the parser would have done with them. Size, depth and element count are bounded so a hostile file
// cannot exhaust memory.
import { SaxesParser } from 'saxes';
import { problemAt, type Problem } from './problems';

export interface XmlElement {
  /** Local name: the namespace prefix (xtce:) is dropped. */
  name: string;
  attributes: Readonly<Record<string, string>>;
  children: XmlElement[];
  /** Character data directly inside the element, trimmed. */
  text: string;
  line: number;
}

export interface XmlLimits {
  maxBytes: number;
  maxDepth: number;
  maxElements: number;
}

/** 16 MiB holds a database of tens of thousands of parameters; larger files are far more likely a mistake. */
export const DEFAULT_XML_LIMITS: XmlLimits = {
  maxBytes: 16 * 1024 * 1024,
  maxDepth: 64,
  maxElements: 500_000,
};

export type XmlResult = { ok: true; root: XmlElement } | { ok: false; problem: Problem };

const localName = (qualified: string) => qualified.slice(qualified.indexOf(':') + 1);

/** UTF-8 length of a string, counted without encoding it. */
export function byteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    // A surrogate pair (two code units) is one 4-byte character.
    else if (code >= 0xd800 && code <= 0xdbff) bytes += 2;
    else bytes += 3;
  }
  return bytes;
}

/** Parses one XML document. Never throws: every failure is a problem at a file and line. */
export function parseXml(text: string, file: string, limits: XmlLimits = DEFAULT_XML_LIMITS): XmlResult {
  // A character is at most 3 UTF-8 bytes in the BMP, so only texts near the limit pay for encoding.
  if (text.length * 3 > limits.maxBytes && byteLength(text) > limits.maxBytes) {
    return fail(problemAt(file, 1, `the file is larger than the limit of ${limits.maxBytes} bytes`));
  }
  const parser = new SaxesParser({ fileName: file, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let problem: Problem | undefined;
  let elements = 0;
  const stop = (line: number, message: string) => {
    problem ??= problemAt(file, line, message);
  };

  parser.on('doctype', (doctype) => {
    const at = doctype.search(/<!ENTITY/i);
    if (at >= 0) {
      // The event comes at the end of the DOCTYPE; count back to the line of the first declaration.
      const linesAfter = doctype.slice(at).split('\n').length - 1;
      stop(
        parser.line - linesAfter,
        'the document declares entities (<!ENTITY>); mission files may not declare any',
      );
    }
  });
  parser.on('opentag', (tag) => {
    if (problem) return;
    elements++;
    if (elements > limits.maxElements) return stop(parser.line, `more than ${limits.maxElements} elements`);
    if (stack.length >= limits.maxDepth)
      return stop(parser.line, `elements nested deeper than ${limits.maxDepth}`);
    const attributes: Record<string, string> = {};
    for (const [key, value] of Object.entries(tag.attributes as Record<string, string>)) {
      if (key !== 'xmlns' && !key.startsWith('xmlns:')) attributes[localName(key)] = value;
    }
    const element: XmlElement = {
      name: localName(tag.name),
      attributes,
      children: [],
      text: '',
      line: parser.line,
    };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else root = element;
    stack.push(element);
  });
  parser.on('text', (chunk) => {
    const current = stack[stack.length - 1];
    if (current && !problem) current.text += chunk;
  });
  parser.on('closetag', () => {
    const element = stack.pop();
    if (element) element.text = element.text.trim();
  });
  parser.on('error', (error) => stop(parser.line, cleanMessage(error.message)));

  try {
    parser.write(text).close();
  } catch (error) {
    // saxes reports through the error listener; anything that still escapes is a parser defect, kept as input.
    stop(parser.line, cleanMessage(error instanceof Error ? error.message : String(error)));
  }
  if (problem) return fail(problem);
  if (!root) return fail(problemAt(file, 1, 'the file holds no XML element'));
  return { ok: true, root };
}

function fail(problem: Problem): XmlResult {
  return { ok: false, problem };
}

/** saxes prefixes messages with "file:line:column: "; the problem carries the place itself. */
function cleanMessage(message: string): string {
  const withoutPlace = message.replace(/^.*?:\d+:\d+: /, '');
  return `malformed XML: ${withoutPlace.replace(/\.$/, '')}`;
}
