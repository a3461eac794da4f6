import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dictionary } from '../../shared/dictionary';
import { DICTIONARY } from '../../server/mission/shipped';
import { startServer, type RunningServer } from '../helpers/server';
import { authedFetch } from '../helpers/auth';

describe('server app', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.stop());

  it('answers /healthz', async () => {
    const res = await authedFetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('serves the whole dictionary in the documented shape', async () => {
    const res = await authedFetch(`${server.url}/api/dictionary`);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await res.json()) as Dictionary;
    expect(body).toEqual(JSON.parse(JSON.stringify(DICTIONARY)));
    const eps = body.packets.find((p) => p.name === 'EPS_HK');
    expect(eps?.parameters[0]).toMatchObject({
      id: 'eps.batt_voltage',
      type: 'u16',
      scale: 0.001,
      offset: 0,
    });
    expect(body.stations[0]).toHaveProperty('maxDownlinkBps');
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const res = await authedFetch(`${server.url}/api/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: 'not_found' });
  });
});
