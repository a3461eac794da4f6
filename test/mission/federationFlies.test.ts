// The federation flies: the real server, started with ORTAQ_MISSION=mission/federation-100 after an hour of
// history flown into its empty archive, lists 100 spacecraft, predicts passes over all 30 stations, and
// receives live frames through several of them.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEDERATION_DIR } from '../../server/mission/federation';
import { requireMission } from '../../server/mission/folder';
import type { FleetResponse, PassesResponse, StationsResponse } from '../../shared/protocol/api';
import type { Session } from '../helpers/auth';
import { eventually } from '../helpers/cluster';
import { startMissionServer, type MissionServer } from '../helpers/missionServer';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dictionary = requireMission(FEDERATION_DIR).dictionary;

describe('the federation mission on the real server', () => {
  let mission: MissionServer;
  let admin: Session;

  beforeAll(async () => {
    mission = await startMissionServer(
      'federation',
      {
        // Relative, as an operator types it: the server resolves it against its working directory.
        ORTAQ_MISSION: path.relative(ROOT, FEDERATION_DIR),
        ORTAQ_SIM: 'on',
        ORTAQ_SIM_SPEED: '5',
        ORTAQ_SIM_BACKFILL_HOURS: '1',
      },
      dictionary,
    );
    admin = mission.admin;
  }, 180_000);

  afterAll(() => mission?.stop());

  it('lists the 100 spacecraft of the mission in /api/fleet', async () => {
    const { status, body } = await admin.json<FleetResponse>('/api/fleet');
    expect(status).toBe(200);
    expect(body.fleet.map((f) => f.spacecraftId).sort()).toEqual(
      dictionary.spacecraft.map((s) => s.id).sort(),
    );
  }, 30_000);

  it('predicts passes over every one of the 30 stations in the day ahead', async () => {
    const { status, body } = await admin.json<PassesResponse>('/api/passes');
    expect(status).toBe(200);
    expect(new Set(body.passes.map((p) => p.stationId)).size).toBe(30);
    expect(new Set(body.passes.map((p) => p.spacecraftId)).size).toBe(100);
  }, 60_000);

  it('receives live frames through several stations once the history is filled', async () => {
    await eventually(async () => {
      const { body } = await admin.json<StationsResponse>('/api/stations');
      const hearing = body.stations.filter((s) => s.framesReceived > 0);
      expect(hearing.length, mission.server.output()).toBeGreaterThanOrEqual(3);
    }, 120_000);
    await eventually(async () => {
      const { body } = await admin.json<FleetResponse>('/api/fleet');
      const receiving = new Set(body.fleet.flatMap((f) => f.stationsInContact));
      expect(receiving.size).toBeGreaterThanOrEqual(3);
      expect(body.fleet.filter((f) => f.lastFrameMs !== null).length).toBeGreaterThanOrEqual(10);
    }, 120_000);
  }, 250_000);
});
