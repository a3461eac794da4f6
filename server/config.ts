// Reads Ortaq's configuration from the environment. Only server/index.ts calls this: everything else gets
// its configuration passed in, so tests can build the app with any settings.
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  simulator: boolean;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  /** stationId → token for stations run outside the built-in simulator. */
  stationTokens: Map<string, string>;
}

export function parseStationTokens(text: string | undefined): Map<string, string> {
  const tokens = new Map<string, string>();
  for (const entry of (text ?? '').split(',')) {
    const trimmed = entry.trim();
    if (!trimmed) continue;
    const separator = trimmed.indexOf(':');
    if (separator <= 0 || separator === trimmed.length - 1) {
      throw new Error(`ORTAQ_STATION_TOKENS: expected stationId:token, got "${trimmed}"`);
    }
    tokens.set(trimmed.slice(0, separator), trimmed.slice(separator + 1));
  }
  return tokens;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT: not a port number: ${env.PORT}`);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: path.resolve(env.ORTAQ_DATA_DIR ?? 'data'),
    simulator: (env.ORTAQ_SIM ?? 'on') !== 'off',
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    stationTokens: parseStationTokens(env.ORTAQ_STATION_TOKENS),
  };
}
