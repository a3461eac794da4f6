// What only the PostgreSQL archive has: migrations recorded in schema_migrations, day partitions created as
// data arrives and dropped whole for retention, and de-duplication that holds for two writers at once.
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../server/archive/postgres/schema';
import type { CommitBatch, FrameRecord } from '../../server/archive/types';
import { encodedRecord } from '../helpers/records';
import { postgresSchemaPerTest } from '../helpers/postgresSchema';
import { POSTGRES_SKIP_REASON } from '../helpers/stores';

const DAY = 86_400_000;
const DAY0 = Date.UTC(2026, 4, 1);
const TITLE = 'PostgreSQL archive: migrations, partitions, concurrent writers';

function frame(stationId: string, sequenceCount: number, timeMs: number): FrameRecord {
  return encodedRecord({
    stationId,
    sequenceCount,
    timeMs,
    receivedMs: timeMs + 500,
    snrDb: 10,
    values: { 'eps.batt_voltage': 30 + (sequenceCount % 7), 'eps.batt_soc': 80 },
  });
}

const batchOf = (frames: FrameRecord[]): CommitBatch => ({
  frames,
  alarms: [],
  events: [],
  stations: [],
  downlink: [],
});

describe.skipIf(POSTGRES_SKIP_REASON !== null)(
  POSTGRES_SKIP_REASON ? `${TITLE} (skipped: ${POSTGRES_SKIP_REASON})` : TITLE,
  // Bounded, with room for a busy machine: nodes, PostgreSQL and Redis share its cores.
  { timeout: 20_000 },
  () => {
    const db = postgresSchemaPerTest(3);
    const open = db.open;
    const partitions = async (table: string) =>
      (
        await db.admin.query<{ name: string }>(
          `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
           WHERE i.inhparent = $1::regclass ORDER BY 1`,
          [`${db.schema}.${table}`],
        )
      ).rows.map((r) => r.name);

    /** Battery-voltage values counted by the minute rollup: each archived packet once. */
    const voltageRollups = async () => {
      const { rows } = await db.admin.query<{ n: string }>(
        `SELECT sum(r.n) AS n FROM ${db.schema}.rollup_minute r JOIN ${db.schema}.names p ON p.id = r.p
         WHERE p.kind = 'parameter' AND p.name = 'eps.batt_voltage'`,
      );
      return Number(rows[0]!.n);
    };

    it('applies its migrations once, whichever node starts first', async () => {
      await Promise.all([open(), open(), open()]);
      const { rows } = await db.admin.query(
        `SELECT version FROM ${db.schema}.schema_migrations ORDER BY version`,
      );
      expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
    });

    it('refuses to open an archive whose schema is newer than this server', async () => {
      await open();
      await db.admin.query(`INSERT INTO ${db.schema}.schema_migrations (version) VALUES (999)`);
      await expect(open()).rejects.toThrow(/archive schema 999 is newer than this server's/);
    });

    it('creates a partition per day of data and drops whole days for retention', async () => {
      const store = await open();
      const frames = [0, 1, 2, 3].map((d) => frame('astana', d, DAY0 + d * DAY + 3_600_000));
      expect(await store.commit(batchOf(frames))).toEqual([true, true, true, true]);
      const day0 = Math.floor(DAY0 / DAY);
      expect(await partitions('frames')).toEqual([0, 1, 2, 3].map((d) => `frames_d${day0 + d}`));
      expect(await partitions('receptions')).toHaveLength(4);

      // Cutoff in the middle of day 2: days 0 and 1 go as partitions, day 2 keeps what is after the cutoff.
      await store.pruneBefore(DAY0 + 2 * DAY + 7_200_000);
      expect(await partitions('frames')).toEqual([`frames_d${day0 + 2}`, `frames_d${day0 + 3}`]);
      expect(await partitions('receptions')).toHaveLength(2);
      const left = await store.frames({ fromMs: 0, toMs: DAY0 + 10 * DAY, limit: 100 });
      expect(left.map((f) => f.sequenceCount)).toEqual([3]);
      const history = await store.history({
        spacecraftId: 'kazeosat-1',
        parameterId: 'eps.batt_voltage',
        fromMs: DAY0,
        toMs: DAY0 + 10 * DAY,
        maxPoints: 100,
      });
      expect(history.points.map((p) => p.t)).toEqual([DAY0 + 3 * DAY + 3_600_000]);

      // A day dropped earlier comes back as a new partition when late data for it arrives.
      expect(await store.commit(batchOf([frame('astana', 9, DAY0 + 1000)]))).toEqual([true]);
      expect(await partitions('frames')).toContain(`frames_d${day0}`);
    });

    it('archives and rolls up every packet at one packet time, within a batch and across batches', async () => {
      const store = await open();
      // Same spacecraft, APID and packet time, different sequence counts: different packets.
      expect(await store.commit(batchOf([frame('astana', 1, DAY0), frame('astana', 2, DAY0)]))).toEqual([
        true,
        true,
      ]);
      expect(
        await store.commit(batchOf([frame('astana', 3, DAY0), frame('astana', 4, DAY0 + 1000)])),
      ).toEqual([true, true]);
      expect(await voltageRollups()).toBe(4);
      const history = await store.history({
        spacecraftId: 'kazeosat-1',
        parameterId: 'eps.batt_voltage',
        fromMs: DAY0,
        toMs: DAY0 + 2000,
        maxPoints: 10,
      });
      expect(history.points.map((p) => [p.t, p.v])).toEqual([
        [DAY0, 31],
        [DAY0, 32],
        [DAY0, 33],
        [DAY0 + 1000, 34],
      ]);
    });

    it('stores each packet once when two nodes commit overlapping batches at the same moment', async () => {
      const [one, two] = await Promise.all([open(), open()]);
      const times = Array.from({ length: 400 }, (_, i) => DAY0 + i * 1000);
      // Opposite orders: without a common lock order this is where two writers deadlock.
      const forward = times.map((t, i) => frame('astana', i, t));
      const backward = times.map((t, i) => frame('ankara', i, t)).reverse();
      const results: boolean[][] = [];
      for (let i = 0; i < 400; i += 100) {
        const [r1, r2] = await Promise.all([
          one.commit(batchOf(forward.slice(i, i + 100))),
          two.commit(batchOf(backward.slice(i, i + 100))),
        ]);
        results.push(r1, r2);
      }
      expect(results.flat().filter(Boolean)).toHaveLength(400);
      const stored = await one.frames({ fromMs: DAY0, toMs: DAY0 + 400_000, limit: 1000 });
      expect(stored).toHaveLength(400);
      expect(await voltageRollups()).toBe(400);
    });
  },
);
