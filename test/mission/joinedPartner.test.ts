// A partner that joins without a release: test/fixtures/mission/joined declares Tajikistan (a partner no part
// of Ortaq's code or translations names) with its own station and spacecraft. The check passes, and the real
// server started on that folder lists, flies, stores, limit-checks and predicts passes for it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMissionCli } from '../../server/mission/cli';
import { requireMission } from '../../server/mission/folder';
import type { Dictionary } from '../../shared/dictionary';
import type {
  FleetResponse,
  PassesResponse,
  SpacecraftDetail,
  StationsResponse,
} from '../../shared/protocol/api';
import type { Session } from '../helpers/auth';
import { eventually } from '../helpers/cluster';
import { startMissionServer, type MissionServer } from '../helpers/missionServer';
import {
  insideJoinedPass,
  JOINED_MISSION_DIR,
  JOINED_SPACECRAFT,
  JOINED_STATION,
} from '../helpers/joinedMission';

const JOINED = JOINED_MISSION_DIR;
const SPACECRAFT = JOINED_SPACECRAFT;
const STATION = JOINED_STATION;

describe('a partner declared only in the mission folder', () => {
  it('passes the check', () => {
    const out: string[] = [];
    const code = runMissionCli(['check', JOINED], { out: (l) => out.push(l), err: (l) => out.push(l) });
    expect(code, out.join('\n')).toBe(0);
    expect(out.join('\n')).toContain(`${SPACECRAFT}: ortaq.xml from /Ortaq/CCSDSPacket`);
  });

  describe('on the real server', () => {
    const dictionary = requireMission(JOINED).dictionary;
    let mission: MissionServer;
    let admin: Session;

    beforeAll(async () => {
      mission = await startMissionServer(
        'joined',
        {
          ORTAQ_MISSION: JOINED,
          ORTAQ_ADMIN_PARTNER: 'TJ',
          ORTAQ_SIM: 'on',
          ORTAQ_SIM_SPEED: '5',
          ORTAQ_SIM_START: new Date(insideJoinedPass(dictionary, Date.now(), 120_000)).toISOString(),
        },
        dictionary,
      );
      admin = mission.admin;
    }, 90_000);

    afterAll(() => mission?.stop());

    it('describes the partner, its station and spacecraft in /api/dictionary', async () => {
      const { status, body } = await admin.json<Dictionary>('/api/dictionary');
      expect(status).toBe(200);
      expect(body.partners.find((p) => p.id === 'TJ')).toMatchObject({
        name: 'Tajikistan',
        timeZone: 'Asia/Dushanbe',
        names: { ru: 'Таджикистан' },
      });
      expect(body.stations.find((s) => s.id === STATION)?.partner).toBe('TJ');
      expect(body.spacecraft.find((s) => s.id === SPACECRAFT)).toMatchObject({ partner: 'TJ', scid: 401 });
    });

    it('flies it: frames arrive through its station, are stored, and its values are limit-checked', async () => {
      const detail = await eventually(async () => {
        const { body } = await admin.json<SpacecraftDetail>(`/api/spacecraft/${SPACECRAFT}`);
        expect(body.summary.lastFrameMs).not.toBeNull();
        expect(body.parameters.length).toBeGreaterThan(30);
        return body;
      }, 60_000);
      const voltage = detail.parameters.find((p) => p.parameterId === 'eps.batt_voltage');
      expect(voltage?.value).toBeGreaterThan(0);
      expect(['nominal', 'yellow', 'red']).toContain(voltage?.limit.level);

      await eventually(async () => {
        const fleet = await admin.json<FleetResponse>('/api/fleet');
        const entry = fleet.body.fleet.find((f) => f.spacecraftId === SPACECRAFT);
        expect(entry?.stationsInContact).toContain(STATION);
      }, 30_000);

      await eventually(async () => {
        const stations = await admin.json<StationsResponse>('/api/stations');
        const dushanbe = stations.body.stations.find((s) => s.stationId === STATION);
        expect(dushanbe?.framesReceived).toBeGreaterThan(0);
        expect(dushanbe?.spacecraftInView).toContain(SPACECRAFT);
      }, 30_000);
      // Stored: the archive gives the frames back.
      const csv = await admin.fetch(`/api/frames.csv?spacecraft=${SPACECRAFT}`);
      expect(csv.status).toBe(200);
      expect((await csv.text()).trim().split('\n').length).toBeGreaterThan(1);
    }, 90_000);

    it('predicts its passes over its partner station', async () => {
      const { body } = await admin.json<PassesResponse>(`/api/passes?spacecraft=${SPACECRAFT}`);
      expect(body.passes.some((p) => p.stationId === STATION)).toBe(true);
    });

    it('takes users of the new partner and refuses a partner the mission does not declare', async () => {
      const created = await admin.json('/api/admin/users', {
        method: 'POST',
        body: JSON.stringify({ username: 'tj-operator', partner: 'TJ', role: 'operator' }),
      });
      expect(created.status).toBe(201);
      const unknown = await admin.json<{ error: string }>('/api/admin/users', {
        method: 'POST',
        body: JSON.stringify({ username: 'nobody', partner: 'ZZ', role: 'operator' }),
      });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error).toBe('unknown_partner');
    });
  });
});
