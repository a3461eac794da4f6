// The shift log on SQLite: entries with their links as JSON, and handovers. The partner's view (every
// spacecraft of an entry visible) is applied in SQL, before the limit, so a partner gets `limit` entries it
// may see and cannot count hidden ones by the shortfall.
import type Database from 'better-sqlite3';
import type { PartnerId } from '../../shared/dictionary';
import type { HandoverAlarm, ShiftLogEntry } from '../../shared/protocol/shiftlog';
import type { EntryQuery, StoredHandover } from './store';

interface EntryRow {
  id: string;
  at_ms: number;
  created_at_ms: number;
  author: string;
  partner: string;
  text: string;
  links: string;
  range_from_ms: number | null;
  range_to_ms: number | null;
}
interface HandoverRow {
  id: string;
  partner: string;
  created_by: string;
  created_at_ms: number;
  since_ms: number | null;
  note: string;
  alarms: string;
  entry_ids: string;
  accepted_by: string | null;
  accepted_at_ms: number | null;
}

/** The links column: what an entry points at, in one JSON object. */
export interface EntryLinks {
  spacecraft: string[];
  parameters: string[];
  alarms: string[];
}

export const linksOf = (e: ShiftLogEntry): EntryLinks => ({
  spacecraft: e.spacecraft,
  parameters: e.parameters,
  alarms: e.alarms,
});

const toEntry = (r: EntryRow): ShiftLogEntry => {
  const links = JSON.parse(r.links) as EntryLinks;
  return {
    id: r.id,
    atMs: r.at_ms,
    createdAtMs: r.created_at_ms,
    author: r.author,
    partner: r.partner as PartnerId,
    text: r.text,
    ...links,
    range:
      r.range_from_ms === null || r.range_to_ms === null
        ? null
        : { fromMs: r.range_from_ms, toMs: r.range_to_ms },
  };
};

const toHandover = (r: HandoverRow): StoredHandover => ({
  id: r.id,
  partner: r.partner as PartnerId,
  createdBy: r.created_by,
  createdAtMs: r.created_at_ms,
  sinceMs: r.since_ms,
  note: r.note,
  alarms: JSON.parse(r.alarms) as HandoverAlarm[],
  entryIds: JSON.parse(r.entry_ids) as string[],
  acceptedBy: r.accepted_by,
  acceptedAtMs: r.accepted_at_ms,
});

const ENTRY_FILTER = `
  AND (@spacecraft IS NULL
    OR EXISTS (SELECT 1 FROM json_each(links, '$.spacecraft') WHERE value = @spacecraft)
    OR (@fleetWide = 1 AND json_array_length(links, '$.spacecraft') = 0))
  AND (@visible IS NULL OR NOT EXISTS (SELECT 1 FROM json_each(links, '$.spacecraft') s
    WHERE s.value NOT IN (SELECT value FROM json_each(@visible))))`;

/** Synchronous statements; sqliteStore.ts turns them into the store's promises. */
export function shiftLogStatements(db: Database.Database) {
  const insertEntry = db.prepare(
    `INSERT INTO ops_shift_entries (id, at_ms, created_at_ms, author, partner, text, links, range_from_ms,
     range_to_ms) VALUES (@id, @atMs, @createdAtMs, @author, @partner, @text, @links, @fromMs, @toMs)`,
  );
  const written = db.prepare<Record<string, unknown>, EntryRow>(
    `SELECT * FROM ops_shift_entries WHERE created_at_ms BETWEEN @fromMs AND @toMs ${ENTRY_FILTER}
     ORDER BY created_at_ms DESC, id LIMIT @limit`,
  );
  const ranged = db.prepare<Record<string, unknown>, EntryRow>(
    `SELECT * FROM ops_shift_entries WHERE range_from_ms IS NOT NULL AND range_from_ms <= @toMs
     AND range_to_ms >= @fromMs ${ENTRY_FILTER} ORDER BY range_to_ms DESC, id LIMIT @limit`,
  );
  const byIds = db.prepare<[string], EntryRow>(
    `SELECT * FROM ops_shift_entries WHERE id IN (SELECT value FROM json_each(?))
     ORDER BY created_at_ms DESC, id`,
  );
  const insertHandover = db.prepare(
    `INSERT INTO ops_handovers (id, partner, created_by, created_at_ms, since_ms, note, alarms, entry_ids)
     VALUES (@id, @partner, @createdBy, @createdAtMs, @sinceMs, @note, @alarms, @entryIds)`,
  );
  const handovers = db.prepare<[string, number], HandoverRow>(
    'SELECT * FROM ops_handovers WHERE partner = ? ORDER BY created_at_ms DESC, id DESC LIMIT ?',
  );
  const handover = db.prepare<[string], HandoverRow>('SELECT * FROM ops_handovers WHERE id = ?');
  const accept = db.prepare<[string, number, string]>(
    'UPDATE ops_handovers SET accepted_by = ?, accepted_at_ms = ? WHERE id = ? AND accepted_by IS NULL',
  );
  return {
    insertEntry: (e: ShiftLogEntry) =>
      void insertEntry.run({
        ...e,
        links: JSON.stringify(linksOf(e)),
        fromMs: e.range?.fromMs ?? null,
        toMs: e.range?.toMs ?? null,
      }),
    entries: (q: EntryQuery) =>
      (q.by === 'written' ? written : ranged)
        .all({
          fromMs: q.fromMs,
          toMs: q.toMs,
          spacecraft: q.spacecraftId ?? null,
          fleetWide: q.orFleetWide ? 1 : 0,
          visible: q.visibleSpacecraft ? JSON.stringify(q.visibleSpacecraft) : null,
          limit: q.limit,
        })
        .map(toEntry),
    entriesByIds: (ids: readonly string[]) => byIds.all(JSON.stringify(ids)).map(toEntry),
    insertHandover: (h: StoredHandover) =>
      void insertHandover.run({
        ...h,
        alarms: JSON.stringify(h.alarms),
        entryIds: JSON.stringify(h.entryIds),
      }),
    handovers: (partner: PartnerId, limit: number) => handovers.all(partner, limit).map(toHandover),
    getHandover: (id: string) => {
      const row = handover.get(id);
      return row && toHandover(row);
    },
    acceptHandover: (id: string, by: string, atMs: number) => accept.run(by, atMs, id).changes > 0,
  };
}
