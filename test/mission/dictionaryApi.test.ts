import { afterEach, describe, expect, it } from 'vitest';
import type { Dictionary } from '../../shared/dictionary';
import { authedFetch } from '../helpers/auth';
import { startServer, type RunningServer } from '../helpers/server';

describe('GET /api/dictionary on the loaded mission', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('says where each parameter came from: XTCE file and qualified name', async () => {
    server = await startServer();
    const dictionary = (await (await authedFetch(`${server.url}/api/dictionary`)).json()) as Dictionary;
    const parameters = dictionary.packets.flatMap((p) => p.parameters);
    expect(parameters).toHaveLength(42);
    expect(parameters.every((p) => p.source?.file === 'ortaq.xml')).toBe(true);
    expect(parameters.find((p) => p.id === 'eps.batt_voltage')?.source).toEqual({
      file: 'ortaq.xml',
      qualifiedName: '/Ortaq/EPS/batt_voltage',
    });
    expect(parameters.find((p) => p.id === 'event.code')?.source?.qualifiedName).toBe(
      '/Ortaq/OBC/EVENT/code',
    );
  });
});
