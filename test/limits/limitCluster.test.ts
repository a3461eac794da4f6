// Limits changed on one node of a deployment (PostgreSQL + Redis) apply on the other at once: it reads them,
// and judges the next sample it processes by them. A node that missed the message (Redis away) reads the
// change back from the shared archive.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LimitChange, ParameterLimitsResponse } from '../../shared/protocol/limits';
import { eventually, newDeployment, SCALE_SKIP_REASON, startNode, type Deployment } from '../helpers/cluster';
import { ManualClock } from '../helpers/clock';
import { getJson, postJson, type RunningServer } from '../helpers/server';
import { buildFrame, connectStation, sendBatch } from '../helpers/stations';
import { dropSchema } from '../helpers/stores';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);
const SC = 'kazeosat-1';
const PATH = `/api/spacecraft/${SC}/limits/eps.batt_voltage`;
const RAISED = { yellow: { low: 31, high: 34 }, red: { low: 25, high: 35 } };
const TITLE = 'limit changes across two nodes on PostgreSQL and Redis';

describe.skipIf(SCALE_SKIP_REASON !== null)(
  SCALE_SKIP_REASON ? `${TITLE} (skipped: ${SCALE_SKIP_REASON})` : TITLE,
  { timeout: 60_000 },
  () => {
    let deployment: Deployment;
    let a: RunningServer;
    let b: RunningServer;

    beforeEach(async () => {
      deployment = newDeployment();
      const clock = new ManualClock(T0 + 10_000);
      a = await startNode(deployment, 'node-a', clock);
      b = await startNode(deployment, 'node-b', clock);
    }, 60_000);

    afterEach(async () => {
      await Promise.all([a.stop(), b.stop()]);
      await dropSchema(deployment.databaseUrl, deployment.schema);
    }, 60_000);

    it('applies a change made on one node on the other, for reading and for judging', async () => {
      const made = await postJson<LimitChange>(`${a.url}${PATH}`, { limits: RAISED, reason: 'new cells' });
      expect(made.status).toBe(201);
      await eventually(async () => {
        const { body } = await getJson<ParameterLimitsResponse>(`${b.url}${PATH}`);
        expect(body.effective).toEqual(RAISED);
        expect(body.override?.id).toBe(made.body.id);
      }, 10_000);
      // Node B processes a frame at 30 V: yellow under the new limits, nominal under the mission file's.
      const station = await connectStation(b.url, 'ankara', 'ankara-secret');
      const bytes = buildFrame({ spacecraftId: SC, sequenceCount: 1, timeMs: T0 + 5000 });
      await sendBatch(station, [{ bytes }]);
      station.close();
      await b.app.flush();
      expect(b.app.current.get(SC, 'eps.batt_voltage')?.limit).toEqual({
        level: 'yellow',
        side: 'low',
      });
      // …and node A hears the sample judged so.
      await eventually(async () => {
        expect(a.app.current.get(SC, 'eps.batt_voltage')?.limit.level).toBe('yellow');
      }, 10_000);

      const reverted = await postJson<LimitChange>(`${b.url}${PATH}/revert`, { reason: 'back' });
      expect(reverted.body.previous).toEqual(RAISED);
      await eventually(async () => {
        const { body } = await getJson<ParameterLimitsResponse>(`${a.url}${PATH}`);
        expect(body.override).toBeNull();
        expect(body.history.map((c) => c.id)).toEqual([reverted.body.id, made.body.id]);
      }, 10_000);
    });

    it('reads back from the archive a change whose message it missed', async () => {
      // Written to the shared archive without a message, as when Redis dropped it.
      const missed = await a.app.archive.recordLimitChange({
        spacecraftId: SC,
        parameterId: 'eps.batt_voltage',
        atMs: T0,
        by: 'engineer-kz',
        limits: RAISED,
        reason: 'while Redis was away',
      });
      expect(b.app.limits.book.override(SC, 'eps.batt_voltage')).toBeNull();
      await b.app.limits.catchUp();
      expect(b.app.limits.book.override(SC, 'eps.batt_voltage')?.id).toBe(missed.id);
    });
  },
);
