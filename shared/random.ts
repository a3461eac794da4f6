// Seeded pseudo-random numbers, so a simulated day (noise, bit errors, start states) or a generated mission
// can be replayed exactly.

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Normally distributed, mean 0, standard deviation 1. */
  gaussian(): number;
}

/** mulberry32: a tiny, fast 32-bit generator; statistical quality is ample for noise and bit errors. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    gaussian: () => {
      // Box–Muller; 1 − u keeps the logarithm finite.
      const u = 1 - next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
  };
}

/** A stable 32-bit seed from a string (FNV-1a), to give each spacecraft and station its own stream. */
export function seedOf(text: string, base = 0): number {
  let hash = (0x811c9dc5 ^ base) >>> 0;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}
