// The simulator inside `npm start`: its stations get fresh random tokens (stations configured in
// ORTAQ_STATION_TOKENS are left to the real or external stations that hold them), its clock becomes the
// server's clock, and the server's pass schedule uses the same elements the simulator flies.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { Dictionary, SpacecraftDef, StationDef } from '../../shared/dictionary';
import { predictPasses, type TleLines } from '../../shared/orbit';
import type { PassPrediction } from '../../shared/protocol/api';
import type { Clock } from '../../shared/clock';
import type { FrameEncoder } from '../../shared/codec';
import { planBackfill, type BackfillPlan } from './backfill/plan';
import { createSimulationClock } from './clock';
import { AGEING_LEAD_H } from './physics/ageing';
import { createSimulator, type Simulator } from './simulator';
import type { SimLinkMode } from './linkMode';
import type { PhysicalChannelConfig } from '../../shared/link';
import { resolveStart, type StartChoice } from './startEpoch';
import { tlesFromFile } from './tleFile';

export interface EmbeddedSimulatorOptions {
  dictionary: Dictionary;
  speed: number;
  start: StartChoice;
  tleFile?: string;
  /** Stations that real or external clients serve with their own tokens. */
  externalStations: ReadonlySet<string>;
  wallClockMs: number;
  /**
   * The archive's newest time: simulated time never starts before it (a restart never goes back). Absent:
   * the archive is empty, and `backfillHours` of the past may be flown first.
   */
  notBeforeMs?: number;
  /** Hours of history to fly in fast-forward into an empty archive (0: none). */
  backfillHours?: number;
  /** Fly the documented battery ageing (see anomalyOf). */
  anomaly?: boolean;
  /** What the stations forward once live (default one packet a frame); 'frames' needs `links`. */
  link?: SimLinkMode;
  links?: ReadonlyMap<string, PhysicalChannelConfig>;
  /** What writes the packets: the encoder generated from the mission's XTCE. */
  encoder?: FrameEncoder;
  log?: (message: string) => void;
}

export interface EmbeddedSimulator {
  simulator: Simulator;
  /** Tokens of the simulated stations, to add to the server's station authentication. */
  stationTokens: Map<string, string>;
  /** Pass predictor over the elements the simulator flies, for the server's schedule. */
  predictPasses: (
    spacecraft: SpacecraftDef,
    station: StationDef,
    fromMs: number,
    toMs: number,
  ) => PassPrediction[];
  startMs: number;
  /** The wall (or simulation) clock the flight chases; the simulator's own clock reads history until then. */
  liveClock: Clock;
  /** What to fly before going live (Simulator.fastForward), or null. */
  backfill: BackfillPlan | null;
  /** The spacecraft whose battery ages, when the anomaly runs. */
  anomalySpacecraftId: string | null;
}

/** The spacecraft of the default anomaly: Göktürk-2 (the fleet's oldest, launched 2012), else the first. */
const ANOMALY_SPACECRAFT = 'gokturk-2';
const HOUR_MS = 3_600_000;

export function anomalyOf(dictionary: Dictionary): string | null {
  return (
    dictionary.spacecraft.find((s) => s.id === ANOMALY_SPACECRAFT)?.id ?? dictionary.spacecraft[0]?.id ?? null
  );
}

export function embeddedSimulator(options: EmbeddedSimulatorOptions): EmbeddedSimulator {
  const log = options.log ?? (() => undefined);
  let tles: Map<string, TleLines> | undefined;
  if (options.tleFile) {
    const result = tlesFromFile(fs.readFileSync(options.tleFile, 'utf8'), options.dictionary);
    for (const warning of result.warnings) log(`ORTAQ_SIM_TLE: ${warning}`);
    tles = result.tles;
  }
  const simulated = options.dictionary.stations.filter(
    (station) => !options.externalStations.has(station.id),
  );
  const startMs = resolveStart(options.start, options.wallClockMs, options.notBeforeMs);
  const predict = (spacecraft: SpacecraftDef, station: StationDef, fromMs: number, toMs: number) =>
    predictPasses(
      { id: spacecraft.id, tle: tles?.get(spacecraft.id) ?? spacecraft.tle },
      station,
      fromMs,
      toMs,
    );
  const anomalySpacecraftId = options.anomaly ? anomalyOf(options.dictionary) : null;
  const backfill = planFirstStart(options, startMs, predict, anomalySpacecraftId);
  const clock = createSimulationClock({ startMs, speed: options.speed });
  const simulator = createSimulator({
    dictionary: options.dictionary,
    clock,
    tles,
    log,
    historyFromMs: backfill?.fromMs,
    link: options.link,
    links: options.links,
    encoder: options.encoder,
  });
  if (anomalySpacecraftId) {
    simulator.constellation.injectFault(
      { spacecraftId: anomalySpacecraftId, fault: 'battery_ageing' },
      startMs - AGEING_LEAD_H * HOUR_MS,
    );
  }
  const stationTokens = new Map(
    simulated.map((station) => [station.id, randomBytes(24).toString('base64url')]),
  );
  return {
    simulator,
    stationTokens,
    predictPasses: predict,
    startMs,
    liveClock: clock,
    backfill,
    anomalySpacecraftId,
  };
}

function planFirstStart(
  options: EmbeddedSimulatorOptions,
  startMs: number,
  predict: EmbeddedSimulator['predictPasses'],
  anomalySpacecraftId: string | null,
): BackfillPlan | null {
  const hours = options.backfillHours ?? 0;
  const request = { hours, archiveEmpty: options.notBeforeMs === undefined, startMs };
  if (!(hours > 0) || !request.archiveEmpty) return null;
  const fromMs = startMs - hours * HOUR_MS;
  const passes = options.dictionary.spacecraft.flatMap((spacecraft) =>
    options.dictionary.stations.flatMap((station) => predict(spacecraft, station, fromMs, startMs)),
  );
  return planBackfill(request, passes, new Set(anomalySpacecraftId ? [anomalySpacecraftId] : []));
}
