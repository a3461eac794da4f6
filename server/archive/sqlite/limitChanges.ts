// Limit changes in the SQLite archive: the change log and the override in force, written together.
import type Database from 'better-sqlite3';
import type { Limits } from '../../../shared/dictionary/types';
import type { LimitChange } from '../../../shared/protocol/limits';
import type { LimitChangeQuery, NewLimitChange } from '../types';

interface ChangeRow {
  id: number;
  sc: string;
  p: string;
  t: number;
  actor: string;
  previous: string | null;
  limits: string | null;
  reason: string;
}

const CHANGE_COLUMNS = 'c.id, c.sc, c.p, c.t, c.actor, c.previous, c.limits, c.reason';

const parseLimits = (text: string | null): Limits | null =>
  text === null ? null : (JSON.parse(text) as Limits);

function toChange(row: ChangeRow): LimitChange {
  return {
    id: row.id,
    spacecraftId: row.sc,
    parameterId: row.p,
    atMs: row.t,
    by: row.actor,
    previous: parseLimits(row.previous),
    limits: parseLimits(row.limits),
    reason: row.reason,
  };
}

export class SqliteLimitChanges {
  private readonly inForce;
  private readonly insert;
  private readonly setOverride;
  private readonly dropOverride;
  private readonly allOverrides;
  private readonly ofParameter;
  private readonly after;
  private readonly recordInTransaction: (change: NewLimitChange) => LimitChange;

  constructor(db: Database.Database) {
    this.inForce = db.prepare<[string, string], { limits: string | null }>(
      `SELECT c.limits FROM limit_overrides o JOIN limit_changes c ON c.id = o.change_id
       WHERE o.sc = ? AND o.p = ?`,
    );
    this.insert = db.prepare<
      [string, string, number, string, string | null, string | null, string],
      ChangeRow
    >(
      `INSERT INTO limit_changes (sc, p, t, actor, previous, limits, reason) VALUES (?, ?, ?, ?, ?, ?, ?)
       RETURNING id, sc, p, t, actor, previous, limits, reason`,
    );
    this.setOverride = db.prepare<[string, string, number]>(
      `INSERT INTO limit_overrides (sc, p, change_id) VALUES (?, ?, ?)
       ON CONFLICT (sc, p) DO UPDATE SET change_id = excluded.change_id`,
    );
    this.dropOverride = db.prepare<[string, string]>('DELETE FROM limit_overrides WHERE sc = ? AND p = ?');
    this.allOverrides = db.prepare<[], ChangeRow>(
      `SELECT ${CHANGE_COLUMNS} FROM limit_overrides o JOIN limit_changes c ON c.id = o.change_id ORDER BY c.id`,
    );
    this.ofParameter = db.prepare<[string, string, number], ChangeRow>(
      `SELECT ${CHANGE_COLUMNS} FROM limit_changes c WHERE c.sc = ? AND c.p = ? ORDER BY c.id DESC LIMIT ?`,
    );
    this.after = db.prepare<[number, number], ChangeRow>(
      `SELECT ${CHANGE_COLUMNS} FROM limit_changes c WHERE c.id > ? ORDER BY c.id LIMIT ?`,
    );
    this.recordInTransaction = db.transaction((change: NewLimitChange) => this.write(change));
  }

  record(change: NewLimitChange): LimitChange {
    return this.recordInTransaction(change);
  }

  overrides(): LimitChange[] {
    return this.allOverrides.all().map(toChange);
  }

  changes(query: LimitChangeQuery): LimitChange[] {
    return this.ofParameter.all(query.spacecraftId, query.parameterId, query.limit).map(toChange);
  }

  changesAfter(afterId: number, limit: number): LimitChange[] {
    return this.after.all(afterId, limit).map(toChange);
  }

  private write(change: NewLimitChange): LimitChange {
    const { spacecraftId: sc, parameterId: p } = change;
    const previous = this.inForce.get(sc, p)?.limits ?? null;
    const limits = change.limits === null ? null : JSON.stringify(change.limits);
    const row = this.insert.get(sc, p, change.atMs, change.by, previous, limits, change.reason)!;
    if (limits === null) this.dropOverride.run(sc, p);
    else this.setOverride.run(sc, p, row.id);
    return toChange(row);
  }
}
