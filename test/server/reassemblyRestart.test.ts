// A packet still in reassembly when the server stops cleanly is not lost: the frames that continue it after
// the restart complete it. The saved state is read through a schema, so a damaged one costs its packets,
// never the start.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APID } from '../../shared/dictionary';
import type { StationReassembly } from '../../shared/link';
import type { TmBatchAck } from '../../shared/protocol/ingest';
import type { Store } from '../../server/archive/types';
import { decodeReassembly, encodeReassembly } from '../../server/ingest/reassemblyState';
import { authedFetch } from '../helpers/auth';
import { ManualClock } from '../helpers/clock';
import { startServer, type RunningServer } from '../helpers/server';
import { buildFrame, connectStation, type StationSocket } from '../helpers/stations';
import { STORE_FACTORIES, type StoreHandle } from '../helpers/stores';
import { dataFieldLength, packetsToFrames, type ChannelSpec } from '../helpers/tmFrames';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);
const CHANNEL: ChannelSpec = { scid: 101, vcid: 0, frameBytes: 1115, ocf: 0x0100_0000 };

function housekeeping(count: number): Uint8Array[] {
  const apids = [APID.EPS, APID.ADCS, APID.COMMS, APID.OBC, APID.THERMAL];
  return Array.from({ length: count }, (_, i) => {
    const frame = buildFrame({ apid: apids[i % apids.length]!, sequenceCount: i, timeMs: T0 + i * 1000 });
    return frame.subarray(6, frame.length - 2);
  });
}

/** How many packets run from the first frame into the second (the one in reassembly after frame 0). */
function spanningFirstBoundary(packets: readonly Uint8Array[]): number {
  const length = dataFieldLength(CHANNEL);
  let at = 0;
  let spanning = 0;
  for (const packet of packets) {
    if (at < length && at + packet.length > length) spanning++;
    at += packet.length;
  }
  return spanning;
}

describe.each(STORE_FACTORIES)('reassembly across a clean restart on $name', (factory) => {
  let handle: StoreHandle;
  let store: Store;
  let server: RunningServer;
  let socket: StationSocket | null = null;

  const start = async () => {
    store = await handle.open();
    server = await startServer({ store, clock: new ManualClock(T0 + 600_000) });
    socket = await connectStation(server.url, 'astana', 'astana-secret');
  };
  const stop = async () => {
    socket?.close();
    socket = null;
    await server.stop();
  };
  const send = (frames: Uint8Array[], firstIndex: number) =>
    socket!.timeout(10_000).emitWithAck(
      'tmFrames',
      frames.map((bytes, i) => ({ bytes, ert: T0 + 500_000 + (firstIndex + i) * 10 })),
    ) as Promise<TmBatchAck>;
  const archived = async () => {
    const url = `${server.url}/api/frames.csv?spacecraft=kazeosat-1&from=${T0}&to=${T0 + 600_000}&limit=10000`;
    return (await (await authedFetch(url)).text()).trim().split('\n').length - 1;
  };

  beforeEach(async () => {
    handle = await factory.create();
    await start();
  });

  afterEach(async () => {
    await stop();
    await handle.dispose();
  });

  it('completes a packet begun before the stop with the frames sent after the start', async () => {
    const packets = housekeeping(80);
    const frames = packetsToFrames(CHANNEL, packets);
    expect(spanningFirstBoundary(packets)).toBe(1);
    const before = await send(frames.slice(0, 1), 0);
    expect('results' in before && before.results[0]).toMatchObject({ ok: true, status: 'stored' });
    const completedBefore = await archived();
    await stop();
    await start();
    const after = await send(frames.slice(1), 1);
    expect('results' in after && after.results.every((r) => r.ok)).toBe(true);
    // The packet that ran from frame 0 into frame 1 is among them: nothing lost to the restart.
    expect(await archived()).toBe(80);
    expect(completedBefore).toBeLessThan(80);
    // Taken once: a second restart finds nothing left to resume, and starts as well.
    await stop();
    await start();
    expect(await store.takeReassembly()).toEqual([]);
  }, 60_000);

  it('starts with a damaged saved state and resumes that station at the next First Header Pointer', async () => {
    await stop();
    store = await handle.open();
    await store.saveReassembly([
      { stationId: 'astana', state: '{"format":1,"contexts":[{"channel":-5}]}' },
      { stationId: 'ankara', state: 'not json' },
    ]);
    await store.close();
    await start();
    const packets = housekeeping(80);
    const frames = packetsToFrames(CHANNEL, packets);
    const acks = await send(frames.slice(1), 1);
    expect('results' in acks && acks.results.every((r) => r.ok)).toBe(true);
    // Every packet that starts in frame 1 or later is read; the one that began in frame 0 cannot be.
    expect(await archived()).toBe(80 - packets.length + countFrom(packets, dataFieldLength(CHANNEL)));
  }, 60_000);
});

/** Packets that start at or after `offset` in the packed stream. */
function countFrom(packets: readonly Uint8Array[], offset: number): number {
  let at = 0;
  let count = 0;
  for (const packet of packets) {
    if (at >= offset) count++;
    at += packet.length;
  }
  return count;
}

describe('saved reassembly text', () => {
  it('round-trips a context with a partial packet, and NaN times', () => {
    const state: StationReassembly = {
      stationId: 'astana',
      contexts: [
        {
          channel: 101 * 8,
          lastVcCount: 255,
          lastErtMs: NaN,
          lastHeardMs: T0,
          pending: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]),
          pendingFilled: 5,
          header: Uint8Array.from([9, 9, 9, 0, 0, 0]),
          headerFilled: 3,
          lastUsedMs: T0,
        },
      ],
    };
    const back = decodeReassembly(encodeReassembly(state))!;
    expect(back.stationId).toBe('astana');
    expect(back.contexts[0]!.lastErtMs).toBeNaN();
    expect({ ...back.contexts[0], lastErtMs: 0 }).toEqual({ ...state.contexts[0], lastErtMs: 0 });
  });

  it('refuses hostile text without throwing', () => {
    const context = {
      channel: 808,
      lastVcCount: 3,
      lastErtMs: null,
      lastHeardMs: null,
      pending: '0102',
      pendingFilled: 2,
      header: '000000000000',
      headerFilled: 0,
      lastUsedMs: 0,
    };
    const text = (contexts: unknown[], format: unknown = 1) => JSON.stringify({ format, contexts });
    for (const state of [
      '',
      'null',
      '[]',
      '{"format":1}',
      text([context], 2),
      text([{ ...context, pendingFilled: 3 }]),
      text([{ ...context, pending: '01g2' }]),
      text([{ ...context, pending: '012' }]),
      text([{ ...context, header: '00' }]),
      text([{ ...context, headerFilled: 7 }]),
      text([{ ...context, lastVcCount: 256 }]),
      text([{ ...context, channel: 1e9 }]),
      text([{ ...context, pending: 'ab'.repeat(70_000) }]),
      text(Array.from({ length: 5000 }, () => context)),
      '{"format":1,"contexts":[' + '['.repeat(5000) + ']'.repeat(5000) + ']}',
    ]) {
      expect(decodeReassembly({ stationId: 'astana', state })).toBeNull();
    }
    expect(decodeReassembly({ stationId: 'astana', state: text([context]) })).not.toBeNull();
  });
});
