// Signed monthly statements: checked by a verifier written here with nothing but Node's crypto (so the
// format, not Ortaq's own code, is what is tested), by `npm run ledger -- verify`, and over REST with the
// agreement applied.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../server/archive/sqlite/store';
import type { Store } from '../../server/archive/types';
import { LedgerBook, ownersOf } from '../../server/ledger/book';
import { runLedgerCommand } from '../../server/ledger/command';
import { ephemeralSigner, loadOrCreateSigner, type LedgerSigner } from '../../server/ledger/signer';
import { signStatement, statementBody } from '../../server/ledger/statements';
import { DICTIONARY } from '../../server/mission/shipped';
import type { LedgerKeyResponse, LedgerStatement } from '../../shared/protocol/ledger';
import { loginAs } from '../helpers/auth';
import { commitLedgerFixture, LEDGER_CLOSE_MS } from '../helpers/ledger';
import { startServer, type RunningServer } from '../helpers/server';

/** Canonical JSON as docs/sharing.md defines it: keys sorted, no spaces. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(object[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** An independent verifier: Ed25519 over the canonical JSON of everything but the signature. */
function independentlyVerified(statement: Record<string, unknown>, publicKeyPem: string): boolean {
  const { signature, ...body } = statement;
  const key = crypto.createPublicKey(publicKeyPem);
  const keyId = crypto
    .createHash('sha256')
    .update(key.export({ type: 'spki', format: 'der' }))
    .digest('hex');
  if (body.keyId !== keyId) return false;
  return crypto.verify(null, Buffer.from(canonical(body)), key, Buffer.from(String(signature), 'base64'));
}

async function statementOf(store: Store, signer: LedgerSigner, partners: ['KZ' | 'TR', 'KZ' | 'TR']) {
  const book = new LedgerBook(store, ownersOf(DICTIONARY));
  const days = await book.days('2026-11-01', '2026-11-30');
  return signStatement(statementBody('2026-11', partners, signer.publicKey.keyId, days), signer);
}

describe('statements', () => {
  let dir: string;
  let store: Store;
  const signer = ephemeralSigner();

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-statement-'));
    store = createSqliteStore({ file: path.join(dir, 'ortaq.sqlite'), synchronous: 'NORMAL' });
    await commitLedgerFixture(store);
    await new LedgerBook(store, ownersOf(DICTIONARY)).closeDays(LEDGER_CLOSE_MS);
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('carries both directions of a pair with totals, and verifies with plain Node crypto', async () => {
    const statement = await statementOf(store, signer, ['TR', 'KZ']);
    expect(statement.partners).toEqual(['KZ', 'TR']);
    expect(statement.days.map((d) => d.day)).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
    expect(statement.totals.map((t) => [t.giver, t.receiver, t.packets])).toEqual([
      ['KZ', 'TR', 60],
      ['TR', 'KZ', 45],
    ]);
    // Nothing of AZ or of KZ's own spacecraft in a KZ–TR statement.
    expect(statement.records.every((r) => r.giver !== r.receiver)).toBe(true);
    expect(independentlyVerified(statement, signer.publicKey.publicKeyPem)).toBe(true);
    const altered = {
      ...statement,
      totals: [{ ...statement.totals[0]!, packets: 61 }, statement.totals[1]!],
    };
    expect(independentlyVerified(altered, signer.publicKey.publicKeyPem)).toBe(false);
    expect(independentlyVerified(statement, ephemeralSigner().publicKey.publicKeyPem)).toBe(false);
  });

  async function cli(args: string[]) {
    const out: string[] = [];
    const code = await runLedgerCommand(args, {
      archive: store,
      dictionary: DICTIONARY,
      signer: () => signer,
      nowMs: LEDGER_CLOSE_MS,
      out: (line) => out.push(line),
      err: (line) => out.push(line),
    });
    return { code, out: out.join('\n') };
  }

  function writeStatement(statement: unknown): string {
    const file = path.join(dir, 'statement.json');
    fs.writeFileSync(file, typeof statement === 'string' ? statement : JSON.stringify(statement));
    return file;
  }

  it('`verify` accepts a statement as issued and refuses an altered or foreign one', async () => {
    const statement = await statementOf(store, signer, ['KZ', 'TR']);
    expect(await cli(['verify', writeStatement(statement)])).toEqual({
      code: 0,
      out: 'ok: 3 day(s) and the statement verified',
    });
    const edited = { ...statement, records: statement.records.slice(1) };
    const refused = await cli(['verify', writeStatement(edited)]);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/signature does not verify/);
    const foreign = await statementOf(store, ephemeralSigner(), ['KZ', 'TR']);
    expect((await cli(['verify', writeStatement(foreign)])).out).toMatch(/another key/);
  });

  it('`verify` names the day and pair when a reception behind a statement changes', async () => {
    const statement = await statementOf(store, signer, ['KZ', 'TR']);
    const file = writeStatement(statement);
    // A packet Ankara delivered of KZ's Kazeosat-1 on 3 November disappears from the archive.
    const frames = await store.deliveries(
      Date.parse('2026-11-03T00:00:00Z'),
      Date.parse('2026-11-04T00:00:00Z'),
    );
    expect(frames.some((f) => f.stationId === 'ankara')).toBe(true);
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(path.join(dir, 'ortaq.sqlite'));
    db.exec(
      `DELETE FROM frames WHERE seq = 203 AND sc = (SELECT id FROM names WHERE kind = 'spacecraft' AND name = 'kazeosat-1')`,
    );
    db.close();
    const result = await cli(['verify', '--from', '2026-11-01', '--to', '2026-11-30', file]);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/FAIL 2026-11-03 TR→KZ: archive no longer matches the ledger/);
  });

  it.each([
    ['not JSON', '{"format":'],
    ['an empty object', {}],
    ['a wrong format', { format: 'something-else/1' }],
    ['an array', []],
    ['a huge number', { format: 'ortaq-ledger-statement/1', month: '2026-11', keyId: 1e308 }],
  ])('`verify` refuses %s as a statement without crashing', async (_what, content) => {
    const result = await cli(['verify', writeStatement(content)]);
    expect([1, 2]).toContain(result.code);
    expect(result.out).toMatch(/cannot read|not a ledger statement/);
  });

  it.each([
    [['verify', '--from', '2026-13-01']],
    [['verify', '--when', 'now']],
    [['verify', 'a.json', 'b.json']],
    [['statement', '--month', '2026-11', '--partners', 'KZ']],
    [['statement', '--month', 'November', '--partners', 'KZ,TR']],
    [['sign']],
    [[]],
  ])('refuses %j with the usage and exit code 2', async (args) => {
    expect((await cli(args)).code).toBe(2);
  });

  it('`statement` prints what `verify` accepts; the key file is created once, owner-only', async () => {
    const keyFile = path.join(dir, 'keys', 'ledger-key.pem');
    const first = loadOrCreateSigner(keyFile);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSigner(keyFile).publicKey).toEqual(first.publicKey);
    const printed = await cli(['statement', '--month', '2026-11', '--partners', 'KZ,TR']);
    expect(printed.code).toBe(0);
    const statement = JSON.parse(printed.out) as LedgerStatement;
    expect(independentlyVerified(statement, signer.publicKey.publicKeyPem)).toBe(true);
    expect((await cli(['verify', writeStatement(statement)])).code).toBe(0);
  });
});

describe('ledger routes', () => {
  let server: RunningServer;
  const signer = ephemeralSigner();

  beforeAll(async () => {
    const store = createSqliteStore({ file: ':memory:' });
    await commitLedgerFixture(store);
    server = await startServer({ store, ledgerSigner: signer });
    await server.app.flush();
    await new LedgerBook(store, ownersOf(DICTIONARY)).closeDays(LEDGER_CLOSE_MS);
  });
  afterAll(() => server.stop());

  it('publishes the key and serves statements that verify with it', async () => {
    const key = await server.session.json<LedgerKeyResponse>('/api/ledger/key');
    expect(key.status).toBe(200);
    expect(key.body).toEqual(signer.publicKey);
    const res = await server.session.json<LedgerStatement>(
      '/api/ledger/statement?month=2026-11&partners=TR,KZ',
    );
    expect(res.status).toBe(200);
    expect(res.body.records.length).toBe(6);
    expect(independentlyVerified(res.body, key.body.publicKeyPem)).toBe(true);
    const csv = await server.session.fetch('/api/ledger/statement?month=2026-11&partners=KZ,TR&format=csv');
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toMatch(/^day,giver,receiver,station,spacecraft,packets,bytes/);
    expect(lines).toHaveLength(7);
  });

  it('gives a partner only the statements of pairs it belongs to', async () => {
    const az = await loginAs(server, 'viewer', 'AZ');
    expect((await az.json('/api/ledger/statement?month=2026-11&partners=KZ,TR')).status).toBe(403);
    const own = await az.json<LedgerStatement>('/api/ledger/statement?month=2026-11&partners=AZ,UZ');
    expect(own.status).toBe(200);
    expect(own.body.totals.map((t) => [t.giver, t.receiver, t.packets])).toEqual([
      ['AZ', 'UZ', 15],
      ['UZ', 'AZ', 0],
    ]);
  });

  it.each([
    'month=2026-13&partners=KZ,TR',
    'month=2026-1&partners=KZ,TR',
    'month=2026-11&partners=KZ',
    'month=2026-11&partners=KZ,TR,AZ',
    'month=2026-11&partners=XX,KZ',
    'month=2026-11&partners=KZ,TR&format=xml',
    'month[]=2026-11&partners=KZ,TR',
    `month=2026-11&partners=${'K'.repeat(5000)}`,
  ])('answers 400 to %s', async (query) => {
    const res = await server.session.json<{ error: string }>(`/api/ledger/statement?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('bad_request');
  });

  it('answers 401 without a session', async () => {
    expect((await fetch(`${server.url}/api/ledger/key`)).status).toBe(401);
  });
});
