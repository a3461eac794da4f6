// The simulator wired to the real server as server/index.ts wires it: shared clock, simulated stations'
// tokens, the fault REST endpoints driving the running constellation.
import { afterEach, describe, expect, it } from 'vitest';
import { DICTIONARY, LINKS } from '../../server/mission/shipped';
import type { StationsResponse } from '../../shared/protocol/api';
import type { ActiveFault, FaultsResponse } from '../../shared/protocol/sim';
import { tokenAuthenticator } from '../../server/ingest/stationAuth';
import { embeddedSimulator, type EmbeddedSimulator } from '../../server/sim/embedded';
import { nextSharedContactMs } from '../../server/sim/startEpoch';
import { getJson, postJson, startServer, type RunningServer } from '../helpers/server';
import { SIM_EPOCH_MS } from '../helpers/sim';

/** Polls an async source until its value satisfies a condition. */
async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met in ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('built-in simulator against the real server', () => {
  let server: RunningServer | undefined;
  let sim: EmbeddedSimulator | undefined;
  afterEach(async () => {
    await sim?.simulator.stop();
    await server?.stop();
    server = sim = undefined;
  });

  it(
    'has several partner stations deliver one-packet frames within seconds, and takes faults over REST',
    { timeout: 20_000 },
    async () => {
      sim = embeddedSimulator({
        dictionary: DICTIONARY,
        speed: 5,
        start: nextSharedContactMs(DICTIONARY, SIM_EPOCH_MS)!,
        externalStations: new Set(['bishkek']),
        wallClockMs: SIM_EPOCH_MS,
        // The one-packet profile ('frames' event) stays selectable; the default is covered below.
        link: 'packets',
      });
      expect([...sim.stationTokens.keys()]).not.toContain('bishkek');
      server = await startServer({
        clock: sim.simulator.clock,
        stationAuth: tokenAuthenticator(sim.stationTokens),
        simulator: sim.simulator.control,
        predictPasses: sim.predictPasses,
      });
      sim.simulator.start(server.url, sim.stationTokens);

      const stations = await eventually(
        async () => (await getJson<StationsResponse>(`${server!.url}/api/stations`)).body.stations,
        (list) => list.filter((s) => s.framesReceived > 0).length >= 2,
        10_000,
      );
      expect(stations.filter((s) => s.uniqueFrames > 0).length).toBeGreaterThanOrEqual(1);

      const injected = await postJson<ActiveFault>(`${server.url}/api/sim/faults`, {
        spacecraftId: 'gokturk-2',
        fault: 'wheel_overspeed',
      });
      expect(injected.status).toBe(201);
      expect(injected.body.sinceMs).toBeGreaterThanOrEqual(sim.startMs);
      const listed = await getJson<FaultsResponse>(`${server.url}/api/sim/faults`);
      expect(listed.body.faults).toEqual([injected.body]);
    },
  );

  it(
    'forwards fixed-length TM frames by default: packets stored, link counted per station',
    { timeout: 30_000 },
    async () => {
      sim = embeddedSimulator({
        dictionary: DICTIONARY,
        speed: 5,
        start: nextSharedContactMs(DICTIONARY, SIM_EPOCH_MS)!,
        externalStations: new Set(),
        wallClockMs: SIM_EPOCH_MS,
        links: LINKS,
      });
      server = await startServer({
        clock: sim.simulator.clock,
        stationAuth: tokenAuthenticator(sim.stationTokens),
        simulator: sim.simulator.control,
        predictPasses: sim.predictPasses,
      });
      sim.simulator.start(server.url, sim.stationTokens);
      const stations = await eventually(
        async () => (await getJson<StationsResponse>(`${server!.url}/api/stations`)).body.stations,
        (list) => list.filter((s) => s.uniqueFrames > 0 && (s.link?.length ?? 0) > 0).length >= 2,
        20_000,
      );
      const heard = stations.filter((s) => s.uniqueFrames > 0);
      for (const station of heard) {
        const realtime = station.link!.filter((c) => c.counts.frames > 0);
        expect(realtime.length).toBeGreaterThan(0);
        // The simulator's counters run on: nothing lost but frames with bit errors, never a packet cut.
        for (const channel of realtime) expect(channel.counts.header_pointer_mismatch).toBe(0);
        expect(realtime.some((c) => c.clcw === 'ok')).toBe(true);
      }
      const client = sim.simulator.stations().find((s) => s.stored > 0);
      expect(client).toBeDefined();
      expect(sim.simulator.stations().every((s) => s.rejected <= s.stored)).toBe(true);
    },
  );
});
