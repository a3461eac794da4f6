// The running simulator: a timer feeds the simulated clock's time to the constellation and hands each
// station's frames to its socket client. Everything time-dependent comes from the clock.
import type { Clock } from '../../shared/clock';
import type { Dictionary } from '../../shared/dictionary';
import type { TleLines } from '../../shared/orbit';
import type { BatchFrame } from '../../shared/protocol/ingest';
import type { FaultRequest } from '../../shared/protocol/sim';
import { createSimulationClock, type SimulationClock } from './clock';
import { Constellation, type DownlinkRecord, type Reception } from './constellation';
import type { SimulatorControl } from './control';
import { StationClient, type StationClientStats } from './stations/stationClient';

export interface SimulatorOptions {
  dictionary: Dictionary;
  /** The clock to fly by; without it a simulation clock is made from speed and startMs. */
  clock?: Clock;
  speed?: number;
  startMs?: number;
  /** Elements that replace the bundled TLEs, by spacecraft id. */
  tles?: ReadonlyMap<string, TleLines>;
  /** Faults active from the start. */
  faults?: readonly FaultRequest[];
  seed?: number;
  /** Wall-clock period of the simulation loop. Default 200 ms. */
  tickMs?: number;
  /** Frames each station keeps while the server is unreachable. Default 20,000. */
  stationQueueFrames?: number;
  log?: (message: string) => void;
}

export interface Simulator {
  control: SimulatorControl;
  clock: Clock;
  constellation: Constellation;
  /** Starts the flight and one ingest client per station that has a token. */
  start(serverUrl: string, stationTokens: ReadonlyMap<string, string>): void;
  stations(): StationClientStats[];
  downlinks(): DownlinkRecord[];
  stop(): Promise<void>;
}

/** Realtime housekeeping period for a clock speed: 1 s up to 10×, then longer so a station sends at most
 * ~10 frames per APID and spacecraft per wall-clock second. */
export const housekeepingPeriodMs = (speed: number): number => Math.max(1000, Math.round(speed * 100));

/** Playback packets per spacecraft per loop iteration: at most ~200 per wall-clock second at 200 ms. */
const MAX_PLAYBACK_PER_TICK = 40;

export function createSimulator(options: SimulatorOptions): Simulator {
  const clock: Clock =
    options.clock ??
    createSimulationClock({ startMs: options.startMs ?? Date.now(), speed: options.speed ?? 1 });
  const speed = (clock as Partial<SimulationClock>).speed ?? options.speed ?? 1;
  const constellation = new Constellation({
    dictionary: options.dictionary,
    startMs: clock.now(),
    seed: options.seed,
    tles: options.tles,
    housekeepingPeriodMs: housekeepingPeriodMs(speed),
    maxPlaybackPerAdvance: MAX_PLAYBACK_PER_TICK,
  });
  for (const fault of options.faults ?? []) constellation.injectFault(fault);
  const log = options.log ?? (() => undefined);
  const clients = new Map<string, StationClient>();
  let timer: ReturnType<typeof setInterval> | null = null;

  // After a long pause (a laptop asleep) the constellation catches up over several iterations instead of
  // blocking the event loop for one long flight.
  const maxAdvanceMs = Math.max(60_000, speed * 5_000);
  const tick = () => {
    const byStation = new Map<string, BatchFrame[]>();
    const target = Math.min(clock.now(), constellation.timeMs + maxAdvanceMs);
    for (const reception of constellation.advanceTo(target)) {
      const frames = byStation.get(reception.stationId) ?? [];
      frames.push(toBatchFrame(reception));
      byStation.set(reception.stationId, frames);
    }
    for (const [stationId, frames] of byStation) clients.get(stationId)?.send(frames);
  };

  return {
    control: constellation,
    clock,
    constellation,
    start(serverUrl, stationTokens) {
      if (timer) throw new Error('simulator already started');
      for (const station of options.dictionary.stations) {
        const token = stationTokens.get(station.id);
        if (!token) {
          log(`station ${station.id}: no token, not simulated`);
          continue;
        }
        clients.set(
          station.id,
          new StationClient({
            serverUrl,
            stationId: station.id,
            token,
            queueFrames: options.stationQueueFrames,
            log,
          }),
        );
      }
      timer = setInterval(tick, options.tickMs ?? 200);
    },
    stations: () => [...clients.values()].map((client) => client.stats()),
    downlinks: () => constellation.downlinks(),
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await Promise.all([...clients.values()].map((client) => client.close()));
      clients.clear();
    },
  };
}

const toBatchFrame = (reception: Reception): BatchFrame => ({
  ert: reception.ertMs,
  snrDb: reception.snrDb,
  bytes: reception.bytes,
});

export interface StartSimulatorOptions extends SimulatorOptions {
  serverUrl: string;
  stationTokens: ReadonlyMap<string, string>;
}

/** Creates the simulator and starts its stations against a running server. */
export function startSimulator(options: StartSimulatorOptions): {
  control: SimulatorControl;
  clock: Clock;
  simulator: Simulator;
  stop(): Promise<void>;
} {
  const simulator = createSimulator(options);
  simulator.start(options.serverUrl, options.stationTokens);
  return { control: simulator.control, clock: simulator.clock, simulator, stop: () => simulator.stop() };
}
