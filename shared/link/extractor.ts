// Packet extraction by First Header Pointer (CCSDS 132.0-B §4.1.4 with 133.0-B packets), one reassembly
// context per (station, spacecraft, virtual channel): two stations hearing the same spacecraft reassemble
// independently, so one station's fades never cut another's packets. Pure: no clock (time is an argument),
// no I/O, never throws. Bounded: at most `maxContexts` contexts (least recently used evicted) and at most
// `maxPendingBytes` of partial packets (least recently used pending packets dropped), both counted.
import { FHP_IDLE_ONLY, FHP_NO_PACKET_START, type TmFrame } from './transferFrame';
import { IDLE_APID, SPACE_PACKET_HEADER_BYTES } from './config';
import type { LinkCounts } from './counts';

export interface ExtractorLimits {
  /** Reassembly contexts kept at once (stations × spacecraft × virtual channels). */
  maxContexts: number;
  /** Octets of partial packets held across all contexts. */
  maxPendingBytes: number;
  /**
   * Without earth-receive times, a frame whose VC count is at most this far behind the last one is taken
   * for a resend (a station repeating frames it got no ack for), not for a wrap after a long gap.
   */
  staleWindowFrames: number;
  /**
   * Silence longer than this (earth-receive time, else arrival time) ends a pass: the next frame starts a
   * new acquisition, and the frame count jump across it is not frames lost (the spacecraft sent them to
   * other stations, or to none).
   */
  newPassAfterMs: number;
}

export const DEFAULT_EXTRACTOR_LIMITS: ExtractorLimits = {
  maxContexts: 4096,
  maxPendingBytes: 16 * 1024 * 1024,
  staleWindowFrames: 32,
  newPassAfterMs: 60_000,
};

/** One frame's work in progress: the packets it completed, and the caller's counts to add to. */
interface FrameExtraction {
  packets: Uint8Array[];
  counts: LinkCounts;
}

interface VcContext {
  stationId: string;
  /** SCID × 8 + VCID. */
  channel: number;
  lastVcCount: number;
  lastErtMs: number;
  /** Earth-receive time of the last frame, or its arrival time when the station gives none. */
  lastHeardMs: number;
  /** The packet being reassembled: null, or a buffer of its declared length once its header is known. */
  pending: Uint8Array | null;
  pendingFilled: number;
  /** Header octets of a packet whose primary header itself straddles frames. */
  header: Uint8Array;
  headerFilled: number;
  lastUsedTick: number;
  lastUsedMs: number;
}

/** Frame-independent inputs for one push: who heard the frame and when. */
export interface Reception {
  stationId: string;
  /** Earth-receive time, ms; NaN when the station did not say. */
  ertMs: number;
  /** Ground time of arrival, ms: drives idle eviction. */
  nowMs: number;
  maxPacketBytes: number;
}

// A view by constructor: `subarray` looks up the species constructor on every call and costs several times
// as much, which at eight packets a frame is most of the extraction (bench/benchmarks/link.ts).
const view = (bytes: Uint8Array, at: number, length: number): Uint8Array =>
  new Uint8Array(bytes.buffer, bytes.byteOffset + at, length);

const SLAB_BYTES = 16 * 1024;

/** One context as it stood: its counters and a copy of its partial packet. */
export interface ContextSnapshot {
  channel: number;
  lastVcCount: number;
  lastErtMs: number;
  lastHeardMs: number;
  pending: Uint8Array | null;
  pendingFilled: number;
  header: Uint8Array;
  headerFilled: number;
  lastUsedMs: number;
}

/** A station's reassembly state at one moment, to go back to when what followed could not be stored. */
export interface StationReassembly {
  readonly stationId: string;
  readonly contexts: readonly ContextSnapshot[];
}

export class PacketExtractor {
  // Station, then SCID × 8 + VCID: no string is built per frame to find a context.
  private readonly stations = new Map<string, Map<number, VcContext>>();
  private contexts = 0;
  private pendingBytes = 0;
  private tick = 0;
  private slab = new ArrayBuffer(SLAB_BYTES);
  private slabUsed = 0;
  /** Totals of what the bounds evicted, for the process's own metrics. */
  readonly evictions = { contexts: 0, pendingPackets: 0 };

  constructor(private readonly limits: ExtractorLimits = DEFAULT_EXTRACTOR_LIMITS) {}

  get contextCount(): number {
    return this.contexts;
  }

  get heldBytes(): number {
    return this.pendingBytes;
  }

  /**
   * Extracts the packets a decoded frame completes, in order, adding what it counts to `counts`. `bytes` is
   * the frame the decoder accepted. A packet wholly inside the frame is a view of the frame's bytes (copy it
   * to keep it beyond the frame's life); a reassembled one owns its buffer.
   */
  push(reception: Reception, frame: TmFrame, bytes: Uint8Array, counts: LinkCounts): Uint8Array[] {
    const out: FrameExtraction = { packets: [], counts };
    counts.frames++;
    const context = this.context(reception, frame);
    const heardMs = reception.ertMs === reception.ertMs ? reception.ertMs : reception.nowMs;
    if (heardMs - context.lastHeardMs > this.limits.newPassAfterMs) {
      // A new pass: what was in reassembly when the last one ended cannot be completed any more.
      if (this.dropPending(context)) counts.packets_lost_in_gap++;
      context.lastVcCount = -1;
      context.lastErtMs = NaN;
    }
    context.lastHeardMs = heardMs;
    const order = this.classify(context, frame.virtualFrameCount, reception.ertMs);
    if (order === 'stale') {
      counts.repeated_frames++;
      if (frame.firstHeaderPointer < FHP_IDLE_ONLY) this.readPackets(null, frame, bytes, reception, out);
      return out.packets;
    }
    if (order > 0) {
      counts.lost_frames += order;
      if (this.dropPending(context)) counts.packets_lost_in_gap++;
    }
    context.lastVcCount = frame.virtualFrameCount;
    if (reception.ertMs === reception.ertMs) context.lastErtMs = reception.ertMs;
    if (frame.firstHeaderPointer === FHP_IDLE_ONLY) {
      counts.idle_frames++;
      return out.packets;
    }
    const packetStart = this.continuePending(context, frame, bytes, reception.maxPacketBytes, out);
    if (packetStart >= 0) this.readPackets(context, frame, bytes, reception, out, packetStart);
    return out.packets;
  }

  /**
   * The station's reassembly state now, copied: `restore` brings it back, so frames the archive could not
   * take can be sent again and read exactly as the first time (with the packets they complete).
   */
  snapshot(stationId: string): StationReassembly {
    const contexts = [...(this.stations.get(stationId)?.values() ?? [])].map((c): ContextSnapshot => ({
      channel: c.channel,
      lastVcCount: c.lastVcCount,
      lastErtMs: c.lastErtMs,
      lastHeardMs: c.lastHeardMs,
      pending: c.pending && Uint8Array.prototype.slice.call(c.pending),
      pendingFilled: c.pendingFilled,
      header: c.header.slice(),
      headerFilled: c.headerFilled,
      lastUsedMs: c.lastUsedMs,
    }));
    return { stationId, contexts };
  }

  /** Stations with reassembly contexts now. */
  stationIds(): string[] {
    return [...this.stations.keys()];
  }

  /** Puts a station's contexts back as `snapshot` saw them (each snapshot is restored at most once). */
  restore(snapshot: StationReassembly): void {
    this.forgetStation(snapshot.stationId);
    for (const saved of snapshot.contexts) {
      const context = this.createContext(snapshot.stationId, saved.channel);
      Object.assign(context, saved, { lastUsedTick: ++this.tick });
      if (saved.pending) this.pendingBytes += saved.pending.length;
    }
  }

  /** Drops every context not used since `beforeMs` (a station gone quiet); returns how many. */
  evictIdle(beforeMs: number): number {
    let evicted = 0;
    for (const context of this.allContexts()) {
      if (context.lastUsedMs >= beforeMs) continue;
      this.remove(context);
      evicted++;
    }
    return evicted;
  }

  /** Drops the contexts of one station (it disconnected for good, or its configuration changed). */
  forgetStation(stationId: string): void {
    for (const context of [...(this.stations.get(stationId)?.values() ?? [])]) this.remove(context);
  }

  private context(reception: Reception, frame: TmFrame): VcContext {
    const channel = frame.scid * 8 + frame.vcid;
    const context =
      this.stations.get(reception.stationId)?.get(channel) ??
      this.createContext(reception.stationId, channel);
    context.lastUsedTick = ++this.tick;
    context.lastUsedMs = reception.nowMs;
    return context;
  }

  private createContext(stationId: string, channel: number): VcContext {
    if (this.contexts >= this.limits.maxContexts) {
      const oldest = this.leastRecentlyUsed(() => true);
      if (oldest) {
        this.remove(oldest);
        this.evictions.contexts++;
      }
    }
    const context: VcContext = {
      stationId,
      channel,
      lastVcCount: -1,
      lastErtMs: NaN,
      lastHeardMs: NaN,
      pending: null,
      pendingFilled: 0,
      header: new Uint8Array(SPACE_PACKET_HEADER_BYTES),
      headerFilled: 0,
      lastUsedTick: 0,
      lastUsedMs: 0,
    };
    let channels = this.stations.get(stationId);
    if (!channels) {
      channels = new Map();
      this.stations.set(stationId, channels);
    }
    channels.set(channel, context);
    this.contexts++;
    return context;
  }

  /** 0: the next frame; n > 0: n frames lost before this one; 'stale': a frame already seen or older. */
  private classify(context: VcContext, vcCount: number, ertMs: number): number | 'stale' {
    if (context.lastVcCount < 0) return 0;
    const step = (vcCount - context.lastVcCount) & 0xff;
    if (step === 1) return 0;
    if (step === 0) return 'stale';
    if (ertMs === ertMs && context.lastErtMs === context.lastErtMs) {
      return ertMs <= context.lastErtMs ? 'stale' : step - 1;
    }
    return step > 256 - this.limits.staleWindowFrames ? 'stale' : step - 1;
  }

  /**
   * Feeds the octets before the First Header Pointer to the packet in reassembly. Returns the offset where
   * new packets start in this frame, or -1 when none does.
   */
  private continuePending(
    context: VcContext,
    frame: TmFrame,
    bytes: Uint8Array,
    maxPacketBytes: number,
    out: FrameExtraction,
  ): number {
    const { dataStart, dataEnd, firstHeaderPointer: fhp } = frame;
    const noStart = fhp === FHP_NO_PACKET_START;
    const continuationEnd = noStart ? dataEnd : dataStart + fhp;
    if (context.headerFilled === 0 && context.pending === null) return noStart ? -1 : continuationEnd;

    let at = dataStart;
    if (context.headerFilled > 0) {
      const take = Math.min(SPACE_PACKET_HEADER_BYTES - context.headerFilled, continuationEnd - at);
      context.header.set(view(bytes, at, take), context.headerFilled);
      context.headerFilled += take;
      at += take;
      if (context.headerFilled < SPACE_PACKET_HEADER_BYTES)
        return this.unfinished(context, continuationEnd, noStart, out);
      const pending = this.startPending(context, context.header, 0, out, maxPacketBytes);
      context.headerFilled = 0;
      if (!pending) return noStart ? -1 : continuationEnd;
    }
    const pending = context.pending!;
    const take = Math.min(pending.length - context.pendingFilled, continuationEnd - at);
    pending.set(view(bytes, at, take), context.pendingFilled);
    context.pendingFilled += take;
    at += take;
    if (context.pendingFilled < pending.length)
      return this.unfinished(context, continuationEnd, noStart, out);
    this.dropPending(context);
    if (at !== continuationEnd) {
      // The packet ended before the pointer said the next one starts: one of them is wrong, keep neither.
      out.counts.header_pointer_mismatch++;
      return noStart ? -1 : continuationEnd;
    }
    if ((((pending[0]! & 0x7) << 8) | pending[1]!) === IDLE_APID) out.counts.idle_packets++;
    else out.packets.push(pending);
    return noStart ? -1 : continuationEnd;
  }

  /** The pending packet still needs octets: fine if the data field is used up, a mismatch if a packet starts. */
  private unfinished(
    context: VcContext,
    continuationEnd: number,
    noStart: boolean,
    out: FrameExtraction,
  ): number {
    if (noStart) return -1;
    // The pointer says a new packet starts while this one is unfinished: resynchronise at the pointer.
    this.dropPending(context);
    out.counts.header_pointer_mismatch++;
    return continuationEnd;
  }

  /** Reads packets from `start` to the end of the data field; the last one may stay pending. */
  private readPackets(
    context: VcContext | null,
    frame: TmFrame,
    bytes: Uint8Array,
    reception: Reception,
    out: FrameExtraction,
    start = frame.dataStart + frame.firstHeaderPointer,
  ): void {
    const end = frame.dataEnd;
    let at = start;
    while (at < end) {
      const available = end - at;
      if (available < SPACE_PACKET_HEADER_BYTES) {
        if (context) {
          context.header.set(view(bytes, at, end - at), 0);
          context.headerFilled = available;
        }
        return;
      }
      if (bytes[at]! >>> 5 !== 0) {
        out.counts.bad_packet_version++;
        return; // lost sync: the next First Header Pointer restores it
      }
      const total = SPACE_PACKET_HEADER_BYTES + ((bytes[at + 4]! << 8) | bytes[at + 5]!) + 1;
      if (total > reception.maxPacketBytes) {
        out.counts.packet_too_long++;
        return;
      }
      if (total > available) {
        if (context && this.startPending(context, bytes, at, out, reception.maxPacketBytes)) {
          context.pending!.set(view(bytes, at, end - at), 0);
          context.pendingFilled = available;
        }
        return;
      }
      if ((((bytes[at]! & 0x7) << 8) | bytes[at + 1]!) === IDLE_APID) out.counts.idle_packets++;
      else out.packets.push(view(bytes, at, total));
      at += total;
    }
  }

  /** Allocates the buffer of a packet whose header is at `header[at..]`, within the byte bound. */
  private startPending(
    context: VcContext,
    header: Uint8Array,
    at: number,
    out: FrameExtraction,
    maxPacketBytes: number,
  ): Uint8Array | null {
    if (header[at]! >>> 5 !== 0) {
      out.counts.bad_packet_version++;
      return null;
    }
    const total = SPACE_PACKET_HEADER_BYTES + ((header[at + 4]! << 8) | header[at + 5]!) + 1;
    if (total > maxPacketBytes) {
      out.counts.packet_too_long++;
      return null;
    }
    this.makeRoom(total, context);
    const pending = this.allocate(total);
    pending.set(view(header, at, SPACE_PACKET_HEADER_BYTES), 0);
    context.pending = pending;
    context.pendingFilled = SPACE_PACKET_HEADER_BYTES;
    this.pendingBytes += total;
    return pending;
  }

  /**
   * Partial packets are carved out of shared slabs, as Node's Buffer pool does: a typed array of more than
   * 64 octets has its memory allocated outside the JavaScript heap, which costs more than the rest of the
   * extraction of a frame. A slab lives while any packet in it does, so besides `heldBytes` at most one
   * slab per context with a partial packet stays alive; `evictIdle` releases those of quiet stations.
   */
  private allocate(bytes: number): Uint8Array {
    if (bytes > SLAB_BYTES / 8) return new Uint8Array(bytes);
    if (this.slabUsed + bytes > SLAB_BYTES) {
      this.slab = new ArrayBuffer(SLAB_BYTES);
      this.slabUsed = 0;
    }
    const buffer = new Uint8Array(this.slab, this.slabUsed, bytes);
    this.slabUsed += bytes;
    return buffer;
  }

  private makeRoom(bytes: number, keep: VcContext): void {
    while (this.pendingBytes + bytes > this.limits.maxPendingBytes) {
      const victim = this.leastRecentlyUsed((c) => c !== keep && c.pending !== null);
      if (!victim) return; // only `keep` holds anything: one packet may always be in reassembly
      this.dropPending(victim);
      this.evictions.pendingPackets++;
    }
  }

  private dropPending(context: VcContext): boolean {
    const had = context.pending !== null || context.headerFilled > 0;
    if (context.pending) this.pendingBytes -= context.pending.length;
    context.pending = null;
    context.pendingFilled = 0;
    context.headerFilled = 0;
    return had;
  }

  private remove(context: VcContext): void {
    this.dropPending(context);
    const channels = this.stations.get(context.stationId);
    if (!channels?.delete(context.channel)) return;
    this.contexts--;
    if (channels.size === 0) this.stations.delete(context.stationId);
  }

  private *allContexts(): Generator<VcContext> {
    for (const channels of [...this.stations.values()]) yield* [...channels.values()];
  }

  private leastRecentlyUsed(eligible: (context: VcContext) => boolean): VcContext | undefined {
    let oldest: VcContext | undefined;
    for (const context of this.allContexts()) {
      if (eligible(context) && (!oldest || context.lastUsedTick < oldest.lastUsedTick)) oldest = context;
    }
    return oldest;
  }
}
