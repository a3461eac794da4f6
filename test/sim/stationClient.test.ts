// Station clients against a real socket.io server on loopback that speaks the /ingest contract.
import { afterEach, describe, expect, it } from 'vitest';
import { StationClient } from '../../server/sim/stations/stationClient';
import type { BatchFrame } from '../../shared/protocol/ingest';
import { startIngestServer, waitFor, type TestIngestServer } from '../helpers/ingestServer';

const TOKENS = new Map([['astana', 'secret-a']]);
const frame = (n: number): BatchFrame => ({
  ert: 1_800_000_000_000 + n,
  snrDb: 12,
  bytes: Uint8Array.of(n >> 8, n & 0xff, 7),
});
const frames = (from: number, count: number) => Array.from({ length: count }, (_, i) => frame(from + i));
const numberOf = (bytes: Uint8Array) => (bytes[0]! << 8) | bytes[1]!;

describe('station client', () => {
  let server: TestIngestServer | undefined;
  let client: StationClient | undefined;
  afterEach(async () => {
    await client?.close();
    await server?.stop();
    client = server = undefined;
  });

  it('forwards frames in order with their earth-receive time and SNR, and counts the acknowledgements', async () => {
    server = await startIngestServer(TOKENS);
    client = new StationClient({
      serverUrl: server.url,
      stationId: 'astana',
      token: 'secret-a',
      batchFrames: 50,
    });
    client.send(frames(0, 120));
    client.send(frames(0, 5));
    await waitFor(
      () => client!.stats().stored + client!.stats().duplicates === 125,
      8_000,
      'acknowledgements',
    );
    expect(server.received.map((f) => numberOf(f.bytes))).toEqual(
      [...frames(0, 120), ...frames(0, 5)].map((f) => numberOf(f.bytes)),
    );
    expect(server.received[3]).toMatchObject({ stationId: 'astana', ert: 1_800_000_000_003, snrDb: 12 });
    expect(client.stats()).toMatchObject({ stored: 120, duplicates: 5, queued: 0, inFlight: 0, dropped: 0 });
  });

  it('buffers while the server is unreachable, within its bound, and replays on reconnect', async () => {
    server = await startIngestServer(TOKENS);
    const port = server.port;
    client = new StationClient({
      serverUrl: server.url,
      stationId: 'astana',
      token: 'secret-a',
      queueFrames: 50,
    });
    client.send(frames(0, 10));
    await waitFor(() => client!.stats().stored === 10, 8_000, 'first frames');
    await server.stop();
    await waitFor(() => !client!.connected, 8_000, 'disconnect');

    // 80 frames while the server is down: the queue keeps the newest 50 and says it dropped 30.
    client.send(frames(100, 80));
    expect(client.stats()).toMatchObject({ queued: 50, dropped: 30, connected: false });

    server = await startIngestServer(TOKENS, port);
    await waitFor(() => client!.stats().stored === 60, 10_000, 'replay after reconnect');
    expect(server.received.map((f) => numberOf(f.bytes))).toEqual(
      frames(130, 50).map((f) => numberOf(f.bytes)),
    );
    expect(client.stats()).toMatchObject({ queued: 0, dropped: 30, connected: true });
  });

  it('sends rate-limited frames again, and counts rejected frames without resending them', async () => {
    server = await startIngestServer(TOKENS);
    client = new StationClient({
      serverUrl: server.url,
      stationId: 'astana',
      token: 'secret-a',
      retryMs: 50,
    });
    server.refuseWith = { ok: false, error: 'rate_limited' };
    client.send(frames(0, 3));
    await waitFor(() => client!.stats().resent >= 3, 8_000, 'a refused batch');
    server.refuseWith = null;
    await waitFor(() => client!.stats().stored === 3, 8_000, 'the retry');
    server.refuseWith = { ok: false, error: 'crc_mismatch' };
    client.send(frames(10, 2));
    await waitFor(() => client!.stats().rejected === 2, 8_000, 'rejections');
    expect(client.stats().queued).toBe(0);
  });
});
