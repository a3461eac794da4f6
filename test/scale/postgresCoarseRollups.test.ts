// The 10-minute and hour rollups of the PostgreSQL archive, rebuilt from its minute rollup for the cells a
// commit marked (server/archive/postgres/coarseRollups.ts): exact when two nodes write one series at once and
// settle between each other's commits, when a commit is still running as a settle starts, after a crash that
// left marks, and on an archive written before the marks existed.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { markMinutes } from '../../server/archive/postgres/coarseRollups';
import { MIGRATIONS } from '../../server/archive/postgres/schema';
import { HOUR_MS, TEN_MINUTES_MS } from '../../server/archive/rollup';
import type { Store } from '../../server/archive/types';
import { applyMigrations } from '../../server/postgres/migrations';
import {
  batchOf,
  DAY0,
  expectedHistory,
  framesOf,
  history,
  PARAMETER,
  historyOf,
  HOUR_POINTS,
  samplesOf,
  SPAN_MS,
  TEN_MINUTE_POINTS,
  type Sample,
} from '../helpers/coarseRollups';
import { postgresSchemaPerTest } from '../helpers/postgresSchema';
import { POSTGRES_SKIP_REASON, POSTGRES_URL } from '../helpers/stores';

const TITLE = 'PostgreSQL coarse rollups rebuilt from the minute rollup';

describe.skipIf(POSTGRES_SKIP_REASON !== null)(
  POSTGRES_SKIP_REASON ? `${TITLE} (skipped: ${POSTGRES_SKIP_REASON})` : TITLE,
  { timeout: 60_000 },
  () => {
    const db = postgresSchemaPerTest(4);
    const open = db.open;
    /** Parameters the packets carry: each is a series of its own in the rollups. */
    const seriesCount = async () =>
      Number(
        (
          await db.admin.query<{ n: string }>(
            `SELECT count(DISTINCT (sc, p)) AS n FROM ${db.schema}.rollup_minute`,
          )
        ).rows[0]!.n,
      );
    const rowCount = async (table: string) =>
      Number(
        (await db.admin.query<{ n: string }>(`SELECT count(*) AS n FROM ${db.schema}.${table}`)).rows[0]!.n,
      );

    /** Coarse cells that differ from the sum of their minute cells (none once settled). */
    const cellsUnlikeTheirMinutes = async (table: string, widthMs: number) => {
      const { rows } = await db.admin.query(
        `SELECT * FROM ${db.schema}.${table} c FULL JOIN (
           SELECT sc, p, t / ${widthMs} * ${widthMs} AS t, sum(n) AS n, sum(sum) AS sum, min(min) AS min,
             max(max) AS max
           FROM ${db.schema}.rollup_minute GROUP BY 1, 2, 3) m USING (sc, p, t)
         WHERE c.n IS DISTINCT FROM m.n OR c.min IS DISTINCT FROM m.min OR c.max IS DISTINCT FROM m.max
           OR abs(c.sum - m.sum) > 1e-9 * abs(m.sum)`,
      );
      return rows;
    };
    const expectSettledExactly = async () => {
      expect(await cellsUnlikeTheirMinutes('rollup_10min', TEN_MINUTES_MS)).toEqual([]);
      expect(await cellsUnlikeTheirMinutes('rollup_hour', HOUR_MS)).toEqual([]);
    };
    const expectHistoryOf = async (store: Store, samples: Sample[]) =>
      expect(await historyOf(store)).toEqual(expectedHistory(samples));

    it('equals the minute sums when two nodes write one series at once and settle between the commits', async () => {
      const [one, two] = await Promise.all([open(), open()]);
      const nodes = [one, two];
      const written = [framesOf(0), framesOf(1)];
      // Batches of 20 frames: 77 commits per node, past the 64 after which a node settles in the background.
      const batches = written.map((frames) =>
        Array.from({ length: Math.ceil(frames.length / 20) }, (_, i) => frames.slice(i * 20, i * 20 + 20)),
      );
      let writing = 2;
      const writer = async (node: number) => {
        for (const batch of batches[node]!)
          expect(await nodes[node]!.commit(batchOf(batch))).not.toContain(false);
        writing--;
      };
      // Reads at the coarse tiers on both nodes while both write: each settles the marks of both.
      const reader = async () => {
        let reads = 0;
        while (writing > 0 || reads < 4) {
          const points = await history(nodes[reads % 2]!, reads % 3 === 0 ? HOUR_POINTS : TEN_MINUTE_POINTS);
          expect(points.every((p) => p.n > 0)).toBe(true);
          reads++;
        }
        return reads;
      };
      const [, , reads] = await Promise.all([writer(0), writer(1), reader()]);
      expect(reads).toBeGreaterThanOrEqual(4);

      const samples = samplesOf([...written[0]!, ...written[1]!]);
      await expectHistoryOf(one, samples);
      await expectHistoryOf(two, samples);
      expect(await rowCount('rollup_pending')).toBe(0);
      await expectSettledExactly();
    });

    it('waits for a commit still running that holds a mark, and leaves the marks it could not see', async () => {
      const store = await open();
      const early = framesOf(0);
      await store.commit(batchOf(early));
      await history(store, TEN_MINUTE_POINTS);
      expect(await rowCount('rollup_pending')).toBe(0);
      const { rows } = await db.admin.query<{ sc: number; p: number }>(
        `SELECT s.id AS sc, p.id AS p FROM ${db.schema}.names s, ${db.schema}.names p
         WHERE s.kind = 'spacecraft' AND s.name = 'kazeosat-1' AND p.kind = 'parameter' AND p.name = $1`,
        [PARAMETER],
      );
      const { sc, p } = rows[0]!;

      // Another node's commit, held open: a minute cell added in a marked 10-minute cell (the mark is back,
      // committed by a commit after the settle above) and one in a cell never marked before.
      const late = framesOf(1, DAY0, DAY0 + 60_000);
      await store.commit(batchOf(late));
      const other = new pg.Pool({
        connectionString: POSTGRES_URL!,
        options: `-c search_path=${db.schema}`,
        max: 1,
      });
      const committing = await other.connect();
      const held = [
        { spacecraft: sc, parameter: p, timeMs: DAY0 + 120_000, count: 1, sum: 100, min: 100, max: 100 },
        {
          spacecraft: sc,
          parameter: p,
          timeMs: DAY0 + SPAN_MS - 60_000,
          count: 1,
          sum: -5,
          min: -5,
          max: -5,
        },
      ];
      try {
        await committing.query('BEGIN');
        for (const cell of held) {
          await committing.query(
            `UPDATE rollup_minute SET n = n + $4, sum = sum + $5, min = LEAST(min, $6), max = GREATEST(max, $7)
             WHERE sc = $1 AND p = $2 AND t = $3`,
            [cell.spacecraft, cell.parameter, cell.timeMs, cell.count, cell.sum, cell.min, cell.max],
          );
        }
        // One mark locked (it exists), one new.
        expect(await markMinutes(committing, held)).toBe(1);

        let answered = false;
        const reading = history(store, TEN_MINUTE_POINTS).then((points) => {
          answered = true;
          return points;
        });
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(answered).toBe(false);
        await committing.query('COMMIT');
        const first = (await reading)[0]!;
        expect(first.max).toBe(100);
      } finally {
        committing.release();
        await other.end();
      }
      const samples = [
        ...samplesOf([...early, ...late]),
        { t: held[0]!.timeMs, v: 100 },
        { t: held[1]!.timeMs, v: -5 },
      ];
      await expectHistoryOf(store, samples);
      expect(await rowCount('rollup_pending')).toBe(0);
      await expectSettledExactly();
    });

    it('rebuilds, on a node started after a crash, the cells the marks left behind stand for', async () => {
      const crashed = await open();
      const frames = framesOf(0);
      for (let i = 0; i < frames.length; i += 200) await crashed.commit(batchOf(frames.slice(i, i + 200)));
      // Closing settles nothing, as a crash after the last commit would not: the marks are in the database.
      await crashed.close();
      expect(await rowCount('rollup_pending')).toBe((SPAN_MS / TEN_MINUTES_MS) * (await seriesCount()));
      expect(await rowCount('rollup_10min')).toBe(0);
      expect(await rowCount('rollup_hour')).toBe(0);

      const next = await open();
      await expectHistoryOf(next, samplesOf(frames));
      expect(await rowCount('rollup_pending')).toBe(0);
      await expectSettledExactly();
    });

    it('keeps the coarse cells of an archive written before the marks, and rebuilds them when data arrives late', async () => {
      // Schema 11, as it shipped.
      const client = new pg.Pool({ connectionString: POSTGRES_URL!, max: 1 });
      try {
        const connection = await client.connect();
        try {
          await applyMigrations(connection, db.schema, {
            name: 'archive',
            table: 'schema_migrations',
            migrations: MIGRATIONS.filter((m) => m.version <= 11),
          });
        } finally {
          connection.release();
        }
      } finally {
        await client.end();
      }
      const early = framesOf(0);
      const writer = await open();
      await writer.commit(batchOf(early));
      await history(writer, TEN_MINUTE_POINTS);
      await writer.close();
      // What a version 11 archive holds: the same coarse cells (there upserted by every commit), no marks.
      await db.admin.query(`DROP TABLE ${db.schema}.rollup_pending`);
      await db.admin.query(`DELETE FROM ${db.schema}.schema_migrations WHERE version = 12`);
      const coarse = async () =>
        (
          await db.admin.query(
            `SELECT * FROM ${db.schema}.rollup_10min UNION ALL SELECT * FROM ${db.schema}.rollup_hour ORDER BY 1, 2, 3`,
          )
        ).rows;
      const before = await coarse();
      expect(before).toHaveLength((SPAN_MS / TEN_MINUTES_MS + SPAN_MS / HOUR_MS) * (await seriesCount()));

      const upgraded = await open();
      expect(
        (await db.admin.query(`SELECT max(version) AS v FROM ${db.schema}.schema_migrations`)).rows[0]!.v,
      ).toBe(12);
      await expectHistoryOf(upgraded, samplesOf(early));
      expect(await coarse()).toEqual(before);

      // Late packets of the second station in the first hour: its cells are rebuilt with both.
      const late = framesOf(1, DAY0, DAY0 + HOUR_MS);
      await upgraded.commit(batchOf(late));
      await expectHistoryOf(upgraded, samplesOf([...early, ...late]));
      await expectSettledExactly();
    });
  },
);
