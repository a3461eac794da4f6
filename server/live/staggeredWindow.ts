// Windows that roll over at a moment of their own per id: a fleet of spacecraft, or thirty stations, refreshed
// every interval would otherwise all go out in the same tick (a burst of every summary to every dashboard).

/**
 * Where in the interval an id's windows roll over: stable per id, spread over a fleet. Ids of a fleet differ
 * in a character or two (`ortaq-kz-01`, `ortaq-kz-02`): a plain string hash keeps those within a few hundred
 * of each other out of 2³², so a hundred spacecraft would roll over in the same tick. FNV-1a and MurmurHash3's
 * finaliser move every output bit with every input bit.
 */
function phaseOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  }
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return ((hash ^ (hash >>> 16)) >>> 0) / 2 ** 32;
}

/** The number of `id`'s window of `intervalMs` that holds `ms`; it changes once per interval, per id. */
export const staggeredWindow = (id: string, ms: number, intervalMs: number): number =>
  Math.floor(ms / intervalMs + phaseOf(id));
