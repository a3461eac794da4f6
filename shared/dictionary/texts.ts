// The values of string parameters. Every path a sample takes (decode, archive rollups skipped, limit
// judgement, current values, the cluster relay, catch-up, restore) carries values as plain numbers, so a
// string travels as its text's code: a 53-bit hash, the same on every node and after every restart without
// any coordination. The text itself is kept beside the code in a book that every decoder fills as it reads,
// so whoever holds a code learnt it from the text moments before; what leaves the process (a live sample, a
// current value, a history point, a relayed sample) carries the text itself, never only the code.

/** Distinct texts the book holds; past this the least recently read goes (a text read again is relearnt). */
export const MAX_BOOK_TEXTS = 65_536;

/**
 * The code of a text: two 32-bit FNV-1a hashes of its UTF-16 units (different offsets and primes) give 53
 * bits, so distinct texts share a code with odds of about one in 10^15 per pair. Never NaN (no sample).
 */
export function textCode(text: string): number {
  let low = 0x811c9dc5;
  let high = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    low = Math.imul(low ^ unit, 0x01000193) >>> 0;
    high = Math.imul(high ^ unit, 0x0100_01b3) >>> 0;
  }
  return (high & 0x1f_ffff) * 0x1_0000_0000 + low;
}

/** Texts by code, bounded; a lookup is a reverse of textCode for a text this process has read. */
export class TextBook {
  private readonly byCode = new Map<number, string>();

  constructor(private readonly capacity = MAX_BOOK_TEXTS) {}

  /** The text's code, remembering the text (as the most recently read). */
  learn(text: string): number {
    const code = textCode(text);
    // Deleted and set again: a Map iterates in insertion order, so the first key is the least recently read.
    if (this.byCode.delete(code) === false && this.byCode.size >= this.capacity) {
      this.byCode.delete(this.byCode.keys().next().value!);
    }
    this.byCode.set(code, text);
    return code;
  }

  textOf(code: number): string | undefined {
    return this.byCode.get(code);
  }

  get size(): number {
    return this.byCode.size;
  }
}

/**
 * The process's book. One for the process, not one per mission or archive: a code names the same text
 * whoever computed it, so sharing it can never confuse two missions, and a text learnt by the decoder is
 * there for the processor, the relay and the history that look it up.
 */
export const TEXTS = new TextBook();
