// A node killed in the middle of ingest (SIGKILL: no shutdown, no flush): every frame it acknowledged is in
// the shared archive, and its stations carry on through the other node.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BatchAck, BatchFrame } from '../../shared/protocol/ingest';
import {
  FailoverStation,
  newDeployment,
  SCALE_SKIP_REASON,
  spawnNode,
  startNode,
  type ChildNode,
  type Deployment,
} from '../helpers/cluster';
import type { RunningServer } from '../helpers/server';
import { buildFrame } from '../helpers/stations';
import { dropSchema } from '../helpers/stores';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);
const FRAMES = 200;
const BATCH = 20;
const TITLE = 'a server node killed during ingest';

describe.skipIf(SCALE_SKIP_REASON !== null)(
  SCALE_SKIP_REASON ? `${TITLE} (skipped: ${SCALE_SKIP_REASON})` : TITLE,
  // Bounded, with room for a busy machine: nodes, PostgreSQL and Redis share its cores.
  { timeout: 20_000 },
  () => {
    let deployment: Deployment;
    let doomed: ChildNode;
    let survivor: RunningServer;
    let station: FailoverStation;

    beforeEach(async () => {
      deployment = newDeployment();
      // The survivor first: it creates the schema the child process finds on its search_path.
      survivor = await startNode(deployment, 'survivor');
      doomed = await spawnNode(deployment);
      station = new FailoverStation([doomed.url, survivor.url], 'astana');
    }, 30_000);

    afterEach(async () => {
      station.close();
      doomed.process.kill('SIGKILL');
      await doomed.exited;
      await survivor.stop();
      await dropSchema(deployment.databaseUrl, deployment.schema);
    });

    it('loses no acknowledged frame, and its station reconnects to the other node', async () => {
      const batches: BatchFrame[][] = [];
      for (let i = 0; i < FRAMES; i += BATCH) {
        batches.push(
          Array.from({ length: BATCH }, (_, j) => ({
            bytes: buildFrame({ sequenceCount: i + j + 1, timeMs: T0 + (i + j) * 1000 }),
          })),
        );
      }
      const acknowledged = new Set<number>();
      const record = (batch: number, ack: BatchAck) => {
        if (!('results' in ack)) throw new Error(`batch refused: ${JSON.stringify(ack)}`);
        ack.results.forEach((result, j) => {
          expect(result.ok).toBe(true);
          if (result.ok && result.status === 'stored') acknowledged.add(batch * BATCH + j + 1);
        });
      };
      for (let i = 0; i < 5; i++) record(i, await station.send(batches[i]!));
      expect(station.connections).toEqual([doomed.url]);

      // The kill lands while the next batch is on its way: committed or not, it must come out right.
      const inFlight = station.send(batches[5]!);
      doomed.process.kill('SIGKILL');
      await doomed.exited;
      const archived = await survivor.app.archive.frames({
        fromMs: T0,
        toMs: T0 + FRAMES * 1000,
        limit: 10_000,
      });
      const archivedSeqs = new Set(archived.map((f) => f.sequenceCount));
      for (const seq of acknowledged) expect(archivedSeqs.has(seq)).toBe(true);

      record(5, await inFlight);
      for (let i = 6; i < batches.length; i++) record(i, await station.send(batches[i]!));
      expect(station.connections).toEqual([doomed.url, survivor.url]);

      await survivor.app.flush();
      const stored = await survivor.app.archive.frames({
        fromMs: T0,
        toMs: T0 + FRAMES * 1000,
        limit: 10_000,
      });
      expect(stored.map((f) => f.sequenceCount).sort((x, y) => x - y)).toEqual(
        Array.from({ length: FRAMES }, (_, i) => i + 1),
      );
    });
  },
);
