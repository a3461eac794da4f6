// The benchmark registry: names for selecting them on the command line, and how long each may take before
// the runner gives up on it. Each benchmark runs in its own Node process (bench/harness/child.ts) so that
// one's heap, JIT state and open sockets cannot colour the next one's figures.
import type { BenchRun } from '../harness/types';

export interface BenchDef {
  name: string;
  description: string;
  /** Wall-clock budget before the runner kills the benchmark's process. */
  timeoutMs: { quick: number; full: number };
  /** False for a benchmark left out of `--quick` unless asked for by name (the soak). */
  quickByDefault?: boolean;
  load: () => Promise<{ run: BenchRun }>;
}

export const BENCHMARKS: readonly BenchDef[] = [
  {
    name: 'decode',
    description: 'frames decoded, CRC-checked and converted to engineering values per second, one process',
    timeoutMs: { quick: 90_000, full: 300_000 },
    load: () => import('./decode'),
  },
  {
    name: 'link',
    description: 'TM transfer frames (1115 octets, ~8 packets) decoded and packets extracted, one core',
    timeoutMs: { quick: 60_000, full: 120_000 },
    load: () => import('./link'),
  },
  {
    name: 'archive',
    description: 'the archive write path alone: Store.commit of decoded frames, no sockets',
    timeoutMs: { quick: 40_000, full: 120_000 },
    load: () => import('./archive'),
  },
  {
    name: 'ingest',
    description: '8 station clients over socket.io to acknowledged-and-durable frames in the archive',
    timeoutMs: { quick: 60_000, full: 240_000 },
    load: () => import('./ingest'),
  },
  {
    name: 'dedup',
    description: 'the same stream from 3 stations at once: stored exactly once, throughput vs one station',
    timeoutMs: { quick: 60_000, full: 150_000 },
    load: () => import('./dedup'),
  },
  {
    name: 'fanout',
    description: '100 dashboards on /live at 1,000 frames/s ingest: delivery latency and completeness',
    timeoutMs: { quick: 60_000, full: 150_000 },
    load: () => import('./fanout'),
  },
  {
    name: 'cluster',
    description: 'the same paced ingest into 1 node and into 3 nodes on PostgreSQL + Redis: CPU per frame',
    timeoutMs: { quick: 150_000, full: 240_000 },
    load: () => import('./cluster'),
  },
  {
    name: 'ledger',
    description: 'a month of deliveries: ledger days closed and verified on both archives',
    timeoutMs: { quick: 900_000, full: 1_800_000 },
    load: () => import('./ledger'),
  },
  {
    name: 'contacts',
    description:
      'a year of contact records (~60,000 passes): availability by week and month, coverage, a list page',
    timeoutMs: { quick: 300_000, full: 600_000 },
    load: () => import('./contacts'),
  },
  {
    name: 'fairshare',
    description: 'the fair-share matrix over 30 and 90 days of a six-station constellation, both archives',
    timeoutMs: { quick: 600_000, full: 1_500_000 },
    load: () => import('./fairShare'),
  },
  {
    name: 'history',
    description:
      '30 days of a 1 Hz parameter (2.6 M samples) to 2,000 points, rollups vs decoding the raw frames',
    timeoutMs: { quick: 60_000, full: 400_000 },
    load: () => import('./history'),
  },
  {
    name: 'render',
    description:
      'the built dashboard in headless Chromium: frame times, long tasks, heap growth, chart density',
    timeoutMs: { quick: 120_000, full: 300_000 },
    load: () => import('./render'),
  },
  {
    name: 'render-wall',
    description:
      'the wall screen with the 100-spacecraft federation at 4K and 1080p: frame time, heap over a 10-minute soak',
    timeoutMs: { quick: 360_000, full: 1_500_000 },
    load: () => import('./renderWall'),
  },
  {
    name: 'reconnect',
    description: 'a dashboard through 5 s and 60 s transport cuts and a server restart: gaps, resync time',
    timeoutMs: { quick: 90_000, full: 150_000 },
    load: () => import('./reconnect'),
  },
  {
    name: 'backfill',
    description: 'a first start filling an empty archive with the last 24 h of simulated flight',
    timeoutMs: { quick: 120_000, full: 300_000 },
    load: () => import('./backfill'),
  },
  {
    name: 'federation',
    description:
      'the 100-spacecraft federation: pass prediction, GET /api/fleet, the realistic ingest mix, RSS at 100×',
    timeoutMs: { quick: 240_000, full: 600_000 },
    load: () => import('./federation'),
  },
  {
    name: 'federation-fanout',
    description:
      '500 dashboards (walls, fleet and spacecraft views) on /live with the 100-spacecraft federation',
    timeoutMs: { quick: 400_000, full: 600_000 },
    load: () => import('./fanoutFederation'),
  },
  {
    name: 'federation-archive',
    description:
      'a spacecraft-year of the federation archive (housekeeping every 30 s): 30-day history, start, size',
    timeoutMs: { quick: 300_000, full: 1_800_000 },
    load: () => import('./federationArchive'),
  },
  {
    name: 'soak',
    description: 'the server with its simulator at 1000×: memory growth, archive growth per simulated day',
    timeoutMs: { quick: 90_000, full: 40 * 60_000 },
    quickByDefault: false,
    load: () => import('./soak'),
  },
];

/**
 * Benchmarks whose name starts with one of the given words; when none is given, all of them (for --quick,
 * those that belong to the quick suite).
 */
export function selectBenchmarks(words: readonly string[], quick = false): BenchDef[] {
  if (words.length === 0) return BENCHMARKS.filter((b) => !quick || b.quickByDefault !== false);
  const unknown = words.filter((word) => !BENCHMARKS.some((b) => b.name.startsWith(word)));
  if (unknown.length > 0) {
    const names = BENCHMARKS.map((b) => b.name).join(', ');
    throw new Error(`unknown benchmark ${unknown.join(', ')}; known: ${names}`);
  }
  return BENCHMARKS.filter((b) => words.some((word) => b.name.startsWith(word)));
}
