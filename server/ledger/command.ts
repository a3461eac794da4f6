// `npm run ledger -- …` as a function of its arguments and an open archive, so tests run exactly what the
// command line runs. Exit codes: 0 verified, 1 problems found, 2 usage or unreadable input.
import fs from 'node:fs';
import type { KeyObject } from 'node:crypto';
import type { Dictionary, PartnerId } from '../../shared/dictionary';
import { LedgerBook, ownersOf, type LedgerArchive } from './book';
import { dayStartMs, monthDays } from './days';
import { publicKeyFromPem, type LedgerSigner } from './signer';
import { orderPair, signStatement, statementBody } from './statements';
import { verifyLedger, verifyStatement } from './verify';

export const USAGE = `usage: npm run ledger -- verify [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--key PUBLIC.pem] [statement.json]
       npm run ledger -- close
       npm run ledger -- key
       npm run ledger -- statement --month YYYY-MM --partners KZ,TR`;

export interface LedgerCommandContext {
  archive: LedgerArchive;
  dictionary: Dictionary;
  /** The deployment's key (its private half signs statements; `verify` needs only the public half). */
  signer: () => LedgerSigner;
  nowMs: number;
  out(line: string): void;
  err(line: string): void;
}

interface Options {
  positional: string[];
  flags: Map<string, string>;
}

function parseArgs(argv: readonly string[]): Options | null {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const value = argv[++i];
    if (value === undefined || !['--from', '--to', '--key', '--month', '--partners'].includes(arg))
      return null;
    flags.set(arg.slice(2), value);
  }
  return { positional, flags };
}

export async function runLedgerCommand(argv: readonly string[], ctx: LedgerCommandContext): Promise<number> {
  const options = parseArgs(argv);
  const [command, ...rest] = options?.positional ?? [];
  if (!options) return usage(ctx);
  switch (command) {
    case 'verify':
      return rest.length <= 1 ? verify(ctx, options.flags, rest[0]) : usage(ctx);
    case 'close': {
      const closed = await new LedgerBook(ctx.archive, ownersOf(ctx.dictionary)).closeDays(ctx.nowMs);
      ctx.out(closed.length ? `closed ${closed.join(', ')}` : 'no day to close');
      return 0;
    }
    case 'key':
      ctx.out(ctx.signer().publicKey.publicKeyPem.trimEnd());
      return 0;
    case 'statement':
      return statement(ctx, options.flags);
    default:
      return usage(ctx);
  }
}

function usage(ctx: LedgerCommandContext): number {
  ctx.err(USAGE);
  return 2;
}

async function verify(ctx: LedgerCommandContext, flags: Map<string, string>, file: string | undefined) {
  const fromDay = flags.get('from');
  const toDay = flags.get('to');
  for (const day of [fromDay, toDay]) {
    if (day !== undefined && Number.isNaN(dayStartMs(day))) {
      ctx.err(`not a day: ${day} (YYYY-MM-DD)`);
      return 2;
    }
  }
  const report = await verifyLedger(ctx.archive, ownersOf(ctx.dictionary), { fromDay, toDay });
  const problems = [...report.problems];
  if (file !== undefined) {
    const input = readStatement(ctx, file);
    if (input === undefined) return 2;
    const key = publicKeyOf(ctx, flags.get('key'));
    if (!key) return 2;
    problems.push(...(await verifyStatement(ctx.archive, key, input)));
  }
  for (const p of problems) ctx.out(`FAIL ${p.day ?? '-'} ${p.pair ?? '-'}: ${p.message}`);
  const what = `${report.daysChecked} day(s)${file ? ' and the statement' : ''}`;
  ctx.out(problems.length === 0 ? `ok: ${what} verified` : `${problems.length} problem(s) in ${what}`);
  return problems.length === 0 ? 0 : 1;
}

function readStatement(ctx: LedgerCommandContext, file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    ctx.err(`cannot read ${file}: ${(error as Error).message}`);
    return undefined;
  }
}

function publicKeyOf(ctx: LedgerCommandContext, file: string | undefined): KeyObject | null {
  try {
    return publicKeyFromPem(file ? fs.readFileSync(file, 'utf8') : ctx.signer().publicKey.publicKeyPem);
  } catch (error) {
    ctx.err(`cannot read the key: ${(error as Error).message}`);
    return null;
  }
}

async function statement(ctx: LedgerCommandContext, flags: Map<string, string>): Promise<number> {
  const month = flags.get('month') ?? '';
  const range = monthDays(month);
  const partners = (flags.get('partners') ?? '').split(',');
  const declared = new Set(ctx.dictionary.partners.map((p) => p.id));
  const known = (p: string | undefined): p is PartnerId => p !== undefined && declared.has(p);
  if (!range || partners.length !== 2 || !known(partners[0]) || !known(partners[1])) return usage(ctx);
  const signer = ctx.signer();
  const days = await new LedgerBook(ctx.archive, ownersOf(ctx.dictionary)).days(range.first, range.last);
  const body = statementBody(month, orderPair(partners[0], partners[1]), signer.publicKey.keyId, days);
  ctx.out(JSON.stringify(signStatement(body, signer), null, 2));
  return 0;
}
