// POST /api/admin/mission/reload on an in-process app: who may ask, and how the reloader's answers (started,
// refused with the check's messages, already in progress) reach the caller. The real replacement of a running
// server is in missionReload.test.ts.
import path from 'node:path';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { requireMission } from '../../server/mission/folder';
import {
  missionReloader,
  RELOAD_REPLY_GRACE_MS,
  type MissionReloadOutcome,
} from '../../server/mission/reloader';
import type { RunnableMission } from '../../server/mission/folder';
import type { MissionReloadResponse } from '../../shared/protocol/mission';
import { loginAs, tempDir, testUsername } from '../helpers/auth';
import { startServer, type RunningServer } from '../helpers/server';

const JOINED = path.resolve(import.meta.dirname, '../fixtures/mission/joined');
const RELOAD = '/api/admin/mission/reload';

describe('the mission reloader', () => {
  function reloaderOn(dir: string, replaced: RunnableMission[], pending: (() => void)[]) {
    return missionReloader({
      load: () => requireMission(dir),
      replace: (mission) => {
        replaced.push(mission);
        return Promise.resolve();
      },
      later: (task, ms) => {
        expect(ms).toBe(RELOAD_REPLY_GRACE_MS);
        pending.push(task);
      },
      log: () => {},
    });
  }

  it('replaces the instance only after answering, and refuses a second reload meanwhile', async () => {
    const replaced: RunnableMission[] = [];
    const pending: (() => void)[] = [];
    const reloader = reloaderOn(JOINED, replaced, pending);
    const first = reloader.reload();
    expect(first.ok && first.response.spacecraft).toContain('pamir-1');
    expect(first.ok && first.response.partners).toContain('TJ');
    expect(replaced).toHaveLength(0);
    const second = reloader.reload();
    expect(second).toMatchObject({ ok: false, status: 409, code: 'reload_in_progress' });
    pending.shift()!();
    await Promise.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(replaced.map((m) => m.dictionary.spacecraft.length)).toEqual([7]);
    expect(reloader.reload().ok).toBe(true);
  });

  it('refuses a mission that cannot run with the check messages, and replaces nothing', () => {
    const dir = tempDir('ortaq-reload-bad-');
    try {
      fs.writeFileSync(path.join(dir, 'mission.yaml'), 'partners: [\n');
      const replaced: RunnableMission[] = [];
      const pending: (() => void)[] = [];
      const outcome = reloaderOn(dir, replaced, pending).reload();
      expect(outcome).toMatchObject({ ok: false, status: 422, code: 'invalid_mission' });
      expect(!outcome.ok && outcome.messages.join('\n')).toMatch(/mission\.yaml:\d+/);
      expect(pending).toHaveLength(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe(`POST ${RELOAD}`, () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('answers 404 on a server started without a mission folder', async () => {
    server = await startServer();
    const { status, body } = await server.session.json<{ error: string }>(RELOAD, { method: 'POST' });
    expect(status).toBe(404);
    expect(body.error).toBe('reload_unavailable');
  });

  it('is for admins only: engineers, operators and viewers get 403 and nothing reloads', async () => {
    let asked = 0;
    server = await startServer({
      missionReloader: {
        reload: () => {
          asked++;
          return { ok: false, status: 409, code: 'reload_in_progress', messages: [] };
        },
      },
    });
    for (const role of ['engineer', 'operator', 'viewer'] as const) {
      const session = await loginAs(server, role);
      expect((await session.json(RELOAD, { method: 'POST' })).status).toBe(403);
    }
    const anonymous = await fetch(`${server.url}${RELOAD}`, { method: 'POST' });
    expect(anonymous.status).toBe(401);
    expect(asked).toBe(0);
  }, 30_000);

  it('passes the check messages on with 422 and the reload in progress with 409', async () => {
    const answers: MissionReloadOutcome[] = [
      { ok: false, status: 422, code: 'invalid_mission', messages: ['mission.yaml:3: unknown partner XX'] },
      {
        ok: false,
        status: 409,
        code: 'reload_in_progress',
        messages: ['a mission reload is already in progress'],
      },
    ];
    let i = 0;
    server = await startServer({ missionReloader: { reload: () => answers[i++]! } });
    const refused = await server.session.json<{ error: string; detail: string[] }>(RELOAD, {
      method: 'POST',
    });
    expect(refused).toMatchObject({
      status: 422,
      body: { error: 'invalid_mission', detail: ['mission.yaml:3: unknown partner XX'] },
    });
    const busy = await server.session.json<{ error: string }>(RELOAD, { method: 'POST' });
    expect(busy).toMatchObject({ status: 409, body: { error: 'reload_in_progress' } });
  });

  it('answers 202 with what the new mission declares and audits the reload', async () => {
    const response: MissionReloadResponse = {
      partners: ['KZ', 'TJ'],
      stations: ['dushanbe'],
      spacecraft: ['pamir-1'],
      restartInMs: RELOAD_REPLY_GRACE_MS,
    };
    server = await startServer({ missionReloader: { reload: () => ({ ok: true, response }) } });
    const started = await server.session.json<MissionReloadResponse>(RELOAD, {
      method: 'POST',
      body: JSON.stringify({ ignored: 'x'.repeat(1000) }),
    });
    expect(started).toMatchObject({ status: 202, body: response });
    const [entry] = await server.app.auth.audit.list({ limit: 1, action: 'mission_reload' });
    expect(entry).toMatchObject({ actor: testUsername('admin', 'KZ'), action: 'mission_reload' });
    expect(entry?.detail).toContain('1 spacecraft, 1 stations, 2 partners');
  });
});
