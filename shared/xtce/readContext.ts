// Shared helpers of the XTCE readers: attribute parsing and the rule that any child element Ortaq does not
// read is reported as unsupported rather than skipped.
import type { Located } from './model';
import { problemAt, unsupported, type Problem } from './problems';
import type { XmlElement } from './xml';

/** Elements that only document the database: read nowhere, never a reason to refuse it. */
const DOCUMENTATION = new Set(['LongDescription', 'AncillaryDataSet', 'AliasSet', 'Header']);

export class ReadContext {
  readonly problems: Problem[] = [];
  constructor(readonly file: string) {}

  loc(element: XmlElement): Located {
    return { file: this.file, line: element.line };
  }

  error(element: XmlElement, message: string): void {
    this.problems.push(problemAt(this.file, element.line, message));
  }

  note(element: XmlElement, message: string): void {
    this.problems.push(problemAt(this.file, element.line, message, 'note'));
  }

  unsupported(element: XmlElement, construct = element.name): void {
    this.problems.push(unsupported(construct, this.file, element.line));
  }

  /** Children by name; any other child (documentation aside) is reported as unsupported. */
  children(element: XmlElement, allowed: readonly string[]): Map<string, XmlElement[]> {
    const byName = new Map<string, XmlElement[]>();
    for (const child of element.children) {
      if (allowed.includes(child.name)) {
        const list = byName.get(child.name) ?? [];
        list.push(child);
        byName.set(child.name, list);
      } else if (!DOCUMENTATION.has(child.name)) {
        this.unsupported(child);
      }
    }
    return byName;
  }

  /** An attribute that must be there. */
  required(element: XmlElement, attribute: string): string | undefined {
    const value = element.attributes[attribute];
    if (value === undefined || value === '') {
      this.error(element, `${element.name} has no ${attribute} attribute`);
      return undefined;
    }
    return value;
  }

  number(element: XmlElement, attribute: string): number | undefined {
    const text = element.attributes[attribute];
    if (text === undefined) return undefined;
    return this.parseNumber(element, text, `${attribute} of ${element.name}`);
  }

  parseNumber(element: XmlElement, text: string, what: string): number | undefined {
    const value = Number(text.trim());
    if (text.trim() === '' || !Number.isFinite(value)) {
      this.error(element, `${what} is "${text}", not a number`);
      return undefined;
    }
    return value;
  }

  /** A whole number within [min, max]. */
  integer(element: XmlElement, attribute: string, min: number, max: number): number | undefined {
    const value = this.number(element, attribute);
    if (value === undefined) return undefined;
    if (!Number.isInteger(value) || value < min || value > max) {
      this.error(
        element,
        `${attribute} of ${element.name} is ${value}; it must be a whole number from ${min} to ${max}`,
      );
      return undefined;
    }
    return value;
  }

  boolean(element: XmlElement, attribute: string, fallback: boolean): boolean {
    const text = element.attributes[attribute];
    if (text === undefined) return fallback;
    if (text === 'true' || text === '1') return true;
    if (text === 'false' || text === '0') return false;
    this.error(element, `${attribute} of ${element.name} is "${text}"; it must be true or false`);
    return fallback;
  }
}

export function first(byName: Map<string, XmlElement[]>, name: string): XmlElement | undefined {
  return byName.get(name)?.[0];
}
