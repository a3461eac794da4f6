import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../shared/clock';
import { DICTIONARY } from '../../server/mission/shipped';
import { createAuth, type Auth } from '../../server/auth';
import { TEST_PASSWORD } from '../helpers/auth';
import { AUTH_STORE_FACTORIES, type AuthStoreHandle } from '../helpers/authStores';

const TSX = path.resolve('node_modules/.bin/tsx');

describe.each(AUTH_STORE_FACTORIES)('npm run user ($name)', (factory) => {
  let handle: AuthStoreHandle;
  let auth: Auth;
  beforeEach(async () => {
    handle = factory.create();
    auth = createAuth({ store: await handle.open(), clock: systemClock, dictionary: DICTIONARY });
  });
  afterEach(async () => {
    await auth.close();
    await handle.dispose();
  });

  // Without DATABASE_URL the CLI uses the data folder's auth.sqlite; with it, the shared PostgreSQL.
  const run = (...args: string[]) =>
    spawnSync(TSX, ['server/auth/cli.ts', ...args], {
      env: { ...process.env, DATABASE_URL: '', ...handle.env },
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

    expect((await auth.accounts.login('dana', TEST_PASSWORD, 'test')).ok).toBe(true);
    expect((await auth.accounts.login('emre', password!, 'test')).ok).toBe(true);
    const created = await auth.audit.list({ limit: 10, action: 'user_create' });
    expect(created.map((e) => e.actor)).toEqual(['cli', 'cli']);

    expect(run('set', 'emre', '--disable').stdout).toContain('updated emre (engineer, TR, disabled)');
    expect((await auth.accounts.login('emre', password!, 'test')).ok).toBe(false);
  });

  it('explains bad input and exits non-zero', { timeout: 60_000 }, () => {
    const bad = run('add', 'x', '--partner', 'NOWHERE', '--role', 'operator');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/the mission declares no such partner/);
    expect(run('frobnicate').status).toBe(2);
  });
});
