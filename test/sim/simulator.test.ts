// The whole simulator against a real socket.io ingest server on loopback: several partner stations forward
// frames within seconds of the start.
import { afterEach, describe, expect, it } from 'vitest';
import { FrameCodec } from '../../shared/codec';
import { DICTIONARY } from '../../server/mission/shipped';
import { createSimulationClock } from '../../server/sim/clock';
import { housekeepingPeriodMs, startSimulator } from '../../server/sim/simulator';
import { nextSharedContactMs, parseStart, resolveStart } from '../../server/sim/startEpoch';
import { tlesFromFile } from '../../server/sim/tleFile';
import { startIngestServer, waitFor, type TestIngestServer } from '../helpers/ingestServer';
import { SIM_EPOCH_MS } from '../helpers/sim';

const codec = new FrameCodec(DICTIONARY);
const TOKENS = new Map(DICTIONARY.stations.map((s) => [s.id, `token-${s.id}`]));

describe('simulation clock', () => {
  it('runs from its epoch at its speed', () => {
    let wall = 1_000;
    const clock = createSimulationClock({ startMs: SIM_EPOCH_MS, speed: 60, realNow: () => wall });
    expect(clock.now()).toBe(SIM_EPOCH_MS);
    wall += 1_500;
    expect(clock.now()).toBe(SIM_EPOCH_MS + 90_000);
    expect(() => createSimulationClock({ startMs: SIM_EPOCH_MS, speed: 1001 })).toThrow(/at most 1000/);
    expect(() => createSimulationClock({ startMs: SIM_EPOCH_MS, speed: 0 })).toThrow();
  });

  it('slows housekeeping down at high speed so stations send at most ~10 frames per APID per second', () => {
    expect(housekeepingPeriodMs(1)).toBe(1_000);
    expect(housekeepingPeriodMs(10)).toBe(1_000);
    expect(housekeepingPeriodMs(1000)).toBe(100_000);
  });

  it('starts now or at a given time, never before the archive, and finds the next shared pass', () => {
    expect(parseStart('2026-11-25T06:00:00Z')).toBe(Date.parse('2026-11-25T06:00:00Z'));
    expect(parseStart('yesterday')).toBeUndefined();
    expect(parseStart('next-contact')).toBeUndefined();
    expect(resolveStart('now', SIM_EPOCH_MS)).toBe(SIM_EPOCH_MS);
    expect(resolveStart('now', SIM_EPOCH_MS, SIM_EPOCH_MS + 60_000)).toBe(SIM_EPOCH_MS + 60_000);
    expect(resolveStart(SIM_EPOCH_MS - 5000, SIM_EPOCH_MS, SIM_EPOCH_MS - 9000)).toBe(SIM_EPOCH_MS - 5000);
    const shared = nextSharedContactMs(DICTIONARY, SIM_EPOCH_MS)!;
    expect(shared).toBeGreaterThan(SIM_EPOCH_MS);
    expect(shared - SIM_EPOCH_MS).toBeLessThan(2 * 3_600_000);
  });
});

describe('operator TLE file', () => {
  it('replaces the elements of the spacecraft it names by NORAD number and warns about the rest', () => {
    const imece = DICTIONARY.spacecraft.find((s) => s.id === 'imece')!;
    const stranger = ['1 25544U 98067A   26100.50000000  .00016717  00000+0  30000-3 0  9990', ''];
    const text = `IMECE\n${imece.tle[0]}\n${imece.tle[1]}\nNOT OURS\n${stranger[0]}\n${imece.tle[1]}\n`;
    const { tles, warnings } = tlesFromFile(text, DICTIONARY);
    expect([...tles]).toEqual([['imece', imece.tle]]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^NOT OURS: /);
  });
});

describe('simulator with its ground stations', () => {
  let server: TestIngestServer | undefined;
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
    await server?.stop();
    server = stop = undefined;
  });

  it('forwards frames from several partner stations within seconds of a next-contact start', async () => {
    server = await startIngestServer(TOKENS);
    const startMs = nextSharedContactMs(DICTIONARY, SIM_EPOCH_MS)!;
    const simulator = startSimulator({
      dictionary: DICTIONARY,
      serverUrl: server.url,
      stationTokens: TOKENS,
      speed: 5,
      startMs,
      tickMs: 100,
      // This ingest stand-in reads each frame as one packet: the one-packet profile, not the default frames.
      link: 'packets',
    });
    stop = simulator.stop;
    await waitFor(() => new Set(server!.received.map((f) => f.stationId)).size >= 2, 8_000, 'two stations');
    const decoded = server.received.map((f) => codec.decode(f.bytes)).filter((d) => d.ok);
    expect(decoded.length).toBeGreaterThan(0);
    for (const f of server.received) {
      expect(f.ert).toBeGreaterThanOrEqual(startMs);
      expect(f.snrDb).toBeGreaterThan(-10);
    }
    // The shared control drives the running constellation.
    const fault = simulator.control.injectFault({ spacecraftId: 'imece', fault: 'thermal_runaway' });
    expect(fault.sinceMs).toBeGreaterThanOrEqual(startMs);
    expect(simulator.control.listFaults()).toEqual([fault]);
    expect(simulator.control.clearFaults('imece', 'thermal_runaway')).toBe(1);
  });
});
