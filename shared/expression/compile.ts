// An AST to a tree of closures over a values array: the pure interpreter of derived parameters. Names are
// resolved to array positions once, when the mission loads, so evaluating is a walk of small functions with no
// lookup by name and no allocation. Any step whose result is not a finite number (division by zero, the square
// root of a negative, an overflow) makes the whole value NaN, which the ingest takes for "no sample".
import { FUNCTIONS } from './functions';
import * as range from './interval';
import type { Interval } from './interval';
import type { BinaryOperator, ExpressionError, Expr } from './parser';

export type Evaluate = (values: ArrayLike<number>) => number;

const finite = (x: number): number => (Number.isFinite(x) ? x : NaN);
/** A comparison is 1 or 0, and NaN when either side is: no sample stays no sample. */
const truth = (x: number, y: number, holds: boolean): number =>
  Number.isNaN(x) || Number.isNaN(y) ? NaN : holds ? 1 : 0;

const BINARY: Record<BinaryOperator, (x: number, y: number) => number> = {
  '+': (x, y) => finite(x + y),
  '-': (x, y) => finite(x - y),
  '*': (x, y) => finite(x * y),
  '/': (x, y) => (y === 0 ? NaN : finite(x / y)),
  '^': (x, y) => finite(x ** y),
  '<': (x, y) => truth(x, y, x < y),
  '<=': (x, y) => truth(x, y, x <= y),
  '>': (x, y) => truth(x, y, x > y),
  '>=': (x, y) => truth(x, y, x >= y),
  '==': (x, y) => truth(x, y, x === y),
  '!=': (x, y) => truth(x, y, x !== y),
};

const RANGE: Record<BinaryOperator, (a: Interval, b: Interval) => Interval> = {
  '+': range.add,
  '-': range.subtract,
  '*': range.multiply,
  '/': range.divide,
  '^': range.power,
  '<': () => ({ min: 0, max: 1 }),
  '<=': () => ({ min: 0, max: 1 }),
  '>': () => ({ min: 0, max: 1 }),
  '>=': () => ({ min: 0, max: 1 }),
  '==': () => ({ min: 0, max: 1 }),
  '!=': () => ({ min: 0, max: 1 }),
};

/**
 * Calls of unknown functions, calls with the wrong number of arguments, and names `known` does not know, in
 * the order they appear.
 */
export function checkExpression(expr: Expr, known: (name: string) => boolean): ExpressionError[] {
  const errors: ExpressionError[] = [];
  const visit = (e: Expr): void => {
    switch (e.kind) {
      case 'number':
        return;
      case 'name':
        if (!known(e.name)) errors.push({ column: e.column, message: `unknown parameter ${e.name}` });
        return;
      case 'negate':
        return visit(e.operand);
      case 'binary':
        visit(e.left);
        return visit(e.right);
      case 'call': {
        const fn = FUNCTIONS.get(e.name);
        if (!fn) {
          errors.push({
            column: e.column,
            message: `unknown function ${e.name}; the functions are ${[...FUNCTIONS.keys()].join(', ')}`,
          });
        } else if (e.args.length < fn.minArgs || e.args.length > fn.maxArgs) {
          const wanted = fn.minArgs === fn.maxArgs ? `${fn.minArgs}` : `${fn.minArgs} to ${fn.maxArgs}`;
          errors.push({
            column: e.column,
            message: `${e.name} takes ${wanted} argument${fn.maxArgs === 1 ? '' : 's'} (${fn.usage}), not ${e.args.length}`,
          });
        }
        return e.args.forEach(visit);
      }
    }
  };
  visit(expr);
  return errors;
}

/** Closures for an expression that passed checkExpression; `slot` gives each name's place in the values. */
export function compileExpression(expr: Expr, slot: (name: string) => number): Evaluate {
  switch (expr.kind) {
    case 'number': {
      const value = expr.value;
      return () => value;
    }
    case 'name': {
      const at = slot(expr.name);
      return (values) => {
        const value = values[at];
        return value === undefined ? NaN : finite(value);
      };
    }
    case 'negate': {
      const operand = compileExpression(expr.operand, slot);
      return (values) => -operand(values);
    }
    case 'binary': {
      const left = compileExpression(expr.left, slot);
      const right = compileExpression(expr.right, slot);
      const apply = BINARY[expr.operator];
      return (values) => apply(left(values), right(values));
    }
    case 'call': {
      const args = expr.args.map((a) => compileExpression(a, slot));
      if (expr.name === 'if') {
        const [condition, then, otherwise] = args as [Evaluate, Evaluate, Evaluate];
        return (values) => {
          const c = condition(values);
          return Number.isNaN(c) ? NaN : c !== 0 ? then(values) : otherwise(values);
        };
      }
      const fn = FUNCTIONS.get(expr.name)!;
      // One arguments array per call site, refilled on every evaluation: evaluating allocates nothing, and no
      // function keeps its arguments.
      const inputs = args.map(() => 0);
      return (values) => {
        for (let i = 0; i < args.length; i++) {
          const input = args[i]!(values);
          if (Number.isNaN(input)) return NaN;
          inputs[i] = input;
        }
        return finite(fn.apply(inputs));
      };
    }
  }
}

/** The range an expression that passed checkExpression can take, from the ranges of the names it reads. */
export function rangeOfExpression(expr: Expr, rangeOf: (name: string) => Interval): Interval {
  switch (expr.kind) {
    case 'number':
      return { min: expr.value, max: expr.value };
    case 'name':
      return rangeOf(expr.name);
    case 'negate':
      return range.negate(rangeOfExpression(expr.operand, rangeOf));
    case 'binary':
      return RANGE[expr.operator](
        rangeOfExpression(expr.left, rangeOf),
        rangeOfExpression(expr.right, rangeOf),
      );
    case 'call': {
      const result = FUNCTIONS.get(expr.name)!.range(expr.args.map((a) => rangeOfExpression(a, rangeOf)));
      return range.interval(result.min, result.max);
    }
  }
}
