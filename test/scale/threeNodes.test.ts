// Three server nodes on one PostgreSQL archive and one Redis, as a deployment behind a load balancer runs
// them: the six partner stations spread two to a node, a dashboard on every node, and one node killed
// (SIGKILL: no shutdown, no flush) while every station is sending. What must hold: every frame a station saw
// acknowledged is in the archive, the killed node's stations carry on through the two others, and the
// survivors' dashboards keep seeing the whole fleet.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetResponse, StationsResponse } from '../../shared/protocol/api';
import type { BatchAck, BatchFrame } from '../../shared/protocol/ingest';
import type { LiveUpdate } from '../../shared/protocol/live';
import { DICTIONARY } from '../../server/mission/shipped';
import { openAgreement, rememberSession, forgetSession, tempDir } from '../helpers/auth';
import {
  eventually,
  FailoverStation,
  newDeployment,
  SCALE_SKIP_REASON,
  spawnNode,
  startSharedAuthNode,
  type ChildNode,
  type Deployment,
} from '../helpers/cluster';
import { connectDashboard, type Dashboard } from '../helpers/dashboards';
import { getJson, type RunningServer } from '../helpers/server';
import { buildFrame } from '../helpers/stations';
import { dropSchema } from '../helpers/stores';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);
const TITLE = 'three server nodes on PostgreSQL and Redis, one killed under load';
/** Rounds every station sends; the node dies just after its stations' first round past KILL_AFTER. */
const ROUNDS = 20;
const KILL_AFTER = 4;
/** Packets per spacecraft in a round: each station sends them for two spacecraft (see `heard`). */
const PER_ROUND = 10;

const STATIONS = DICTIONARY.stations.map((s) => s.id);
const SPACECRAFT = DICTIONARY.spacecraft.map((s) => s.id);
const TOKENS = new Map(STATIONS.map((id) => [id, `${id}-secret`]));

/** Station i hears spacecraft i and i+1: every spacecraft by two stations, usually on two different nodes. */
const heard = (i: number) => [SPACECRAFT[i % SPACECRAFT.length]!, SPACECRAFT[(i + 1) % SPACECRAFT.length]!];

/** The same packet whichever station heard it (the archive de-duplicates across nodes). */
function round(i: number, r: number): BatchFrame[] {
  return heard(i).flatMap((spacecraftId) =>
    Array.from({ length: PER_ROUND }, (_, k) => {
      const n = r * PER_ROUND + k;
      return { bytes: buildFrame({ spacecraftId, sequenceCount: n + 1, timeMs: T0 + n * 1000 }) };
    }),
  );
}

describe.skipIf(SCALE_SKIP_REASON !== null)(
  SCALE_SKIP_REASON ? `${TITLE} (skipped: ${SCALE_SKIP_REASON})` : TITLE,
  // Bounded, with room for a busy machine: three nodes, PostgreSQL, Redis and the stations share its cores.
  { timeout: 60_000 },
  () => {
    let deployment: Deployment;
    let dir: string;
    let a: RunningServer;
    let b: RunningServer;
    let c: ChildNode;
    const closers: (() => void)[] = [];

    beforeAll(async () => {
      deployment = newDeployment();
      dir = tempDir();
      const agreement = path.join(dir, 'agreement.json');
      fs.writeFileSync(agreement, JSON.stringify(openAgreement()));
      // A first: it creates the schema and the tables the others find on their search_path.
      a = await startSharedAuthNode(deployment, 'node-a', TOKENS);
      [b, c] = await Promise.all([
        startSharedAuthNode(deployment, 'node-b', TOKENS),
        spawnNode(deployment, { stationTokens: TOKENS, env: { ORTAQ_AGREEMENT: agreement } }),
      ]);
      // Sessions live in PostgreSQL: the admin signed in on A is signed in on C too.
      rememberSession(c.url, a.session.cookie);
    }, 60_000);

    afterAll(async () => {
      for (const close of closers.splice(0)) close();
      if (c) {
        forgetSession(c.url);
        c.process.kill('SIGKILL');
        await c.exited;
      }
      await Promise.all([a?.stop(), b?.stop()]);
      if (deployment) await dropSchema(deployment.databaseUrl, deployment.schema);
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    const dashboard = async (url: string): Promise<Dashboard> => {
      const board = await connectDashboard(url);
      closers.push(() => board.close());
      await board.subscribe({ fleet: true, spacecraft: SPACECRAFT });
      return board;
    };
    const connectedOn = async (url: string) => {
      const { body } = await getJson<StationsResponse>(`${url}/api/stations`);
      return body.stations.filter((s) => s.connected).map((s) => s.stationId);
    };
    /** The spacecraft whose packet of sequence count `seq` or later reached this dashboard live. */
    const seenFrom = (updates: LiveUpdate[], seq: number) =>
      new Set(
        updates.flatMap((u) =>
          (u.samples ?? []).filter((s) => s.t >= T0 + (seq - 1) * 1000).map((s) => s.spacecraftId),
        ),
      );

    it('spreads the stations, serves every dashboard the whole fleet, and loses no acknowledged frame when a node dies', async () => {
      const nodes = [a.url, b.url, c.url];
      // Station i starts on node i mod 3; the two stations of a node fall back to different survivors.
      const stations = STATIONS.map((id, i) => {
        const home = i % 3;
        const order = i < 3 ? [home, home + 1, home + 2] : [home, home + 2, home + 1];
        const station = new FailoverStation(
          order.map((k) => nodes[k % 3]!),
          id,
          TOKENS.get(id),
        );
        closers.push(() => station.close());
        return station;
      });
      const boards = await Promise.all(nodes.map(dashboard));

      // Every station's packets acknowledged (stored here or already stored by another node), per spacecraft.
      const acked = new Map(SPACECRAFT.map((id) => [id, new Set<number>()]));
      const record = (i: number, r: number, ack: BatchAck) => {
        if (!('results' in ack)) throw new Error(`batch refused: ${JSON.stringify(ack)}`);
        ack.results.forEach((result, j) => {
          expect(result.ok).toBe(true);
          const spacecraftId = heard(i)[Math.floor(j / PER_ROUND)]!;
          acked.get(spacecraftId)!.add(r * PER_ROUND + (j % PER_ROUND) + 1);
        });
      };
      // Every station stops at KILL_AFTER rounds until the spread is checked with all three nodes up.
      let allThere!: () => void;
      const reached = new Promise<void>((resolve) => (allThere = resolve));
      let go!: () => void;
      const released = new Promise<void>((resolve) => (go = resolve));
      let oneMore!: () => void;
      const doomedBusy = new Promise<void>((resolve) => (oneMore = resolve));
      const progress = STATIONS.map(() => 0);
      const sending = stations.map(async (station, i) => {
        for (let r = 0; r < ROUNDS; r++) {
          record(i, r, await station.send(round(i, r)));
          progress[i] = r + 1;
          if (progress.every((p) => p >= KILL_AFTER)) allThere();
          if (i === 2 && r === KILL_AFTER) oneMore();
          if (r + 1 === KILL_AFTER) await released;
        }
      });

      await reached;
      // Stations spread: each node shows as connected the two stations that chose it first.
      for (const [k, url] of nodes.entries()) {
        expect((await connectedOn(url)).sort()).toEqual(STATIONS.filter((_, i) => i % 3 === k).sort());
      }
      // A dashboard on any node sees every spacecraft, whichever node stored its frames.
      for (const board of boards) {
        await eventually(async () => {
          expect([...seenFrom(board.updates, 1)].sort()).toEqual([...SPACECRAFT].sort());
          await Promise.resolve();
        });
      }

      // Killed while every station sends: the node's own stations have their next batch on the way.
      go();
      await doomedBusy;
      const ackedBeforeKill = new Map([...acked].map(([id, seqs]) => [id, new Set(seqs)]));
      c.process.kill('SIGKILL');
      await c.exited;
      const archivedSeqs = async (spacecraftId: string) =>
        new Set(
          (
            await a.app.archive.frames({
              spacecraftId,
              fromMs: T0,
              toMs: T0 + ROUNDS * PER_ROUND * 1000,
              limit: 10_000,
            })
          ).map((f) => f.sequenceCount),
        );
      for (const [spacecraftId, seqs] of ackedBeforeKill) {
        const archived = await archivedSeqs(spacecraftId);
        for (const seq of seqs) expect(archived.has(seq), `${spacecraftId} #${seq}`).toBe(true);
      }

      await Promise.all(sending);
      // The killed node's two stations moved, one to each survivor, and carried on there.
      expect(stations[2]!.connections).toEqual([c.url, a.url]);
      expect(stations[5]!.connections).toEqual([c.url, b.url]);
      const [onA, onB] = await Promise.all([connectedOn(a.url), connectedOn(b.url)]);
      expect(onA.sort()).toEqual([STATIONS[0], STATIONS[2], STATIONS[3]].sort());
      expect(onB.sort()).toEqual([STATIONS[1], STATIONS[4], STATIONS[5]].sort());

      // Every packet of every round is archived exactly once, and every acknowledgement was honoured.
      await Promise.all([a.app.flush(), b.app.flush()]);
      const all = Array.from({ length: ROUNDS * PER_ROUND }, (_, n) => n + 1);
      for (const spacecraftId of SPACECRAFT) {
        const stored = await a.app.archive.frames({
          spacecraftId,
          fromMs: T0,
          toMs: T0 + ROUNDS * PER_ROUND * 1000,
          limit: 10_000,
        });
        expect(stored.map((f) => f.sequenceCount).sort((x, y) => x - y)).toEqual(all);
        expect([...acked.get(spacecraftId)!].sort((x, y) => x - y)).toEqual(all);
      }

      // The survivors keep serving: their dashboards got the last round of every spacecraft live, and the
      // fleet answers on both.
      const lastRound = (ROUNDS - 1) * PER_ROUND + 1;
      for (const board of boards.slice(0, 2)) {
        await eventually(async () => {
          expect([...seenFrom(board.updates, lastRound)].sort()).toEqual([...SPACECRAFT].sort());
          await Promise.resolve();
        });
      }
      for (const url of [a.url, b.url]) {
        const fleet = await getJson<FleetResponse>(`${url}/api/fleet`);
        expect(fleet.status).toBe(200);
        expect(fleet.body.fleet.map((s) => s.spacecraftId).sort()).toEqual([...SPACECRAFT].sort());
      }
    });
  },
);
