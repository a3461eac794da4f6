// The whole server as `npm start` runs it, stopped and started again on the same data folder: simulated
// time must not go back behind what the archive holds, and an open alarm must still be there.
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Alarm, AlarmsResponse, FleetResponse } from '../../shared/protocol/api';
import { authedFetch, tempDir } from '../helpers/auth';
import { startOrtaq, type OrtaqProcess } from '../helpers/ortaqProcess';
import { mostPassLeft } from '../helpers/silencing';

const dataDir = tempDir('ortaq-restart-');
let ortaq: OrtaqProcess | null = null;

afterAll(async () => {
  await ortaq?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function getJson<T>(path: string): Promise<T> {
  const res = await authedFetch(`${ortaq!.url}${path}`);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

async function poll<T>(read: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${ortaq?.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('restart on the same data folder', () => {
  it(
    'restart-keeps-time-and-alarms: time never goes back and an open red alarm stays',
    { timeout: 150_000 },
    async () => {
      // First run: simulated time starts at the next shared contact (ahead of the wall clock) at 20×.
      ortaq = await startOrtaq({ ORTAQ_SIM_SPEED: '20' }, { dataDir });
      // The one with the most of its pass left: silenced at the end of a pass it would raise no alarm.
      const heard = await poll(async () => {
        const { fleet, serverTimeMs } = await getJson<FleetResponse>('/api/fleet');
        const inContact = fleet.filter((f) => f.stationsInContact.length > 0 && f.status !== 'unknown');
        return mostPassLeft(inContact, serverTimeMs);
      }, 'a spacecraft in contact');
      const fault = await authedFetch(`${ortaq.url}/api/sim/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ spacecraftId: heard.spacecraftId, fault: 'silent' }),
      });
      expect(fault.status).toBe(201);
      const open = await poll(async () => {
        const { alarms } = await getJson<AlarmsResponse>('/api/alarms');
        return alarms.find(
          (a) => a.spacecraftId === heard.spacecraftId && a.kind === 'link' && a.level === 'red',
        );
      }, 'a red link alarm for the silenced spacecraft');
      // The simulation runs ahead of the wall clock; how far by now depends on the machine's pace.
      const before = await poll(async () => {
        const fleet = await getJson<FleetResponse>('/api/fleet');
        return fleet.serverTimeMs > Date.now() + 60_000 ? fleet : undefined;
      }, 'the simulated clock a minute ahead of the wall clock');
      const newestFrameMs = Math.max(...before.fleet.map((f) => f.lastFrameMs ?? -Infinity));
      await ortaq.stop();

      // Second run: "now" on the wall clock is behind the archive; the simulator must start after it.
      ortaq = await startOrtaq({ ORTAQ_SIM_SPEED: '20', ORTAQ_SIM_START: 'now' }, { dataDir });
      const after = await getJson<FleetResponse>('/api/fleet');
      expect(after.serverTimeMs).toBeGreaterThanOrEqual(newestFrameMs);
      expect(after.serverTimeMs).toBeGreaterThanOrEqual(open.openedAtMs);
      const listed = (await getJson<AlarmsResponse>('/api/alarms')).alarms.find(
        (a: Alarm) => a.id === open.id,
      );
      // Still listed: active, or cleared by frames heard after the restart and waiting for acknowledgement.
      expect(listed).toBeDefined();
      expect(listed).toMatchObject({ level: 'red', acknowledged: null });
      if (!listed!.active) expect(listed!.clearedAtMs).toBeGreaterThanOrEqual(newestFrameMs);
      for (const entry of after.fleet) {
        const previous = before.fleet.find((f) => f.spacecraftId === entry.spacecraftId)!;
        if (previous.lastFrameMs !== null)
          expect(entry.lastFrameMs).toBeGreaterThanOrEqual(previous.lastFrameMs);
        // Heard before the restart: never "unknown" again.
        if (previous.lastFrameMs !== null) expect(entry.status).not.toBe('unknown');
      }
    },
  );
});
