// A mission reloaded on the real server: a broken folder is refused with the check's messages and the old
// mission keeps serving; a folder that adds a fourth partner's spacecraft replaces the running instance on the
// same port, and the new spacecraft is listed, predicted, flown and stored without a process restart.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireMission, SHIPPED_MISSION_DIR } from '../../server/mission/folder';
import type { Dictionary } from '../../shared/dictionary';
import type { FleetResponse, PassesResponse, StationsResponse } from '../../shared/protocol/api';
import type { MissionReloadResponse } from '../../shared/protocol/mission';
import { login, openAgreement, tempDir, type Session } from '../helpers/auth';
import { eventually } from '../helpers/cluster';
import { freePort, spawnServer, type ServerChild } from '../helpers/serverChild';
import { insideJoinedPass, JOINED_MISSION_DIR } from '../helpers/joinedMission';

const JOINED = JOINED_MISSION_DIR;
const MISSION_FILES = ['mission.yaml', 'ortaq.xml'];
const RELOAD = '/api/admin/mission/reload';

function copyMission(from: string, to: string): void {
  for (const file of MISSION_FILES) fs.copyFileSync(path.join(from, file), path.join(to, file));
}

describe('a mission reloaded on the running server', () => {
  const joined = requireMission(JOINED).dictionary;
  let dataDir: string;
  let missionDir: string;
  let server: ServerChild;
  let admin: Session;

  beforeAll(async () => {
    dataDir = tempDir('ortaq-reload-');
    missionDir = path.join(dataDir, 'mission');
    fs.mkdirSync(missionDir);
    copyMission(SHIPPED_MISSION_DIR, missionDir);
    server = await spawnServer(dataDir, await freePort(), {
      ORTAQ_MISSION: missionDir,
      ORTAQ_SIM: 'on',
      ORTAQ_SIM_SPEED: '2',
      ORTAQ_SIM_START: new Date(insideJoinedPass(joined, Date.now(), 60_000)).toISOString(),
    });
    admin = await login(server.url, 'admin');
  }, 90_000);

  afterAll(async () => {
    if (server?.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a broken folder with the check messages and keeps serving the old mission', async () => {
    fs.writeFileSync(path.join(missionDir, 'mission.yaml'), 'partners:\n  - id: KZ\n    name: [unclosed\n');
    const refused = await admin.json<{ error: string; detail: string[] }>(RELOAD, { method: 'POST' });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toBe('invalid_mission');
    expect(refused.body.detail.join('\n')).toMatch(/mission\.yaml:\d+/);
    const fleet = await admin.json<FleetResponse>('/api/fleet');
    expect(fleet.status).toBe(200);
    expect(fleet.body.fleet.map((f) => f.spacecraftId)).not.toContain('pamir-1');
    expect(fleet.body.fleet.length).toBeGreaterThan(0);
  }, 30_000);

  it('takes a fourth partner spacecraft without a restart: listed, predicted, flown and stored', async () => {
    copyMission(JOINED, missionDir);
    // The agreement is read again with the mission: the new partner sees its spacecraft from the reload on.
    fs.writeFileSync(path.join(dataDir, 'agreement.json'), JSON.stringify(openAgreement(joined)));
    const started = await admin.json<MissionReloadResponse>(RELOAD, { method: 'POST' });
    expect(started.status).toBe(202);
    expect(started.body.spacecraft).toContain('pamir-1');
    expect(started.body.partners).toContain('TJ');

    // Same process, same port, same session (sessions live in the data folder's auth store).
    const dictionary = await eventually(async () => {
      const { status, body } = await admin.json<Dictionary>('/api/dictionary');
      expect(status).toBe(200);
      expect(body.partners.map((p) => p.id)).toContain('TJ');
      return body;
    }, 30_000);
    expect(dictionary.spacecraft.find((s) => s.id === 'pamir-1')?.partner).toBe('TJ');
    expect(server.child.exitCode).toBeNull();

    const passes = await admin.json<PassesResponse>('/api/passes?spacecraft=pamir-1');
    expect(passes.body.passes.some((p) => p.stationId === 'dushanbe')).toBe(true);
    await eventually(async () => {
      const stations = await admin.json<StationsResponse>('/api/stations');
      const dushanbe = stations.body.stations.find((s) => s.stationId === 'dushanbe');
      expect(dushanbe?.framesReceived).toBeGreaterThan(0);
    }, 60_000);
    await eventually(async () => {
      const fleet = await admin.json<FleetResponse>('/api/fleet');
      expect(fleet.body.fleet.find((f) => f.spacecraftId === 'pamir-1')?.lastFrameMs).not.toBeNull();
    }, 30_000);
    const csv = await admin.fetch('/api/frames.csv?spacecraft=pamir-1');
    expect(csv.status).toBe(200);
    expect((await csv.text()).trim().split('\n').length).toBeGreaterThan(1);
  }, 150_000);
});
