// How a benchmark's server is configured: the one place that maps a benchmark's needs onto createApp's
// options, so the benchmarks themselves do not follow every change to AppOptions.
import type { AppOptions } from '../../server/app';
import { DICTIONARY } from '../../shared/dictionary';

export interface BenchServerSpec {
  /** The real app, or the bare socket.io baseline that acknowledges without processing. */
  kind: 'ortaq' | 'echo';
  /** Folder for the SQLite archive (a fresh temporary folder per run). */
  dataDir: string;
  /** stationId → token accepted on /ingest. */
  stationTokens: [string, string][];
  /** PostgreSQL archive instead of SQLite. */
  databaseUrl?: string;
  /** Listen on this port instead of an ephemeral one (to restart a server where clients expect it). */
  port?: number;
}

export async function benchAppOptions(_spec: BenchServerSpec): Promise<AppOptions> {
  return { dictionary: DICTIONARY };
}
