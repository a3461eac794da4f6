// The ledger recomputes a day from packed runs (one per station and spacecraft, concatenated by the
// database): on both archives they must give exactly the records, digests included, that the frames read one
// by one give, so a ledger closed before keeps verifying. A run cut short is read up to its last whole packet.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  forEachPacked,
  PACKED_HEADER_BYTES,
  splitPackedStream,
  type PackedPacket,
} from '../../server/archive/deliveryRuns';
import { ownersOf, recomputeDay } from '../../server/ledger/book';
import { DayRecords } from '../../server/ledger/records';
import { DICTIONARY } from '../../server/mission/shipped';
import { commitLedgerFixture, LEDGER_DAY_MS, LEDGER_DAYS, LEDGER_T0 } from '../helpers/ledger';
import { encodedRecord } from '../helpers/records';
import { RAW_ARCHIVES, type RawArchive } from '../helpers/rawArchive';

const owners = ownersOf(DICTIONARY);

describe.each(RAW_ARCHIVES)('delivery runs on $name', (factory) => {
  let raw: RawArchive;

  beforeEach(async () => {
    raw = await factory.create();
    await commitLedgerFixture(raw.store);
    // A station outside the mission and a playback of an older packet: unattributed, and out of time order.
    const late = LEDGER_T0 + LEDGER_DAY_MS + 7_200_000;
    const frames = [
      encodedRecord({ stationId: 'elsewhere', sequenceCount: 900, timeMs: late, receivedMs: late + 500 }),
      encodedRecord({ sequenceCount: 901, timeMs: LEDGER_T0 - 5 * LEDGER_DAY_MS, receivedMs: late + 700 }),
    ];
    await raw.store.commit({ frames, alarms: [], events: [], stations: [], downlink: [] });
  }, 60_000);
  afterEach(() => raw.dispose());

  it('give the records and digests the frames give one by one', async () => {
    for (const [i, day] of LEDGER_DAYS.entries()) {
      const fromFrames = new DayRecords(owners);
      const start = LEDGER_T0 + i * LEDGER_DAY_MS;
      for (const frame of await raw.store.deliveries(start, start + LEDGER_DAY_MS)) fromFrames.add(frame);
      const fromRuns = await recomputeDay(raw.store, owners, day);
      expect(fromRuns.records.length).toBeGreaterThan(2);
      expect(fromRuns).toEqual({ records: fromFrames.records(), unattributed: fromFrames.unattributed });
    }
    expect((await recomputeDay(raw.store, owners, LEDGER_DAYS[1]!)).unattributed).toBe(1);
  });
});

const packet = (apid: number, seq: number, t: number, recv: number, bytes: number[]) => {
  const out = Buffer.alloc(PACKED_HEADER_BYTES + bytes.length);
  out.writeUInt16BE(apid, 0);
  out.writeUInt32BE(seq, 2);
  out.writeBigInt64BE(BigInt(t), 6);
  out.writeBigInt64BE(BigInt(recv), 14);
  out.writeUInt32BE(bytes.length, 22);
  Buffer.from(bytes).copy(out, PACKED_HEADER_BYTES);
  return out;
};

describe('a packed run', () => {
  const read = (packed: Uint8Array) => {
    const seen: PackedPacket[] = [];
    forEachPacked(packed, (p) => seen.push({ ...p, bytes: Uint8Array.from(p.bytes) }));
    return seen;
  };

  it('reads every packet in order, times beyond 32 bits and before 1970 included', () => {
    const run = Buffer.concat([
      packet(16, 7, 1_790_000_000_123, 1_790_000_000_456, [1, 2, 3]),
      packet(17, 8, -5, 2, []),
    ]);
    expect(read(run)).toEqual([
      {
        apid: 16,
        sequenceCount: 7,
        timeMs: 1_790_000_000_123,
        receivedMs: 1_790_000_000_456,
        bytes: Uint8Array.from([1, 2, 3]),
      },
      { apid: 17, sequenceCount: 8, timeMs: -5, receivedMs: 2, bytes: new Uint8Array(0) },
    ]);
  });

  it('stops at the last whole packet of a run cut short, without throwing', () => {
    const whole = packet(16, 7, 1000, 2000, [9, 9]);
    const next = packet(16, 8, 1001, 2001, [1, 2, 3, 4]);
    for (const cut of [1, PACKED_HEADER_BYTES - 1, PACKED_HEADER_BYTES + 2]) {
      expect(read(Buffer.concat([whole, next.subarray(0, cut)]))).toHaveLength(1);
    }
    expect(read(new Uint8Array(0))).toEqual([]);
  });
});

describe('a packed stream', () => {
  /** A packet of a stream: spacecraft and station name ids (null: none) before the run's packet. */
  const streamed = (sc: number, station: number | null, run: Buffer) => {
    const prefix = Buffer.alloc(8);
    prefix.writeUInt32BE(sc, 0);
    prefix.writeUInt32BE(station ?? 0xffffffff, 4);
    return Buffer.concat([prefix, run]);
  };
  const a = packet(16, 7, 1000, 5000, [1]);
  const b = packet(16, 9, 1001, 5000, [2, 2]);
  const c = packet(17, 1, 900, 5001, []);
  const d = packet(16, 8, 1002, 5002, [4]);

  it('splits into one run per spacecraft and station, each in the stream order', () => {
    const stream = Buffer.concat([
      streamed(1, 2, a),
      streamed(1, null, b),
      streamed(3, 2, c),
      streamed(1, 2, d),
    ]);
    expect(splitPackedStream(stream)).toEqual([
      { sc: 1, station: 2, packed: Uint8Array.from(Buffer.concat([a, d])) },
      { sc: 1, station: null, packed: Uint8Array.from(b) },
      { sc: 3, station: 2, packed: Uint8Array.from(c) },
    ]);
  });

  it('refuses a stream out of the ledger order, whichever field breaks it', () => {
    // receive time, then spacecraft, APID, packet time and sequence count
    for (const [first, second] of [
      [streamed(1, 2, d), streamed(1, 2, a)],
      [streamed(3, 2, a), streamed(1, 2, b)],
      [streamed(1, 2, packet(17, 1, 900, 5000, [])), streamed(1, 2, a)],
      [streamed(1, 2, b), streamed(1, 2, a)],
      [streamed(1, 2, packet(16, 8, 1000, 5000, [])), streamed(1, 4, a)],
      [streamed(1, 2, a), streamed(1, 4, a)],
    ]) {
      expect(splitPackedStream(Buffer.concat([first!, second!]))).toBeNull();
    }
  });

  it('ends at its last whole packet', () => {
    const whole = streamed(1, 2, a);
    const next = streamed(1, 2, d);
    for (const cut of [1, 8 + PACKED_HEADER_BYTES - 1, next.length - 1]) {
      expect(splitPackedStream(Buffer.concat([whole, next.subarray(0, cut)]))).toEqual([
        { sc: 1, station: 2, packed: Uint8Array.from(a) },
      ]);
    }
    expect(splitPackedStream(new Uint8Array(0))).toEqual([]);
  });
});
