// The running simulator: a timer feeds the simulated clock's time to the constellation and hands each
// station's frames to its socket client. Everything time-dependent comes from the clock.
import type { Clock } from '../../shared/clock';
import type { Dictionary } from '../../shared/dictionary';
import type { FrameEncoder } from '../../shared/codec';
import type { TleLines } from '../../shared/orbit';
import type { BatchFrame } from '../../shared/protocol/ingest';
import type { PhysicalChannelConfig } from '../../shared/link';
import type { SimLinkMode } from './linkMode';
import type { FaultRequest } from '../../shared/protocol/sim';
import { createSimulationClock, type SimulationClock } from './clock';
import { Constellation, type DownlinkRecord, type Reception } from './constellation';
import type { SimulatorControl } from './control';
import { fastForwardPace, flyToPresent, HistoryClock, type FastForwardOptions } from './fastForward';
import { StationClient, type StationClientStats } from './stations/stationClient';

export interface SimulatorOptions {
  dictionary: Dictionary;
  /** The clock to fly by; without it a simulation clock is made from speed and startMs. */
  clock?: Clock;
  speed?: number;
  startMs?: number;
  /** Elements that replace the bundled TLEs, by spacecraft id. */
  tles?: ReadonlyMap<string, TleLines>;
  /**
   * Start the constellation here, before the clock's present, to fly the past in fast-forward (fastForward);
   * until then the simulator's clock reads the simulated time reached.
   */
  historyFromMs?: number;
  /** Faults active from the start. */
  faults?: readonly FaultRequest[];
  /**
   * What the stations forward once live: 'packets' (one packet a frame, the default) or 'frames' (fixed-length
   * TM transfer frames of each spacecraft's `link:`, sent with 'tmFrames'; needs `links`).
   */
  link?: SimLinkMode;
  /** Each spacecraft's physical channel (the mission's `link:` sections). */
  links?: ReadonlyMap<string, PhysicalChannelConfig>;
  /** What writes the packets (ConstellationOptions.encoder). */
  encoder?: FrameEncoder;
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
  /** Flies from historyFromMs up to the present, handing the frames to `deliver` (before start). */
  fastForward(options: FastForwardOptions): Promise<void>;
  /** True while the clock reads the past being filled (from creation with historyFromMs to the present). */
  readonly fillingHistory: boolean;
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
  const liveClock: Clock =
    options.clock ??
    createSimulationClock({ startMs: options.startMs ?? Date.now(), speed: options.speed ?? 1 });
  const speed = (liveClock as Partial<SimulationClock>).speed ?? options.speed ?? 1;
  const historyFromMs =
    options.historyFromMs !== undefined && options.historyFromMs < liveClock.now()
      ? options.historyFromMs
      : null;
  const clock = new HistoryClock(liveClock, historyFromMs);
  const constellation = new Constellation({
    dictionary: options.dictionary,
    startMs: clock.now(),
    seed: options.seed,
    tles: options.tles,
    housekeepingPeriodMs: housekeepingPeriodMs(speed),
    maxPlaybackPerAdvance: MAX_PLAYBACK_PER_TICK,
    links: options.links,
    encoder: options.encoder,
  });
  const frames = options.link === 'frames';
  if (frames && !options.links) throw new Error("the frames link needs each spacecraft's physical channel");
  for (const fault of options.faults ?? []) constellation.injectFault(fault);
  const log = options.log ?? (() => undefined);
  const clients = new Map<string, StationClient>();
  let timer: ReturnType<typeof setInterval> | null = null;
  let stopped = false;

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
    async fastForward(flight) {
      if (timer) throw new Error('simulator already started');
      const restorePace = fastForwardPace(constellation, {
        housekeepingMs: housekeepingPeriodMs(speed),
        playbackCap: MAX_PLAYBACK_PER_TICK,
      });
      try {
        await flyToPresent(constellation, clock, liveClock, {
          ...flight,
          deliver: (receptions) => {
            if (stopped) throw new Error('simulator stopped');
            return flight.deliver(receptions);
          },
        });
      } finally {
        restorePace();
      }
    },
    get fillingHistory() {
      return clock.holding;
    },
    start(serverUrl, stationTokens) {
      if (timer) throw new Error('simulator already started');
      // Started without flying the past first: the tick catches up at its own pace from where the flight is.
      clock.release();
      // The past flown before (fastForward) went straight into the archive one packet at a time.
      constellation.transmitFrames(frames);
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
            event: frames ? 'tmFrames' : 'frames',
            log,
          }),
        );
      }
      timer = setInterval(tick, options.tickMs ?? 200);
    },
    stations: () => [...clients.values()].map((client) => client.stats()),
    downlinks: () => constellation.downlinks(),
    async stop() {
      stopped = true;
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
