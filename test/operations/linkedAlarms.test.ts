// Alarms an entry links are looked up by id in the archive, however old: an alarm with more than a thousand
// newer ones after it links like a new one, on every archive, and its onset is drawn over its window.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alarm } from '../../shared/protocol/api';
import type { AnnotationsResponse, ShiftLogEntry } from '../../shared/protocol/shiftlog';
import type { Store } from '../../server/archive/types';
import { createMemoryAuth, loginAs, type Session } from '../helpers/auth';
import { ManualClock } from '../helpers/clock';
import { startServer, type RunningServer } from '../helpers/server';
import { STORE_FACTORIES, type StoreHandle } from '../helpers/stores';
import { defaultAgreement } from '../../server/auth/agreement';
import { DICTIONARY } from '../../server/mission/shipped';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);
const MINUTE = 60_000;
/** More newer alarms than any "newest N" search would reach past. */
const NEWER_ALARMS = 1500;

/** A closed, acknowledged alarm: the alarm book forgets it, only the archive keeps it. */
function closedAlarm(id: string, spacecraftId: string, openedAtMs: number): Alarm {
  return {
    id,
    spacecraftId,
    parameterId: 'eps.batt_soc',
    kind: 'limit',
    level: 'red',
    active: false,
    openedAtMs,
    clearedAtMs: openedAtMs + 1000,
    lastValue: 30,
    worstValue: 30,
    playback: false,
    discoveredAtMs: openedAtMs,
    acknowledged: { by: 'operator-kz', atMs: openedAtMs + 2000, comment: '' },
    shelvedUntilMs: null,
  };
}

describe.each(STORE_FACTORIES)('linked alarms on the $name archive', (factory) => {
  let handle: StoreHandle;
  let server: RunningServer;
  let operator: Session;

  beforeEach(async () => {
    handle = await factory.create();
    const store: Store = await handle.open();
    const oldMs = T0 - 30 * 86_400_000;
    const newer = Array.from({ length: NEWER_ALARMS }, (_, i) =>
      closedAlarm(`newer-${i}`, i % 2 === 0 ? 'kazeosat-1' : 'kazeosat-2', T0 - (i + 1) * MINUTE),
    );
    await store.commit({
      frames: [],
      alarms: [closedAlarm('old-kz', 'kazeosat-1', oldMs), ...newer],
      events: [],
      stations: [],
      downlink: [],
    });
    server = await startServer({
      store,
      clock: new ManualClock(T0),
      auth: createMemoryAuth(defaultAgreement(DICTIONARY)),
      notify: { pollMs: 0 },
      operations: { refreshMs: 0 },
    });
    operator = await loginAs(server, 'operator', 'KZ');
    // Fifteen hundred alarms committed, a server started and two sign-ins hashed: seconds on a busy machine.
  }, 60_000);
  afterEach(async () => {
    await server?.stop();
    await handle.dispose();
  });

  it('links an alarm older than the newest thousand, draws its onset, and refuses it to a partner that may not see it', async () => {
    const write = (body: unknown, as: Session = operator) =>
      as.json<ShiftLogEntry & { error?: string }>('/api/shiftlog', {
        method: 'POST',
        body: JSON.stringify(body),
      });
    const linked = await write({ text: 'Same fault as last month', alarms: ['old-kz', 'newer-0'] });
    expect(linked.status).toBe(201);
    expect(linked.body).toMatchObject({ alarms: ['old-kz', 'newer-0'], spacecraft: ['kazeosat-1'] });

    const missing = await write({ text: 'No such alarm', alarms: ['old-kz', 'never-raised'] });
    expect([missing.status, missing.body.error]).toEqual([404, 'alarm_not_found']);
    // Uzbekistan sees kazeosat-1's status, not its telemetry: its alarms are not Uzbekistan's to link.
    const uzbek = await loginAs(server, 'operator', 'UZ');
    const refused = await write({ text: 'Seen it', alarms: ['old-kz'] }, uzbek);
    expect([refused.status, refused.body.error]).toEqual([403, 'forbidden']);

    const oldMs = T0 - 30 * 86_400_000;
    const { body } = await operator.json<AnnotationsResponse>(
      `/api/annotations?spacecraft=kazeosat-1&from=${oldMs - MINUTE}&to=${oldMs + MINUTE}`,
    );
    expect(body.annotations).toEqual([
      { kind: 'alarm', id: 'old-kz', atMs: oldMs, level: 'red', parameterId: 'eps.batt_soc' },
    ]);
  }, 60_000);
});
