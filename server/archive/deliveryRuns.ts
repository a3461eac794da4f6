// The frames a station delivered first of one spacecraft in a window, as one packed run per station and
// spacecraft, concatenated by the database in the ledger's order (receive time, APID, packet time, sequence
// count). Verifying a month reads ~1.2 M frames: a row per frame cost more in reading rows than the ledger
// spends on them; a run per pair and hour is a few dozen rows. The layout is a transport between the
// archive and server/ledger/records.ts, not what the ledger hashes: the digest's own layout is there.

/** Per packet: APID u16, sequence count u32, packet time i64, receive time i64, length u32 (big-endian). */
export const PACKED_HEADER_BYTES = 26;

/**
 * SQLite, when its stream (below) comes out of order: printf's %X of an integer is its 64-bit two's
 * complement, so a negative time packs as i64. Here and in the stream the frame's bytes are appended as they
 * are: `||` of two blobs is text holding their bytes unchanged (the archive is UTF-8, so nothing is
 * converted), cast back to a blob at the end; hex and unhex of every frame's bytes cost a third of the query.
 */
export const SQLITE_PACKED_RUN = `CAST(group_concat(
  unhex(printf('%04X%08X%016X%016X%08X', apid, seq, t, recv, length(bytes))) || bytes, ''
  ORDER BY recv, apid, t, seq) AS BLOB)`;

/** PostgreSQL: the same bytes from the send functions (network byte order). */
export const POSTGRES_PACKED_RUN = `string_agg(
  substring(int4send(apid) from 3) || int4send(seq) || int8send(t) || int8send(recv)
    || int4send(octet_length(bytes)) || bytes, ''::bytea
  ORDER BY recv, apid, t, seq)`;

/** One packet of a run; the same object is refilled for each packet (a month is a million of them). */
export interface PackedPacket {
  apid: number;
  sequenceCount: number;
  timeMs: number;
  receivedMs: number;
  bytes: Uint8Array;
}

const I64 = (view: DataView, at: number) => view.getInt32(at) * 2 ** 32 + view.getUint32(at + 4);

/**
 * Calls `visit` with the offset, times and length of each whole packet of a run, in order; returns where the
 * whole packets end (a run cut short ends at its last whole packet).
 */
export function forEachPackedHeader(
  view: DataView,
  visit: (at: number, timeMs: number, receivedMs: number, length: number) => void,
): number {
  let at = 0;
  while (at + PACKED_HEADER_BYTES <= view.byteLength) {
    const length = view.getUint32(at + 22);
    const end = at + PACKED_HEADER_BYTES + length;
    if (end > view.byteLength) break;
    visit(at, I64(view, at + 6), I64(view, at + 14), length);
    at = end;
  }
  return at;
}

/** Calls `visit` for each packet of a run, in order; a run cut short ends at its last whole packet. */
export function forEachPacked(packed: Uint8Array, visit: (packet: PackedPacket) => void): void {
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  const packet: PackedPacket = { apid: 0, sequenceCount: 0, timeMs: 0, receivedMs: 0, bytes: packed };
  let at = 0;
  while (at + PACKED_HEADER_BYTES <= packed.byteLength) {
    const length = view.getUint32(at + 22);
    const end = at + PACKED_HEADER_BYTES + length;
    if (end > packed.byteLength) return;
    packet.apid = view.getUint16(at);
    packet.sequenceCount = view.getUint32(at + 2);
    packet.timeMs = I64(view, at + 6);
    packet.receivedMs = I64(view, at + 14);
    packet.bytes = packed.subarray(at + PACKED_HEADER_BYTES, end);
    visit(packet);
    at = end;
  }
}

/**
 * SQLite: an hour's frames as one stream in the ledger's order, each packet led by its spacecraft and
 * station (u32 name ids, 0xFFFFFFFF for no station), split into runs by splitPackedStream. Read straight off
 * the recv index, the stream needs no sort, where a run per pair had SQLite sort every frame twice (into
 * pairs, and each pair's frames into order): a third of verify's time. The subquery's ORDER BY fixes the
 * order the frames are concatenated in (an aggregate over an ordered subquery is not flattened), and
 * splitPackedStream checks it.
 */
export const SQLITE_PACKED_STREAM = `SELECT CAST(group_concat(packet, '') AS BLOB) FROM (
  SELECT unhex(printf('%08X%08X%04X%08X%016X%016X%08X', sc, ifnull(station, 4294967295), apid, seq, t, recv,
    length(bytes))) || bytes AS packet
  FROM frames INDEXED BY frames_recv WHERE recv >= ? AND recv < ? ORDER BY recv, sc, apid, t, seq)`;

/** Spacecraft and station name ids before each packet of a stream. */
const STREAM_PREFIX_BYTES = 8;
const NO_STATION = 0xffffffff;

export interface NamedRun {
  sc: number;
  station: number | null;
  packed: Uint8Array;
}

/**
 * The runs per spacecraft and station of a packed stream, each in the stream's order; null when the stream
 * is not in the ledger's order (receive time, spacecraft, APID, packet time, sequence count), which the
 * runs' digests depend on. A stream cut short ends at its last whole packet.
 */
export function splitPackedStream(stream: Uint8Array): NamedRun[] | null {
  const view = new DataView(stream.buffer, stream.byteOffset, stream.byteLength);
  const runs = new Map<string, SplitRun>();
  const packets: { run: SplitRun; start: number; end: number }[] = [];
  let previous: OrderKey | null = null;
  let run: SplitRun | undefined;
  let at = 0;
  while (at + STREAM_PREFIX_BYTES + PACKED_HEADER_BYTES <= stream.byteLength) {
    const start = at + STREAM_PREFIX_BYTES;
    const end = start + PACKED_HEADER_BYTES + view.getUint32(start + 22);
    if (end > stream.byteLength) break;
    const key = orderKey(view, at);
    if (previous && !ascending(previous, key)) return null;
    previous = key;
    if (run?.sc !== key.sc || run.stationId !== key.stationId) run = runOf(runs, key);
    run.size += end - start;
    packets.push({ run, start, end });
    at = end;
  }
  for (const r of runs.values()) r.packed = new Uint8Array(r.size);
  for (const { run, start, end } of packets) {
    run.packed.set(stream.subarray(start, end), run.filled);
    run.filled += end - start;
  }
  return [...runs.values()].map(({ sc, stationId, packed }) => ({
    sc,
    station: stationId === NO_STATION ? null : stationId,
    packed,
  }));
}

interface SplitRun {
  sc: number;
  stationId: number;
  packed: Uint8Array;
  size: number;
  filled: number;
}

interface OrderKey {
  receivedMs: number;
  sc: number;
  stationId: number;
  apid: number;
  timeMs: number;
  seq: number;
}

function orderKey(view: DataView, at: number): OrderKey {
  const header = at + STREAM_PREFIX_BYTES;
  return {
    receivedMs: I64(view, header + 14),
    sc: view.getUint32(at),
    stationId: view.getUint32(at + 4),
    apid: view.getUint16(header),
    timeMs: I64(view, header + 6),
    seq: view.getUint32(header + 2),
  };
}

function runOf(runs: Map<string, SplitRun>, key: OrderKey): SplitRun {
  const name = `${key.sc}/${key.stationId}`;
  let run = runs.get(name);
  if (!run) {
    run = { sc: key.sc, stationId: key.stationId, packed: new Uint8Array(0), size: 0, filled: 0 };
    runs.set(name, run);
  }
  return run;
}

/** Strictly after: the frame key (spacecraft, APID, packet time, sequence count) is unique. */
function ascending(a: OrderKey, b: OrderKey): boolean {
  if (a.receivedMs !== b.receivedMs) return a.receivedMs < b.receivedMs;
  if (a.sc !== b.sc) return a.sc < b.sc;
  if (a.apid !== b.apid) return a.apid < b.apid;
  if (a.timeMs !== b.timeMs) return a.timeMs < b.timeMs;
  return a.seq < b.seq;
}
