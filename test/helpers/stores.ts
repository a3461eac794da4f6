// The archives the server suite runs against. Every store-agnostic test loops over STORE_FACTORIES with
// describe.each, so a new archive (PostgreSQL) is one more entry here.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSqliteStore } from '../../server/store/sqlite/store';
import type { Store } from '../../server/store/types';

/** One empty archive for one test; `open` may be called again after `close` to simulate a restart. */
export interface StoreHandle {
  open(): Promise<Store>;
  /** Removes whatever the archive left behind (files, schemas). */
  dispose(): Promise<void>;
}

export interface StoreFactory {
  name: string;
  create(): Promise<StoreHandle>;
}

export const sqliteFactory: StoreFactory = {
  name: 'sqlite',
  create: () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-test-'));
    // NORMAL keeps the tests fast; durability under FULL is the same code path plus an fsync.
    return Promise.resolve({
      open: () =>
        Promise.resolve(createSqliteStore({ file: path.join(dir, 'ortaq.sqlite'), synchronous: 'NORMAL' })),
      dispose: () => {
        fs.rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    });
  },
};

export const STORE_FACTORIES: StoreFactory[] = [sqliteFactory];
