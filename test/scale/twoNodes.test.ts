// Two server nodes on one PostgreSQL archive, joined by Redis: de-duplication across nodes, live data and
// alarm acknowledgements crossing from one node to the other.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alarm, AlarmsResponse, SpacecraftDetail, StationsResponse } from '../../shared/protocol/api';
import type { BatchAck } from '../../shared/protocol/ingest';
import { eventually, newDeployment, SCALE_SKIP_REASON, startNode, type Deployment } from '../helpers/cluster';
import { ManualClock } from '../helpers/clock';
import { connectDashboard, type Dashboard } from '../helpers/dashboards';
import { getJson, postJson, type RunningServer } from '../helpers/server';
import { buildFrame, connectStation, sendBatch, sendFrame, type StationSocket } from '../helpers/stations';
import { dropSchema } from '../helpers/stores';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);
const TITLE = 'two server nodes on PostgreSQL and Redis';

describe.skipIf(SCALE_SKIP_REASON !== null)(
  SCALE_SKIP_REASON ? `${TITLE} (skipped: ${SCALE_SKIP_REASON})` : TITLE,
  // Bounded, with room for a busy machine: nodes, PostgreSQL and Redis share its cores.
  { timeout: 20_000 },
  () => {
    let deployment: Deployment;
    let clock: ManualClock;
    let a: RunningServer;
    let b: RunningServer;
    const closers: (() => void)[] = [];

    const station = async (node: RunningServer, id: string): Promise<StationSocket> => {
      const socket = await connectStation(node.url, id, `${id}-secret`);
      closers.push(() => socket.close());
      return socket;
    };
    const dashboard = async (node: RunningServer): Promise<Dashboard> => {
      const board = await connectDashboard(node.url);
      closers.push(() => board.close());
      return board;
    };
    const openAlarms = async (node: RunningServer) =>
      (await getJson<AlarmsResponse>(`${node.url}/api/alarms`)).body.alarms;

    beforeEach(async () => {
      deployment = newDeployment();
      clock = new ManualClock(T0 + 1000);
      a = await startNode(deployment, 'node-a', clock);
      b = await startNode(deployment, 'node-b', clock);
    });

    afterEach(async () => {
      for (const close of closers.splice(0)) close();
      await Promise.all([a.stop(), b.stop()]);
      await dropSchema(deployment.databaseUrl, deployment.schema);
    });

    it('stores the same frames sent by a station on each node once, and credits both stations on both nodes', async () => {
      const [onA, onB] = await Promise.all([station(a, 'astana'), station(b, 'ankara')]);
      const frames = Array.from({ length: 60 }, (_, i) => ({
        bytes: buildFrame({ sequenceCount: i + 1, timeMs: T0 + i * 1000 }),
      }));
      const statuses: string[][] = frames.map(() => []);
      for (let i = 0; i < frames.length; i += 15) {
        const batch = frames.slice(i, i + 15);
        const acks = await Promise.all([sendBatch(onA, batch), sendBatch(onB, batch)]);
        for (const ack of acks) {
          results(ack).forEach((status, j) => statuses[i + j]!.push(status));
        }
      }
      // Whichever node committed a packet first stored it; the other found it in the shared archive.
      for (const pair of statuses) expect(pair.sort()).toEqual(['duplicate', 'stored']);

      await Promise.all([a.app.flush(), b.app.flush()]);
      const stored = await a.app.archive.frames({ fromMs: T0, toMs: T0 + 60_000, limit: 1000 });
      expect(stored.map((f) => f.sequenceCount).sort((x, y) => x - y)).toEqual(frames.map((_, i) => i + 1));
      const counters = await b.app.archive.stationCounters();
      const byStation = new Map(counters.map((c) => [c.stationId, c]));
      expect(byStation.get('astana')!.framesReceived).toBe(60);
      expect(byStation.get('ankara')!.framesReceived).toBe(60);
      expect(byStation.get('astana')!.uniqueFrames + byStation.get('ankara')!.uniqueFrames).toBe(60);
      // Each node shows both stations' counters, not only those of the station connected to it.
      for (const node of [a, b]) {
        await eventually(async () => {
          const { body } = await getJson<StationsResponse>(`${node.url}/api/stations`);
          const received = body.stations.map((st) => [st.stationId, st.framesReceived]);
          expect(received).toEqual(
            expect.arrayContaining([
              ['astana', 60],
              ['ankara', 60],
            ]),
          );
        });
      }
    });

    it("shows a node's frames live on a dashboard of the other node, and in its current values", async () => {
      const board = await dashboard(b);
      await board.subscribe({ fleet: true, spacecraft: ['kazeosat-1'] });
      const onA = await station(a, 'astana');
      const bytes = buildFrame({ sequenceCount: 7, timeMs: T0 + 5000, values: { 'eps.batt_voltage': 31.5 } });
      expect(await sendFrame(onA, bytes)).toEqual({ ok: true, status: 'stored' });

      const update = await board.waitFor((u) =>
        (u.samples ?? []).some((s) => s.parameterId === 'eps.batt_voltage' && s.t === T0 + 5000),
      );
      const sample = update.samples!.find((s) => s.parameterId === 'eps.batt_voltage')!;
      expect(sample.v).toBeCloseTo(31.5, 3);
      await eventually(async () => {
        const detail = await getJson<SpacecraftDetail>(`${b.url}/api/spacecraft/kazeosat-1`);
        const voltage = detail.body.parameters.find((p) => p.parameterId === 'eps.batt_voltage');
        expect(voltage?.timeMs).toBe(T0 + 5000);
      });

      // A dashboard reconnecting to node B after a gap catches up from the shared archive.
      const late = await dashboard(b);
      const reply = await late.subscribe({ fleet: false, spacecraft: ['kazeosat-1'], sinceMs: T0 });
      expect(reply.snapshot).toBeUndefined();
      expect(reply.samples!.some((s) => s.parameterId === 'eps.batt_voltage' && s.t === T0 + 5000)).toBe(
        true,
      );
    });

    it('raises one link alarm for a silent spacecraft, from the node holding the lease, seen on both', async () => {
      const onB = await station(b, 'ankara');
      const bytes = buildFrame({ sequenceCount: 1, timeMs: T0 });
      expect(await sendFrame(onB, bytes)).toEqual({ ok: true, status: 'stored' });
      // Both nodes know it was heard (a spacecraft never heard raises no link alarm: nothing can be said).
      for (const node of [a, b]) {
        await eventually(async () => {
          const detail = await getJson<SpacecraftDetail>(`${node.url}/api/spacecraft/kazeosat-1`);
          expect(detail.body.summary.lastFrameMs).toBe(T0);
        });
      }
      // Stale after 30 s without frames (no pass schedule here: the spacecraft counts as in contact).
      clock.set(T0 + 45_000);
      await Promise.all([a.app.tick(), b.app.tick()]);
      const linkAlarms = async (node: RunningServer) =>
        (await openAlarms(node)).filter((x) => x.kind === 'link' && x.spacecraftId === 'kazeosat-1');
      const [onA] = await eventually(async () => {
        const alarms = await linkAlarms(a);
        expect(alarms).toHaveLength(1);
        return alarms;
      });
      await eventually(async () => expect((await linkAlarms(b)).map((x) => x.id)).toEqual([onA!.id]));
      await Promise.all([a.app.flush(), b.app.flush()]);
      const archived = await a.app.archive.alarms({ spacecraftId: 'kazeosat-1', limit: 100 });
      expect(archived.filter((x) => x.kind === 'link')).toHaveLength(1);
    });

    it('takes an alarm opened on one node to the other, and an acknowledgement on that one back', async () => {
      const onA = await station(a, 'astana');
      const bytes = buildFrame({ sequenceCount: 1, timeMs: T0, values: { 'eps.batt_soc': 30 } });
      expect(await sendFrame(onA, bytes)).toEqual({ ok: true, status: 'stored' });
      const [opened] = await openAlarms(a);
      expect(opened).toMatchObject({ parameterId: 'eps.batt_soc', level: 'red', acknowledged: null });

      const seenOnB = await eventually(async () => {
        const [alarm] = await openAlarms(b);
        expect(alarm?.id).toBe(opened!.id);
        return alarm!;
      });
      expect(seenOnB.acknowledged).toBeNull();
      // Signed by the operator signed in on node B (each test node signs in its own admin).
      const ack = await postJson<Alarm>(`${b.url}/api/alarms/${opened!.id}/ack`, { comment: 'seen on B' });
      expect(ack.status).toBe(200);

      await eventually(async () => {
        const [alarm] = await openAlarms(a);
        // Signed by the session's user (the test servers' admin), not by the name in the request.
        expect(alarm?.acknowledged?.by).toBe('admin-kz');
        expect(alarm?.acknowledged).toEqual(ack.body.acknowledged);
        expect(alarm?.acknowledged?.comment).toBe('seen on B');
      });
      // Node A's own book has it: a second acknowledgement there is a conflict, not a new one.
      const again = await postJson(`${a.url}/api/alarms/${opened!.id}/ack`, { comment: 'seen on A' });
      expect(again.status).toBe(409);
    });
  },
);

function results(ack: BatchAck): string[] {
  if (!('results' in ack)) throw new Error(`batch refused: ${JSON.stringify(ack)}`);
  return ack.results.map((r) => (r.ok ? r.status : r.error));
}
