// The shift log on PostgreSQL: the same queries as sqliteShiftLog.ts, the partner's view applied in SQL before
// the limit. The pool reads bigint columns as numbers (server/postgres/pool.ts) and jsonb as values.
import type pg from 'pg';
import type { PartnerId } from '../../../shared/dictionary';
import type { ShiftLogEntry, TimeRange } from '../../../shared/protocol/shiftlog';
import type { EntryLinks } from '../sqliteShiftLog';
import type { ShiftLogStore, StoredHandover } from '../store';

interface EntryRow {
  id: string;
  atMs: number;
  createdAtMs: number;
  author: string;
  partner: PartnerId;
  text: string;
  links: EntryLinks;
  rangeFromMs: number | null;
  rangeToMs: number | null;
}

const ENTRY = `id, at_ms AS "atMs", created_at_ms AS "createdAtMs", author, partner, text, links,
  range_from_ms AS "rangeFromMs", range_to_ms AS "rangeToMs"`;
const HANDOVER = `id, partner, created_by AS "createdBy", created_at_ms AS "createdAtMs", since_ms AS "sinceMs",
  note, alarms, entry_ids AS "entryIds", accepted_by AS "acceptedBy", accepted_at_ms AS "acceptedAtMs"`;

// $3: one spacecraft or null; $4: also entries of no spacecraft; $5: the visible spacecraft or null (all).
const ENTRY_FILTER = `
  AND ($3::text IS NULL OR links->'spacecraft' @> jsonb_build_array($3::text)
    OR ($4::boolean AND jsonb_array_length(links->'spacecraft') = 0))
  AND ($5::text[] IS NULL OR NOT EXISTS (SELECT 1 FROM jsonb_array_elements_text(links->'spacecraft') s
    WHERE NOT (s = ANY($5::text[]))))`;

function toEntry(r: EntryRow): ShiftLogEntry {
  const range: TimeRange | null =
    r.rangeFromMs === null || r.rangeToMs === null ? null : { fromMs: r.rangeFromMs, toMs: r.rangeToMs };
  return {
    id: r.id,
    atMs: r.atMs,
    createdAtMs: r.createdAtMs,
    author: r.author,
    partner: r.partner,
    text: r.text,
    spacecraft: r.links.spacecraft,
    parameters: r.links.parameters,
    alarms: r.links.alarms,
    range,
  };
}

export function postgresShiftLog(pool: pg.Pool): ShiftLogStore {
  const entryRows = async (sql: string, params: unknown[]) =>
    (await pool.query<EntryRow>(sql, params)).rows.map(toEntry);
  const handoverRows = async (sql: string, params: unknown[]) =>
    (await pool.query<StoredHandover>(sql, params)).rows;
  return {
    insertEntry: async (e) => {
      const links: EntryLinks = { spacecraft: e.spacecraft, parameters: e.parameters, alarms: e.alarms };
      await pool.query(
        `INSERT INTO ops_shift_entries (id, at_ms, created_at_ms, author, partner, text, links, range_from_ms,
         range_to_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          e.id,
          e.atMs,
          e.createdAtMs,
          e.author,
          e.partner,
          e.text,
          JSON.stringify(links),
          e.range?.fromMs ?? null,
          e.range?.toMs ?? null,
        ],
      );
    },
    entries: (q) =>
      entryRows(
        q.by === 'written'
          ? `SELECT ${ENTRY} FROM ops_shift_entries WHERE created_at_ms BETWEEN $1 AND $2 ${ENTRY_FILTER}
             ORDER BY created_at_ms DESC, id LIMIT $6`
          : `SELECT ${ENTRY} FROM ops_shift_entries WHERE range_from_ms IS NOT NULL AND range_from_ms <= $2
             AND range_to_ms >= $1 ${ENTRY_FILTER} ORDER BY range_to_ms DESC, id LIMIT $6`,
        [
          q.fromMs,
          q.toMs,
          q.spacecraftId ?? null,
          q.orFleetWide ?? false,
          q.visibleSpacecraft ? [...q.visibleSpacecraft] : null,
          q.limit,
        ],
      ),
    entriesByIds: (ids) =>
      entryRows(
        `SELECT ${ENTRY} FROM ops_shift_entries WHERE id = ANY($1::text[]) ORDER BY created_at_ms DESC, id`,
        [[...ids]],
      ),
    insertHandover: async (h) => {
      await pool.query(
        `INSERT INTO ops_handovers (id, partner, created_by, created_at_ms, since_ms, note, alarms, entry_ids)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          h.id,
          h.partner,
          h.createdBy,
          h.createdAtMs,
          h.sinceMs,
          h.note,
          JSON.stringify(h.alarms),
          JSON.stringify(h.entryIds),
        ],
      );
    },
    handovers: (partner, limit) =>
      handoverRows(
        `SELECT ${HANDOVER} FROM ops_handovers WHERE partner = $1 ORDER BY created_at_ms DESC, id DESC LIMIT $2`,
        [partner, limit],
      ),
    getHandover: async (id) =>
      (await handoverRows(`SELECT ${HANDOVER} FROM ops_handovers WHERE id = $1`, [id]))[0],
    acceptHandover: async (id, by, atMs) =>
      ((
        await pool.query(
          'UPDATE ops_handovers SET accepted_by = $1, accepted_at_ms = $2 WHERE id = $3 AND accepted_by IS NULL',
          [by, atMs, id],
        )
      ).rowCount ?? 0) > 0,
  };
}
