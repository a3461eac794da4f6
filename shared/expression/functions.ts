// The functions an expression may call, each with its arity and its range rule. A Map, not an object: a name
// read from a mission file ("constructor", "__proto__") must find nothing rather than something inherited.
import type { Interval } from './interval';
import { UNBOUNDED, hull, monotone } from './interval';

export interface FunctionDef {
  minArgs: number;
  maxArgs: number;
  /** Applied to finite arguments; a non-finite result means no sample. */
  apply: (args: readonly number[]) => number;
  /** The range of the result given the ranges of the arguments (UNBOUNDED when not known). */
  range: (args: readonly Interval[]) => Interval;
  /** One line for the documentation and the check's "known functions" hint. */
  usage: string;
}

const one = (f: (x: number) => number, usage: string, increasing = true): FunctionDef => ({
  minArgs: 1,
  maxArgs: 1,
  apply: (a) => f(a[0]!),
  range: (a) => (increasing ? monotone(a[0]!, f) : UNBOUNDED),
  usage,
});

export const FUNCTIONS: ReadonlyMap<string, FunctionDef> = new Map<string, FunctionDef>([
  [
    'abs',
    {
      minArgs: 1,
      maxArgs: 1,
      apply: (a) => Math.abs(a[0]!),
      range: ([x]) =>
        x!.min >= 0
          ? x!
          : x!.max <= 0
            ? { min: -x!.max, max: -x!.min }
            : { min: 0, max: Math.max(-x!.min, x!.max) },
      usage: 'abs(x)',
    },
  ],
  ['sqrt', one(Math.sqrt, 'sqrt(x), x ≥ 0')],
  ['exp', one(Math.exp, 'exp(x)')],
  ['ln', one(Math.log, 'ln(x), x > 0')],
  ['log10', one(Math.log10, 'log10(x), x > 0')],
  ['floor', one(Math.floor, 'floor(x)')],
  ['ceil', one(Math.ceil, 'ceil(x)')],
  ['round', one(Math.round, 'round(x)')],
  ['sin', one(Math.sin, 'sin(x), x in radians', false)],
  ['cos', one(Math.cos, 'cos(x), x in radians', false)],
  [
    'atan2',
    {
      minArgs: 2,
      maxArgs: 2,
      apply: (a) => Math.atan2(a[0]!, a[1]!),
      range: () => ({ min: -Math.PI, max: Math.PI }),
      usage: 'atan2(y, x)',
    },
  ],
  [
    'hypot',
    {
      minArgs: 1,
      maxArgs: 8,
      apply: (a) => Math.hypot(...a),
      range: () => ({ min: 0, max: Infinity }),
      usage: 'hypot(x, y, …)',
    },
  ],
  [
    'min',
    {
      minArgs: 1,
      maxArgs: 16,
      apply: (a) => Math.min(...a),
      range: (a) => ({ min: Math.min(...a.map((i) => i.min)), max: Math.min(...a.map((i) => i.max)) }),
      usage: 'min(a, b, …)',
    },
  ],
  [
    'max',
    {
      minArgs: 1,
      maxArgs: 16,
      apply: (a) => Math.max(...a),
      range: (a) => ({ min: Math.max(...a.map((i) => i.min)), max: Math.max(...a.map((i) => i.max)) }),
      usage: 'max(a, b, …)',
    },
  ],
  [
    'clamp',
    {
      minArgs: 3,
      maxArgs: 3,
      apply: (a) => Math.min(Math.max(a[0]!, a[1]!), a[2]!),
      range: ([x, low, high]) => ({
        min: Math.min(Math.max(x!.min, low!.min), high!.min),
        max: Math.min(Math.max(x!.max, low!.max), high!.max),
      }),
      usage: 'clamp(x, low, high)',
    },
  ],
  [
    'if',
    {
      // Evaluated lazily by the compiler (only the branch taken); apply serves the range-free fallback.
      minArgs: 3,
      maxArgs: 3,
      apply: ([condition, then, otherwise]) => (condition !== 0 ? then! : otherwise!),
      range: ([, then, otherwise]) => hull(then!, otherwise!),
      usage: 'if(condition, then, else): else when the condition is 0',
    },
  ],
]);
