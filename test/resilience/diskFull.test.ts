// The SQLite archive's disk fills up under ingest. Frames are refused with `storage_full` (the station keeps
// them), the node stays up and raises a system alarm, every frame acked `stored` is in the archive, and
// ingest resumes by itself once space is freed. Runs on a small tmpfs (root only; skipped with the reason
// elsewhere).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchAck, BatchFrame, FrameAck } from '../../shared/protocol/ingest';
import { createSqliteStore } from '../../server/archive/sqlite/store';
import { eventually } from '../helpers/cluster';
import { startServer, type RunningServer } from '../helpers/server';
import { buildFrame, connectStation, sendBatch, type StationSocket } from '../helpers/stations';
import { mountSmallDisk, type SmallDisk } from '../helpers/tmpfs';
import path from 'node:path';

const disk = mountSmallDisk(2048);
const SKIP = 'skip' in disk ? disk.skip : null;
if (SKIP) console.warn(`\n*** Disk-full test SKIPPED: ${SKIP} ***\n`);
const TITLE = 'the SQLite archive on a full disk';
const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);
const BATCH = 100;

describe.skipIf(SKIP !== null)(SKIP ? `${TITLE} (skipped: ${SKIP})` : TITLE, { timeout: 60_000 }, () => {
  const small = disk as SmallDisk;
  let server: RunningServer;
  let station: StationSocket;
  const acked = new Set<number>();
  let seq = 0;

  /** Sends the next batch; records which frames were acked `stored`; returns the distinct outcomes. */
  const sendNext = async (frames: number[] = []): Promise<{ seqs: number[]; results: FrameAck[] }> => {
    const seqs = frames.length > 0 ? frames : Array.from({ length: BATCH }, () => ++seq);
    const batch: BatchFrame[] = seqs.map((s) => ({
      bytes: buildFrame({
        sequenceCount: s % 16384,
        timeMs: T0 + s * 100,
        values: { 'eps.batt_voltage': s },
      }),
    }));
    const ack: BatchAck = await sendBatch(station, batch);
    if (!('results' in ack)) throw new Error(`batch refused: ${ack.error}`);
    ack.results.forEach((r, i) => {
      if (r.ok) acked.add(seqs[i]!);
    });
    return { seqs, results: ack.results };
  };

  beforeAll(async () => {
    server = await startServer({ store: createSqliteStore({ file: path.join(small.dir, 'ortaq.sqlite') }) });
    station = await connectStation(server.url, 'astana', 'astana-secret');
  });

  afterAll(async () => {
    station?.close();
    await server?.stop();
    small.unmount();
  });

  it('refuses with storage_full, keeps every acked frame, and resumes when space is freed', async () => {
    for (let i = 0; i < 5; i++) await sendNext();
    expect(acked.size).toBe(5 * BATCH);

    small.fill();
    // The WAL may still take a few batches in space it already holds; then the disk is full.
    let refused: number[] = [];
    for (let i = 0; i < 200 && refused.length === 0; i++) {
      const { seqs, results } = await sendNext();
      refused = seqs.filter((_, j) => !results[j]!.ok);
      for (const result of results) if (!result.ok) expect(result.error).toBe('storage_full');
    }
    expect(refused.length).toBeGreaterThan(0);
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as { status: string };
    expect(health).toMatchObject({
      status: 'degraded',
      conditions: [{ dependency: 'archive', cause: 'storage_full' }],
    });
    // Still full: refused again, and nothing of it acked.
    const again = await sendNext(refused);
    expect(again.results.every((r) => !r.ok && r.error === 'storage_full')).toBe(true);
    expect(server.app.httpServer.listening).toBe(true);

    small.free();
    const freedMs = Date.now();
    await eventually(async () => {
      const { results } = await sendNext(refused);
      expect(results.every((r) => r.ok)).toBe(true);
    }, 5_000);
    console.log(`ingest resumed ${Date.now() - freedMs} ms after space was freed`);
    expect(server.app.health.report()).toEqual({ status: 'ok' });

    await server.app.flush();
    const archived = await server.app.archive.frames({
      fromMs: T0,
      toMs: T0 + seq * 100,
      limit: 100_000,
    });
    const archivedSeqs = new Set(archived.map((f) => (f.timeMs - T0) / 100));
    expect([...acked].filter((s) => !archivedSeqs.has(s))).toEqual([]);
  });
});
