// The expression language of derived parameters: a tokenizer and a precedence-climbing (Pratt) parser into
// an AST. It never throws and never hands text to eval or Function: a mission file is input, and input is
// data. Every dimension is bounded (length, nesting, nodes, a number's size) so a hostile expression costs a
// short, flat amount of work and is refused with the column where it went wrong.

/** An expression is one line of a mission file; a thousand characters is a mistake or an attack. */
export const MAX_EXPRESSION_CHARS = 1000;
/** Parentheses, calls and unary signs nested deeper than this are refused before the stack notices. */
export const MAX_EXPRESSION_DEPTH = 32;
/** Numbers, names, operators and calls in one expression. */
export const MAX_EXPRESSION_NODES = 256;

export type BinaryOperator = '+' | '-' | '*' | '/' | '^' | '<' | '<=' | '>' | '>=' | '==' | '!=';

/** `column` is 1-based, where the node starts in the expression text. */
export type Expr =
  | { kind: 'number'; value: number; column: number }
  | { kind: 'name'; name: string; column: number }
  | { kind: 'negate'; operand: Expr; column: number }
  | { kind: 'binary'; operator: BinaryOperator; left: Expr; right: Expr; column: number }
  | { kind: 'call'; name: string; args: Expr[]; column: number };

export interface ExpressionError {
  column: number;
  message: string;
}

export type ParseResult = { ok: true; expr: Expr } | { ok: false; error: ExpressionError };

type Token =
  | { kind: 'number'; value: number; column: number; text: string }
  | { kind: 'name'; text: string; column: number }
  | { kind: 'op'; text: string; column: number }
  | { kind: 'end'; text: string; column: number };

/** A parameter id as the mission names it: `eps.batt_voltage` (segments of letters, digits and _). */
const NAME = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/y;
const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const OPERATORS = ['<=', '>=', '==', '!=', '**', '+', '-', '*', '/', '^', '<', '>', '(', ')', ','];

/** Raised inside the parser only; parseExpression turns it into a result. */
class Refusal {
  constructor(readonly error: ExpressionError) {}
}

function refuse(column: number, message: string): never {
  throw new Refusal({ column, message });
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    const column = i + 1;
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(text);
    if (number) {
      const value = Number(number[0]);
      if (!Number.isFinite(value)) refuse(column, `the number ${number[0]} is too large`);
      tokens.push({ kind: 'number', value, column, text: number[0] });
      i += number[0].length;
      continue;
    }
    NAME.lastIndex = i;
    const name = NAME.exec(text);
    if (name) {
      tokens.push({ kind: 'name', text: name[0], column });
      i += name[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) refuse(column, `"${c}" is not part of the expression language`);
    // `**` is the same power as `^`, for those who write Python or Fortran.
    tokens.push({ kind: 'op', text: op === '**' ? '^' : op, column });
    i += op.length;
  }
  tokens.push({ kind: 'end', text: 'the end', column: text.length + 1 });
  return tokens;
}

/** Binding power of each infix operator (higher binds tighter) and whether it groups to the right. */
const INFIX: Readonly<Record<string, { power: number; right?: boolean }>> = {
  '==': { power: 1 },
  '!=': { power: 1 },
  '<': { power: 2 },
  '<=': { power: 2 },
  '>': { power: 2 },
  '>=': { power: 2 },
  '+': { power: 3 },
  '-': { power: 3 },
  '*': { power: 4 },
  '/': { power: 4 },
  // Unary minus (power 5) binds looser than ^, so -2^2 is -4 as written on paper; 2^3^2 is 2^9.
  '^': { power: 6, right: true },
};
const NEGATE_POWER = 5;

class Parser {
  private at = 0;
  private nodes = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.at]!;
  }

  private next(): Token {
    return this.tokens[this.at++]!;
  }

  private count(column: number): void {
    if (++this.nodes > MAX_EXPRESSION_NODES)
      refuse(column, `the expression has more than ${MAX_EXPRESSION_NODES} terms`);
  }

  private enter(column: number): void {
    if (++this.depth > MAX_EXPRESSION_DEPTH)
      refuse(column, `the expression is nested more than ${MAX_EXPRESSION_DEPTH} levels deep`);
  }

  private expect(text: string, context: string): Token {
    const token = this.next();
    if (token.kind !== 'op' || token.text !== text)
      refuse(token.column, `expected "${text}" ${context}, found ${describe(token)}`);
    return token;
  }

  parse(): Expr {
    const expr = this.expression(0);
    const rest = this.peek();
    if (rest.kind !== 'end') refuse(rest.column, `expected an operator, found ${describe(rest)}`);
    return expr;
  }

  private expression(minPower: number): Expr {
    let left = this.prefix();
    for (;;) {
      const token = this.peek();
      const infix = token.kind === 'op' ? INFIX[token.text] : undefined;
      if (!infix || !Object.hasOwn(INFIX, token.text) || infix.power <= minPower) return left;
      this.next();
      this.count(token.column);
      this.enter(token.column);
      const right = this.expression(infix.right ? infix.power - 1 : infix.power);
      this.depth--;
      left = { kind: 'binary', operator: token.text as BinaryOperator, left, right, column: token.column };
    }
  }

  private prefix(): Expr {
    const token = this.next();
    this.count(token.column);
    if (token.kind === 'number') return { kind: 'number', value: token.value, column: token.column };
    if (token.kind === 'name') {
      if (this.peek().kind === 'op' && this.peek().text === '(') return this.call(token);
      return { kind: 'name', name: token.text, column: token.column };
    }
    if (token.kind === 'op' && (token.text === '-' || token.text === '+')) {
      this.enter(token.column);
      const operand = this.expression(NEGATE_POWER);
      this.depth--;
      return token.text === '+' ? operand : { kind: 'negate', operand, column: token.column };
    }
    if (token.kind === 'op' && token.text === '(') {
      this.enter(token.column);
      const inner = this.expression(0);
      this.expect(')', `to close the "(" at column ${token.column}`);
      this.depth--;
      return inner;
    }
    return refuse(token.column, `expected a number, a parameter or "(", found ${describe(token)}`);
  }

  private call(name: Token): Expr {
    const open = this.next();
    this.enter(open.column);
    const args: Expr[] = [];
    if (!(this.peek().kind === 'op' && this.peek().text === ')')) {
      for (;;) {
        args.push(this.expression(0));
        if (this.peek().kind === 'op' && this.peek().text === ',') {
          this.next();
          continue;
        }
        break;
      }
    }
    this.expect(')', `to close the call of ${name.text} at column ${name.column}`);
    this.depth--;
    return { kind: 'call', name: name.text, args, column: name.column };
  }
}

function describe(token: Token): string {
  if (token.kind === 'end') return 'the end of the expression';
  return `"${token.text}"`;
}

/** Parses an expression; never throws. */
export function parseExpression(text: string): ParseResult {
  if (text.length > MAX_EXPRESSION_CHARS) {
    return {
      ok: false,
      error: { column: 1, message: `the expression is longer than ${MAX_EXPRESSION_CHARS} characters` },
    };
  }
  try {
    return { ok: true, expr: new Parser(tokenize(text)).parse() };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, error: error.error };
    throw error;
  }
}

/** Every parameter name an expression reads, in the order they first appear. */
export function namesIn(expr: Expr): { name: string; column: number }[] {
  const found = new Map<string, number>();
  const visit = (e: Expr): void => {
    if (e.kind === 'name') {
      if (!found.has(e.name)) found.set(e.name, e.column);
    } else if (e.kind === 'negate') visit(e.operand);
    else if (e.kind === 'binary') {
      visit(e.left);
      visit(e.right);
    } else if (e.kind === 'call') e.args.forEach(visit);
  };
  visit(expr);
  return [...found].map(([name, column]) => ({ name, column }));
}
