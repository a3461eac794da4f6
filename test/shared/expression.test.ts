// The expression language of derived parameters: what it reads, what it computes, and what it refuses —
// including input written to hurt (deep nesting, huge numbers, huge texts, names of Object's own members).
import { describe, expect, it } from 'vitest';
import {
  checkExpression,
  compileExpression,
  MAX_EXPRESSION_CHARS,
  MAX_EXPRESSION_DEPTH,
  MAX_EXPRESSION_NODES,
  namesIn,
  parseExpression,
  rangeOfExpression,
  UNBOUNDED,
  type Interval,
} from '../../shared/expression';

/** Evaluates with names a, b, c (or any name given) bound to values. */
function evaluate(text: string, values: Record<string, number> = {}): number {
  const parsed = parseExpression(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.error.message} at ${parsed.error.column}`);
  const names = Object.keys(values);
  const errors = checkExpression(parsed.expr, (n) => names.includes(n));
  if (errors.length > 0) throw new Error(errors.map((e) => e.message).join('; '));
  return compileExpression(parsed.expr, (n) => names.indexOf(n))(Object.values(values));
}

function refusal(text: string) {
  const parsed = parseExpression(text);
  if (parsed.ok) throw new Error(`${text} parsed`);
  return parsed.error;
}

function problems(text: string, known: string[] = []) {
  const parsed = parseExpression(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return checkExpression(parsed.expr, (n) => known.includes(n));
}

describe('parsing and evaluating expressions', () => {
  it('computes arithmetic with the precedence written on paper', () => {
    expect(evaluate('1 + 2 * 3')).toBe(7);
    expect(evaluate('(1 + 2) * 3')).toBe(9);
    expect(evaluate('10 - 4 - 3')).toBe(3);
    expect(evaluate('2 ^ 3 ^ 2')).toBe(512);
    expect(evaluate('2 ** 10')).toBe(1024);
    expect(evaluate('-2 ^ 2')).toBe(-4);
    expect(evaluate('(-2) ^ 2')).toBe(4);
    expect(evaluate('- -3 + +2')).toBe(5);
    expect(evaluate('7 / 2')).toBe(3.5);
    expect(evaluate('.5 + 1.5e2 + 2E-1')).toBe(150.7);
  });

  it('reads parameters by their mission ids, dots included', () => {
    const values = { 'eps.batt_voltage': 30, 'eps.batt_current': -2.5 };
    expect(evaluate('eps.batt_voltage * eps.batt_current', values)).toBe(-75);
    const parsed = parseExpression('eps.a * eps.b + eps.a');
    expect(parsed.ok && namesIn(parsed.expr)).toEqual([
      { name: 'eps.a', column: 1 },
      { name: 'eps.b', column: 9 },
    ]);
  });

  it('has the functions engineers need, and comparisons that give 1 or 0', () => {
    expect(evaluate('abs(-3) + sqrt(16) + min(4, 2, 9) + max(1, 5)')).toBe(14);
    expect(evaluate('clamp(120, 0, 100)')).toBe(100);
    expect(evaluate('clamp(-5, 0, 100)')).toBe(0);
    expect(evaluate('hypot(3, 4)')).toBe(5);
    expect(evaluate('round(2.5) + floor(1.9) + ceil(1.1)')).toBe(6);
    expect(evaluate('3 > 2')).toBe(1);
    expect(evaluate('3 <= 2')).toBe(0);
    expect(evaluate('2 == 2') + evaluate('2 != 2')).toBe(1);
    expect(evaluate('if(a > 0, a, 0)', { a: -4 })).toBe(0);
    expect(evaluate('if(a > 0, a, 0)', { a: 4 })).toBe(4);
  });

  it('gives no sample (NaN) for anything that is not a finite number, however it is used later', () => {
    expect(evaluate('1 / 0')).toBeNaN();
    expect(evaluate('a / b', { a: 1, b: 0 })).toBeNaN();
    expect(evaluate('min(1 / 0, 3)')).toBeNaN();
    expect(evaluate('sqrt(-1)')).toBeNaN();
    expect(evaluate('ln(0)')).toBeNaN();
    expect(evaluate('10 ^ 400')).toBeNaN();
    expect(evaluate('(10 ^ 400) > 1')).toBeNaN();
    expect(evaluate('if(1 / 0, 1, 2)')).toBeNaN();
    expect(evaluate('a * 2', { a: NaN })).toBeNaN();
    expect(evaluate('a * 0', { a: Infinity })).toBeNaN();
    // if() evaluates only the branch it takes: a division by zero on the other side costs nothing.
    expect(evaluate('if(b == 0, 0, a / b)', { a: 1, b: 0 })).toBe(0);
  });

  it('refuses text it does not read, with the column where it went wrong', () => {
    expect(refusal('eps.batt_voltage * ')).toEqual({
      column: 20,
      message: 'expected a number, a parameter or "(", found the end of the expression',
    });
    expect(refusal('(a + b')).toEqual({
      column: 7,
      message: 'expected ")" to close the "(" at column 1, found the end of the expression',
    });
    expect(refusal('a b')).toEqual({ column: 3, message: 'expected an operator, found "b"' });
    expect(refusal('a $ b')).toEqual({ column: 3, message: '"$" is not part of the expression language' });
    expect(refusal('max(a,, b)').column).toBe(7);
    expect(refusal('a = b').message).toBe('"=" is not part of the expression language');
    expect(refusal('').message).toContain('found the end of the expression');
  });

  it('names unknown functions and parameters, and calls with the wrong number of arguments', () => {
    expect(problems('foo(1) + a', ['a'])).toEqual([
      {
        column: 1,
        message: expect.stringMatching(/^unknown function foo; the functions are abs, sqrt, .*clamp, if$/),
      },
    ]);
    expect(problems('clamp(a, 1) + b', ['a'])).toEqual([
      { column: 1, message: 'clamp takes 3 arguments (clamp(x, low, high)), not 2' },
      { column: 15, message: 'unknown parameter b' },
    ]);
    expect(problems('sqrt()')[0]?.message).toBe('sqrt takes 1 argument (sqrt(x), x ≥ 0), not 0');
  });
});

describe('hostile expressions', () => {
  it('refuses nesting deeper than the limit before the stack notices, whatever nests', () => {
    for (const text of [
      '('.repeat(100_000) + '1' + ')'.repeat(100_000),
      '-'.repeat(400) + '1',
      'abs('.repeat(200) + '1' + ')'.repeat(200),
      Array.from({ length: 200 }, () => '2').join('^'),
    ]) {
      const parsed = parseExpression(text.slice(0, MAX_EXPRESSION_CHARS));
      expect(parsed.ok).toBe(false);
    }
    const deep = '('.repeat(MAX_EXPRESSION_DEPTH + 1) + '1' + ')'.repeat(MAX_EXPRESSION_DEPTH + 1);
    expect(refusal(deep)).toEqual({
      column: MAX_EXPRESSION_DEPTH + 1,
      message: `the expression is nested more than ${MAX_EXPRESSION_DEPTH} levels deep`,
    });
    const fine = '('.repeat(MAX_EXPRESSION_DEPTH) + '1' + ')'.repeat(MAX_EXPRESSION_DEPTH);
    expect(evaluate(fine)).toBe(1);
  });

  it('refuses a 100 KB expression at once, and one with too many terms', () => {
    const huge = Array.from({ length: 30_000 }, () => '1').join('+');
    expect(huge.length).toBeGreaterThan(50_000);
    expect(refusal(huge.padEnd(100 * 1024, ' '))).toEqual({
      column: 1,
      message: `the expression is longer than ${MAX_EXPRESSION_CHARS} characters`,
    });
    const many = Array.from({ length: MAX_EXPRESSION_NODES }, () => '1').join('+');
    expect(many.length).toBeLessThanOrEqual(MAX_EXPRESSION_CHARS);
    expect(refusal(many).message).toBe(`the expression has more than ${MAX_EXPRESSION_NODES} terms`);
    // A long flat sum within the limits is fine: left-leaning chains never deepen the parser's stack.
    expect(evaluate(Array.from({ length: 100 }, () => '1').join('+'))).toBe(100);
  });

  it('refuses numbers too large for a double, and keeps huge results from becoming samples', () => {
    expect(refusal('1e400 * a')).toEqual({ column: 1, message: 'the number 1e400 is too large' });
    expect(refusal('9'.repeat(400)).message).toMatch(/too large$/);
    expect(evaluate('1e308 * 10')).toBeNaN();
    expect(evaluate('-1e308 - 1e308')).toBeNaN();
  });

  it('finds nothing inherited behind names like constructor or __proto__', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'prototype', 'valueOf']) {
      expect(problems(`${name}(1)`)[0]?.message).toMatch(new RegExp(`^unknown function ${name};`));
      expect(problems(`${name} + 1`)).toEqual([{ column: 1, message: `unknown parameter ${name}` }]);
    }
    expect(problems('a.constructor + b.__proto__.x')).toHaveLength(2);
  });

  it('never hands text to eval or Function: a would-be payload is just an unreadable expression', () => {
    for (const text of [
      'process.exit(1)',
      'globalThis.eval("1")',
      '`${1}`',
      "require('fs')",
      'a; b',
      'x => x',
    ]) {
      const parsed = parseExpression(text);
      const errors = parsed.ok ? checkExpression(parsed.expr, () => false) : [parsed.error];
      expect(errors.length).toBeGreaterThan(0);
    }
  });
});

describe('the range an expression can take', () => {
  const ranges: Record<string, Interval> = {
    v: { min: 0, max: 65.535 },
    i: { min: -32.768, max: 32.767 },
    soc: { min: 0, max: 655.35 },
  };
  const rangeOf = (text: string) => {
    const parsed = parseExpression(text);
    if (!parsed.ok) throw new Error(parsed.error.message);
    return rangeOfExpression(parsed.expr, (n) => ranges[n] ?? UNBOUNDED);
  };

  it('follows the inputs through the arithmetic and the functions', () => {
    const power = rangeOf('v * i');
    expect(power.min).toBeCloseTo(-2147.45, 1);
    expect(power.max).toBeCloseTo(2147.38, 1);
    expect(rangeOf('100 - soc')).toEqual({ min: 100 - 655.35, max: 100 });
    expect(rangeOf('clamp(100 - soc, 0, 100)')).toEqual({ min: 0, max: 100 });
    expect(rangeOf('abs(i)')).toEqual({ min: 0, max: 32.768 });
    expect(rangeOf('v > 3')).toEqual({ min: 0, max: 1 });
    expect(rangeOf('sqrt(v)').max).toBeCloseTo(Math.sqrt(65.535));
  });

  it('says "unbounded" where it cannot be sure, never a range too narrow', () => {
    expect(rangeOf('v / i')).toEqual(UNBOUNDED);
    expect(rangeOf('i ^ 2')).toEqual(UNBOUNDED);
    expect(rangeOf('unknown * 2')).toEqual(UNBOUNDED);
    expect(rangeOf('sin(v)')).toEqual(UNBOUNDED);
  });
});
