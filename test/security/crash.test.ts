// Nothing lost: SIGKILL in the middle of heavy ingest, then a restart on the same archive; and a graceful
// SIGTERM. Every frame acknowledged `stored` must be in the archive afterwards, open alarms still open, and
// frames resent by a station after the restart count as duplicates, not twice.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { io, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlarmsResponse, HistoryResponse, StationsResponse } from '../../shared/protocol/api';
import {
  INGEST_NAMESPACE,
  type BatchAck,
  type BatchFrame,
  type IngestClientEvents,
  type IngestServerEvents,
} from '../../shared/protocol/ingest';
import { StationClient } from '../../server/sim/stations/stationClient';
import { login, tempDir } from '../helpers/auth';
import { buildFrame } from '../helpers/stations';
import { freePort, startServerProcess, STATION_TOKENS, type ServerProcess } from './serverProcess';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);
const FRAMES = 24_000;
const BATCH = 400;
const IN_FLIGHT = 4;

type Station = Socket<IngestServerEvents, IngestClientEvents>;

/** Unique EPS frames of one spacecraft, 100 ms apart; the key is the frame's index. */
function frames(spacecraftId: string, count: number): BatchFrame[] {
  return Array.from({ length: count }, (_, i) => ({
    bytes: buildFrame({ spacecraftId, sequenceCount: i % 16_384, timeMs: T0 + i * 100 }),
  }));
}

function connect(url: string, stationId: keyof typeof STATION_TOKENS): Promise<Station> {
  const socket: Station = io(`${url}${INGEST_NAMESPACE}`, {
    auth: { stationId, token: STATION_TOKENS[stationId] },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/**
 * Sends every frame in batches with several in flight, recording the index of each frame acked `stored`,
 * until the frames run out or the connection dies. `onProgress` sees the count after each ack.
 */
async function ingest(
  station: Station,
  all: BatchFrame[],
  stored: Set<number>,
  onProgress: (n: number) => void,
) {
  let next = 0;
  const lane = async () => {
    while (next < all.length && station.connected) {
      const start = next;
      next += BATCH;
      const ack = (await station
        .timeout(20_000)
        .emitWithAck('frames', all.slice(start, start + BATCH))
        .catch(() => null)) as BatchAck | null;
      if (!ack || 'error' in ack) return;
      ack.results.forEach((r, i) => r.ok && r.status === 'stored' && stored.add(start + i));
      onProgress(stored.size);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
}

/** Indices of the archived frames of a spacecraft, read back through the export API. */
async function archivedIndices(url: string, spacecraftId: string): Promise<Set<number>> {
  const admin = await login(url, 'admin');
  const res = await admin.fetch(
    `/api/frames.csv?spacecraft=${spacecraftId}&from=${T0}&to=${T0 + FRAMES * 100}&limit=100000`,
  );
  expect(res.status).toBe(200);
  const rows = (await res.text()).trim().split('\n').slice(1);
  return new Set(rows.map((row) => (Number(row.split(',')[1]) - T0) / 100));
}

/**
 * Samples of one parameter that the history counts in its minute rollups over the whole stream: one per
 * archived frame when the rollups hold every frame (cells a killed process held in memory are rebuilt at start).
 */
async function samplesInRollups(url: string, spacecraftId: string): Promise<number> {
  const admin = await login(url, 'admin');
  const { body } = await admin.json<HistoryResponse>(
    `/api/spacecraft/${spacecraftId}/history?params=eps.batt_voltage&from=${T0}&to=${T0 + FRAMES * 100}&maxPoints=10`,
  );
  const points = body.series[0]!.points;
  expect(body.series[0]!.downsampled).toBe(true);
  return points.reduce((n, point) => n + point.n, 0);
}

describe('crash safety of the archive', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;
  beforeEach(() => {
    dataDir = tempDir('ortaq-crash-');
  });
  afterEach(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'keeps every frame acked stored and open alarms across a SIGKILL during heavy ingest; resends are duplicates',
    { timeout: 120_000 },
    async () => {
      const port = await freePort();
      server = await startServerProcess(dataDir, port);
      const astana = await connect(server.url, 'astana');
      const alarmFrame = buildFrame({
        spacecraftId: 'imece',
        sequenceCount: 1,
        timeMs: T0,
        values: { 'eps.batt_voltage': 20 },
      });
      expect(await astana.timeout(5000).emitWithAck('frame', {}, alarmFrame)).toEqual({
        ok: true,
        status: 'stored',
      });
      const admin = await login(server.url, 'admin');
      const open = (await admin.json<AlarmsResponse>('/api/alarms?spacecraft=imece')).body.alarms;
      expect(open).toHaveLength(1);

      // Heavy ingest, killed without warning once a good part of it is acknowledged.
      const all = frames('kazeosat-1', FRAMES);
      const stored = new Set<number>();
      const killed = server;
      const ingesting = ingest(astana, all, stored, (n) => {
        if (n >= FRAMES / 3 && killed.child.exitCode === null) killed.child.kill('SIGKILL');
      });
      expect(await killed.exited).toBeNull();
      await ingesting;
      astana.close();
      expect(stored.size).toBeGreaterThanOrEqual(FRAMES / 3);
      expect(stored.size).toBeLessThan(FRAMES);

      const db = new Database(`${dataDir}/ortaq.sqlite`);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();

      server = await startServerProcess(dataDir, port);
      const archived = await archivedIndices(server.url, 'kazeosat-1');
      const lost = [...stored].filter((i) => !archived.has(i));
      expect(lost).toEqual([]);
      expect(await samplesInRollups(server.url, 'kazeosat-1')).toBe(archived.size);
      const reopened = await login(server.url, 'admin');
      const stillOpen = (await reopened.json<AlarmsResponse>('/api/alarms?spacecraft=imece')).body.alarms;
      expect(stillOpen.map((a) => [a.id, a.active])).toEqual([[open[0]!.id, true]]);

      // The station resends everything it has no ack for: what was stored unacked comes back a duplicate.
      const unacked = all.filter((_, i) => !stored.has(i));
      const client = new StationClient({
        serverUrl: server.url,
        stationId: 'astana',
        token: STATION_TOKENS.astana,
      });
      client.send(unacked);
      expect(await client.drained(60_000)).toBe(true);
      const counts = client.stats();
      await client.close();
      expect(counts.stored + counts.duplicates).toBe(unacked.length);
      expect(counts.duplicates).toBe(archived.size - stored.size);
      expect((await archivedIndices(server.url, 'kazeosat-1')).size).toBe(FRAMES);
      expect(await samplesInRollups(server.url, 'kazeosat-1')).toBe(FRAMES);
      // Station counters ride with the commit after the frames they count, so a crash may lose the increments
      // of the last commit before it (the frames themselves are safe, as checked above): at most what was in
      // flight.
      const stations = (await reopened.json<StationsResponse>('/api/stations')).body.stations;
      const unique = stations.find((s) => s.stationId === 'astana')!.uniqueFrames;
      expect(FRAMES + 1 - unique).toBeLessThanOrEqual(BATCH * IN_FLIGHT);
      expect(unique).toBeLessThanOrEqual(FRAMES + 1);
    },
  );

  it(
    'shuts down gracefully on SIGTERM: answers what it took, flushes, closes, exits 0',
    { timeout: 60_000 },
    async () => {
      const port = await freePort();
      server = await startServerProcess(dataDir, port);
      const astana = await connect(server.url, 'astana');
      const all = frames('kazeosat-2', FRAMES / 4);
      const stored = new Set<number>();
      const stopping = server;
      const ingesting = ingest(astana, all, stored, (n) => {
        if (n >= FRAMES / 12 && stopping.child.exitCode === null && !stopping.child.killed)
          stopping.child.kill('SIGTERM');
      });
      expect(await stopping.exited).toBe(0);
      await ingesting;
      astana.close();
      expect(stopping.output()).toContain('SIGTERM: shutting down');
      // A clean close leaves no write-ahead log behind to replay.
      expect(
        fs.existsSync(`${dataDir}/ortaq.sqlite-wal`) ? fs.statSync(`${dataDir}/ortaq.sqlite-wal`).size : 0,
      ).toBe(0);

      server = await startServerProcess(dataDir, port);
      const archived = await archivedIndices(server.url, 'kazeosat-2');
      expect([...stored].filter((i) => !archived.has(i))).toEqual([]);
      expect(await samplesInRollups(server.url, 'kazeosat-2')).toBe(archived.size);
    },
  );
});
