// Reads Ortaq's configuration from the environment. Only server/index.ts calls this: everything else gets
// its configuration passed in, so tests can build the app with any settings.
import path from 'node:path';
import { MAX_SPEED } from './sim/clock';
import { parseStart, type StartChoice } from './sim/startEpoch';
import { DEFAULT_SIM_LINK, SIM_LINK_MODES, type SimLinkMode } from './sim/linkMode';
import { parseStationTokens } from './stationTokens';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  simulator: boolean;
  /**
   * Built-in simulator: clock speed, start time, replacement TLE file, hours of history flown in fast-forward
   * into an empty archive at the first start (0: none), and whether the documented battery ageing runs.
   */
  sim: {
    speed: number;
    start: StartChoice;
    tleFile: string | undefined;
    backfillHours: number;
    anomaly: boolean;
    /** What the simulated stations forward: one packet a frame, or the spacecraft's TM transfer frames. */
    link: SimLinkMode;
  };
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  /** Prefix of the Redis channels the nodes of one deployment share. */
  clusterKey: string;
  /** stationId → token for stations run outside the built-in simulator. */
  stationTokens: Map<string, string>;
  thresholds: { staleMs: number; lostMs: number };
  /** Raw samples, frames and events older than this are deleted; undefined keeps everything. */
  retentionMs: number | undefined;
  /** PKCS#8 PEM file of the Ed25519 key that signs ledger statements (created on first use). */
  ledgerKeyFile: string;
}

const DAY_MS = 86_400_000;

function positiveNumber(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}: not a positive number: ${text}`);
  return value;
}

function simulatorConfig(env: NodeJS.ProcessEnv): Config['sim'] {
  const speed = positiveNumber('ORTAQ_SIM_SPEED', env.ORTAQ_SIM_SPEED, 1);
  if (speed > MAX_SPEED) throw new Error(`ORTAQ_SIM_SPEED: at most ${MAX_SPEED}, got ${speed}`);
  // The present by default: every time shown is real UTC (an ISO time is for replays and tests).
  const startText = env.ORTAQ_SIM_START || 'now';
  const start = parseStart(startText);
  if (start === undefined) {
    throw new Error(`ORTAQ_SIM_START: expected an ISO 8601 UTC time or "now", got ${startText}`);
  }
  return {
    speed,
    start,
    tleFile: env.ORTAQ_SIM_TLE || undefined,
    backfillHours: backfillHours(env.ORTAQ_SIM_BACKFILL_HOURS),
    anomaly: onOff('ORTAQ_SIM_ANOMALY', env.ORTAQ_SIM_ANOMALY, true),
    link: simLink(env.ORTAQ_SIM_LINK),
  };
}

function simLink(text: string | undefined): SimLinkMode {
  const mode = text || DEFAULT_SIM_LINK;
  if (!(SIM_LINK_MODES as readonly string[]).includes(mode)) {
    throw new Error(`ORTAQ_SIM_LINK: expected ${SIM_LINK_MODES.join(' or ')}, got ${mode}`);
  }
  return mode as SimLinkMode;
}

/** A week at most: a longer history would take minutes to fly at a first start. */
const MAX_BACKFILL_HOURS = 168;

function backfillHours(text: string | undefined): number {
  if (text === undefined || text === '') return 24;
  const hours = Number(text);
  if (!Number.isFinite(hours) || hours < 0 || hours > MAX_BACKFILL_HOURS) {
    throw new Error(`ORTAQ_SIM_BACKFILL_HOURS: expected 0 to ${MAX_BACKFILL_HOURS} hours, got ${text}`);
  }
  return hours;
}

function onOff(name: string, text: string | undefined, fallback: boolean): boolean {
  if (text === undefined || text === '') return fallback;
  if (text === 'on') return true;
  if (text === 'off') return false;
  throw new Error(`${name}: expected on or off, got ${text}`);
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT: not a port number: ${env.PORT}`);
  const dataDir = path.resolve(env.ORTAQ_DATA_DIR ?? 'data');
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir,
    simulator: (env.ORTAQ_SIM ?? 'on') !== 'off',
    sim: simulatorConfig(env),
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    clusterKey: env.ORTAQ_CLUSTER_KEY || 'ortaq',
    stationTokens: parseStationTokens(env.ORTAQ_STATION_TOKENS),
    thresholds: {
      staleMs: positiveNumber('ORTAQ_STALE_S', env.ORTAQ_STALE_S, 30) * 1000,
      lostMs: positiveNumber('ORTAQ_LOST_S', env.ORTAQ_LOST_S, 300) * 1000,
    },
    retentionMs: env.ORTAQ_RETENTION_DAYS
      ? positiveNumber('ORTAQ_RETENTION_DAYS', env.ORTAQ_RETENTION_DAYS, 0) * DAY_MS
      : undefined,
    ledgerKeyFile: path.resolve(env.ORTAQ_LEDGER_KEY || path.join(dataDir, 'ledger-key.pem')),
  };
}
