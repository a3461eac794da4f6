import fs from 'node:fs';
import path from 'node:path';
import { formatProblem, hasErrors, loadXtce, PacketDecoder, type XtceDatabase } from '../../shared/xtce';

export const XTCE_FIXTURES = path.resolve(import.meta.dirname, '../fixtures/xtce');

export function fixturePath(name: string): string {
  return path.join(XTCE_FIXTURES, name);
}

/** Loads a fixture that must load cleanly; its problems are in the error otherwise. */
export function loadFixture(name: string): XtceDatabase {
  const file = fixturePath(name);
  const result = loadXtce(fs.readFileSync(file, 'utf8'), name);
  if (!result.database || hasErrors(result.problems)) {
    throw new Error(`fixture ${name} did not load:\n${result.problems.map(formatProblem).join('\n')}`);
  }
  return result.database;
}

/** Problems of a fixture, formatted as the check prints them. */
export function fixtureProblems(name: string): string[] {
  const result = loadXtce(fs.readFileSync(fixturePath(name), 'utf8'), name);
  return result.problems.map(formatProblem);
}

export function decoderFor(database: XtceDatabase, container: string): PacketDecoder {
  const root = database.containerByName.get(container);
  if (!root) throw new Error(`no container ${container}`);
  return new PacketDecoder(root, database.parameters.length);
}

/** Writes fields of any bit width, most significant bit first, to build packets by hand. */
export class BitWriter {
  private readonly bits: number[] = [];

  /** An unsigned value (up to 53 bits exact) in `width` bits. */
  uint(value: number, width: number): this {
    for (let i = width - 1; i >= 0; i--) this.bits.push(Math.floor(value / 2 ** i) % 2);
    return this;
  }

  /** A signed value in two's complement. */
  int(value: number, width: number): this {
    return this.uint(value < 0 ? 2 ** width + value : value, width);
  }

  float32(value: number): this {
    const view = new DataView(new ArrayBuffer(4));
    view.setFloat32(0, value);
    return this.uint(view.getUint32(0), 32);
  }

  float64(value: number): this {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, value);
    return this.uint(view.getUint32(0), 32).uint(view.getUint32(4), 32);
  }

  ascii(text: string, bytes: number): this {
    for (let i = 0; i < bytes; i++) this.uint(i < text.length ? text.charCodeAt(i) : 0, 8);
    return this;
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(Math.ceil(this.bits.length / 8));
    this.bits.forEach((bit, i) => {
      if (bit) out[i >> 3]! |= 0x80 >> (i & 7);
    });
    return out;
  }
}

/** Engineering values of a decoded packet by parameter name. */
export function engByName(result: ReturnType<PacketDecoder['decode']>): Record<string, number | string> {
  if (!result.ok) throw new Error(`packet rejected: ${result.error}`);
  return Object.fromEntries(result.packet.parameters.map((p, i) => [p.name, result.packet.eng[i]!]));
}

export function rawByName(result: ReturnType<PacketDecoder['decode']>): Record<string, number | string> {
  if (!result.ok) throw new Error(`packet rejected: ${result.error}`);
  return Object.fromEntries(result.packet.parameters.map((p, i) => [p.name, result.packet.raw[i]!]));
}
