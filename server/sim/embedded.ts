// The simulator inside `npm start`: its stations get fresh random tokens (stations configured in
// ORTAQ_STATION_TOKENS are left to the real or external stations that hold them), its clock becomes the
// server's clock, and the server's pass schedule uses the same elements the simulator flies.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { Dictionary, SpacecraftDef, StationDef } from '../../shared/dictionary';
import { predictPasses, type TleLines } from '../../shared/orbit';
import type { PassPrediction } from '../../shared/protocol/api';
import { createSimulationClock } from './clock';
import { createSimulator, type Simulator } from './simulator';
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
  /** The archive's newest time: simulated time never starts before it (a restart never goes back). */
  notBeforeMs?: number;
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
  const clock = createSimulationClock({ startMs, speed: options.speed });
  const simulator = createSimulator({ dictionary: options.dictionary, clock, tles, log });
  const stationTokens = new Map(
    simulated.map((station) => [station.id, randomBytes(24).toString('base64url')]),
  );
  return {
    simulator,
    stationTokens,
    predictPasses: (spacecraft, station, fromMs, toMs) =>
      predictPasses(
        { id: spacecraft.id, tle: tles?.get(spacecraft.id) ?? spacecraft.tle },
        station,
        fromMs,
        toMs,
      ),
    startMs,
  };
}
