import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadXtce, parseXml } from '../../shared/xtce';
import { fixturePath, fixtureProblems } from '../helpers/xtce';

const errorsOf = (name: string) => fixtureProblems(`hostile/${name}`);

describe('hostile XTCE input', () => {
  it('reports malformed XML at its file and line', () => {
    expect(errorsOf('malformed.xml')).toEqual([
      'hostile/malformed.xml:6: malformed XML: unexpected close tag',
    ]);
  });

  it.each(['xxe-file.xml', 'xxe-url.xml', 'xxe-parameter-entity.xml'])(
    'refuses external entities (%s) without reading what they name',
    (name) => {
      const problems = errorsOf(name);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(
        new RegExp(`^hostile/${name.replace('.', '\\.')}:\\d+: the document declares entities`),
      );
      expect(problems[0]).not.toContain('root:');
    },
  );

  it('refuses an entity expansion bomb before expanding anything', () => {
    const started = performance.now();
    expect(errorsOf('billion-laughs.xml')).toEqual([
      'hostile/billion-laughs.xml:3: the document declares entities (<!ENTITY>); mission files may not declare any',
    ]);
    // Expanding it would take a gigabyte; refusing it is immediate (a generous bound, not a benchmark).
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('refuses a reference to an undeclared entity', () => {
    expect(errorsOf('undeclared-entity.xml')).toEqual([
      'hostile/undeclared-entity.xml:4: malformed XML: undefined entity',
    ]);
  });

  it('refuses a file over the size limit without parsing it', () => {
    const big = `<SpaceSystem name="Big">${' '.repeat(2000)}</SpaceSystem>`;
    const result = parseXml(big, 'big.xml', { maxBytes: 1000, maxDepth: 64, maxElements: 100 });
    expect(result).toEqual({
      ok: false,
      problem: {
        severity: 'error',
        file: 'big.xml',
        line: 1,
        message: 'the file is larger than the limit of 1000 bytes',
      },
    });
  });

  it('bounds nesting depth and element count', () => {
    const deep = '<a>'.repeat(100) + '</a>'.repeat(100);
    expect(parseXml(deep, 'deep.xml').ok).toBe(false);
    const many = `<a>\n${'<b/>'.repeat(50)}</a>`;
    const result = parseXml(many, 'many.xml', { maxBytes: 10_000, maxDepth: 8, maxElements: 10 });
    expect(!result.ok && result.problem.message).toBe('more than 10 elements');
  });

  it('names both places of a duplicate name', () => {
    expect(errorsOf('duplicate-names.xml')).toEqual([
      'hostile/duplicate-names.xml:6: parameter type "U8" is declared twice in /Dup (first at line 5)',
      'hostile/duplicate-names.xml:10: parameter "voltage" is declared twice in /Dup (first at line 9)',
    ]);
  });

  it('reports types and containers that refer to themselves, and still returns', () => {
    const problems = errorsOf('self-referential.xml');
    expect(problems).toContain(
      'hostile/self-referential.xml:5: parameter type "A" refers to itself through baseType (A → B → A)',
    );
    expect(problems).toContain(
      'hostile/self-referential.xml:7: parameter type "Me" refers to itself through baseType (Me → Me)',
    );
    expect(problems).toContain(
      'hostile/self-referential.xml:13: container "Ouroboros" contains or inherits from itself (Ouroboros → Ouroboros)',
    );
  });

  it('names every construct it does not read as unsupported, with file and line', () => {
    expect(errorsOf('unsupported.xml')).toEqual([
      'unsupported: AlgorithmSet at hostile/unsupported.xml:17',
      'unsupported: ArrayParameterType at hostile/unsupported.xml:5',
      'unsupported: byteOrder leastSignificantByteFirst at hostile/unsupported.xml:6',
      'unsupported: FloatDataEncoding MILSTD_1750A at hostile/unsupported.xml:7',
      'unsupported: BooleanExpression at hostile/unsupported.xml:13',
      'hostile/unsupported.xml:6: parameter type "Le" has no data encoding',
      'hostile/unsupported.xml:7: parameter type "Mil" has no data encoding',
      'hostile/unsupported.xml:12: "P2" names no container (unknown container reference)',
    ]);
  });

  it('reports unknown type and parameter references', () => {
    expect(errorsOf('unknown-reference.xml')).toEqual([
      'hostile/unknown-reference.xml:5: "NoSuchType" names no parameter type (unknown parameter type reference)',
      'hostile/unknown-reference.xml:9: "/Lost/missing" names no parameter (unknown parameter reference)',
    ]);
  });

  it('refuses a document whose root is not a SpaceSystem', () => {
    const result = loadXtce('<Parameter name="x"/>', 'odd.xml');
    expect(result.database).toBeUndefined();
    expect(result.problems[0]!.message).toContain('an XTCE file starts with a SpaceSystem');
  });

  it('keeps the fixtures hostile: the XXE fixture names a file that exists', () => {
    expect(fs.readFileSync(fixturePath('hostile/xxe-file.xml'), 'utf8')).toContain('file:///etc/passwd');
  });
});
