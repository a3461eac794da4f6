import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../shared/clock';
import { DICTIONARY } from '../../shared/dictionary';
import { createAuth } from '../../server/auth';
import { authDatabasePath } from '../../server/auth/paths';
import { createSqliteAuthStore } from '../../server/auth/sqliteStore';
import { tempDir, TEST_PASSWORD } from '../helpers/auth';

const TSX = path.resolve('node_modules/.bin/tsx');

describe('npm run user', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = tempDir();
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const run = (...args: string[]) =>
    spawnSync(TSX, ['server/auth/cli.ts', ...args], {
      env: { ...process.env, ORTAQ_DATA_DIR: dataDir },
      encoding: 'utf8',
      timeout: 30_000,
    });

  it('adds a user who can then log in, and lists users', { timeout: 60_000 }, async () => {
    const added = run('add', 'Dana', '--partner', 'KZ', '--role', 'operator', '--password', TEST_PASSWORD);
    expect(added.stderr).toBe('');
    expect(added.stdout).toContain('added dana (operator, KZ)');
    const generated = run('add', 'emre', '--partner', 'TR', '--role', 'engineer');
    const password = /password: (\S+)/.exec(generated.stdout)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(run('list').stdout).toBe('dana\tKZ\toperator\nemre\tTR\tengineer\n');

    const auth = createAuth({
      store: createSqliteAuthStore(authDatabasePath(dataDir).file),
      clock: systemClock,
      dictionary: DICTIONARY,
    });
    expect((await auth.accounts.login('dana', TEST_PASSWORD, 'test')).ok).toBe(true);
    expect((await auth.accounts.login('emre', password!, 'test')).ok).toBe(true);
    expect(auth.audit.list({ limit: 10, action: 'user_create' }).map((e) => e.actor)).toEqual(['cli', 'cli']);
    auth.close();
  });

  it('explains bad input and exits non-zero', { timeout: 60_000 }, () => {
    const bad = run('add', 'x', '--partner', 'NOWHERE', '--role', 'operator');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/partner: Invalid option/);
    expect(run('frobnicate').status).toBe(2);
  });
});
