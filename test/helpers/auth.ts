// Helpers for tests that need users, sessions and roles: an auth room on a real SQLite file with a clock the
// test sets, and (for the running server) logins as each role.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Clock } from '../../shared/clock';
import { DICTIONARY, type PartnerId } from '../../shared/dictionary';
import type { Role } from '../../shared/protocol/auth';
import { epochMs, type EpochMs } from '../../shared/units';
import { createAuth, type Auth, type AuthOptions } from '../../server/auth';
import { createSqliteAuthStore } from '../../server/auth/sqliteStore';

/** A clock that moves only when the test says so. */
export class ManualClock implements Clock {
  constructor(private ms = 1_790_000_000_000) {}
  now(): EpochMs {
    return epochMs(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export function tempDir(prefix = 'ortaq-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface TestAuth {
  auth: Auth;
  clock: ManualClock;
  dbFile: string;
  /** Closes the store and removes its folder. */
  dispose(): void;
}

export function createTestAuth(options: Partial<Omit<AuthOptions, 'store' | 'clock'>> = {}): TestAuth {
  const dir = tempDir();
  const dbFile = path.join(dir, 'auth.sqlite');
  const clock = new ManualClock();
  const auth = createAuth({
    store: createSqliteAuthStore(dbFile),
    clock,
    dictionary: DICTIONARY,
    ...options,
  });
  return {
    auth,
    clock,
    dbFile,
    dispose: () => {
      auth.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Password of every user the helpers create: long enough for the password rule, never used outside tests. */
export const TEST_PASSWORD = 'correct horse battery staple';

export const testUsername = (role: Role, partner: PartnerId) => `${role}-${partner.toLowerCase()}`;
