// A limit change survives a restart: the next server on the same archive loads it before it judges anything,
// the restored current value included.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LimitChange, ParameterLimitsResponse } from '../../shared/protocol/limits';
import { createSqliteStore } from '../../server/archive/sqlite/store';
import { ManualClock } from '../helpers/clock';
import { getJson, postJson, startServer } from '../helpers/server';
import { buildFrame, connectStation, sendBatch } from '../helpers/stations';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);
const SC = 'kazeosat-1';
const PATH = `/api/spacecraft/${SC}/limits/eps.batt_voltage`;
const RAISED = { yellow: { low: 31, high: 34 }, red: { low: 25, high: 35 } };

describe('limit changes across a restart', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-limits-'));
  const open = () => createSqliteStore({ file: path.join(dir, 'ortaq.sqlite'), synchronous: 'NORMAL' });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps the change in force and judges the restored value by it', { timeout: 60_000 }, async () => {
    const first = await startServer({ store: open(), clock: new ManualClock(T0 + 10_000) });
    const station = await connectStation(first.url, 'astana', 'astana-secret');
    await sendBatch(station, [{ bytes: buildFrame({ spacecraftId: SC, sequenceCount: 1, timeMs: T0 }) }]);
    station.close();
    const made = await postJson<LimitChange>(`${first.url}${PATH}`, { limits: RAISED, reason: 'new cells' });
    expect(made.status).toBe(201);
    await first.stop();

    const second = await startServer({ store: open(), clock: new ManualClock(T0 + 20_000) });
    try {
      const { body } = await getJson<ParameterLimitsResponse>(`${second.url}${PATH}`);
      expect(body).toMatchObject({ effective: RAISED, override: { id: made.body.id, reason: 'new cells' } });
      // 30 V was nominal when it came in; restored after the change, it is judged by the raised limits.
      expect(second.app.current.get(SC, 'eps.batt_voltage')).toMatchObject({
        value: 30,
        limit: { level: 'yellow', side: 'low' },
      });
    } finally {
      await second.stop();
    }
  });
});
