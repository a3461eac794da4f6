// Packet extraction by First Header Pointer (CCSDS 132.0-B §4.1.4 with 133.0-B packets), one reassembly
// context per (station, spacecraft, virtual channel): two stations hearing the same spacecraft reassemble
// independently, so one station's fades never cut another's packets. Pure: no clock (time is an argument),
// no I/O, never throws. Bounded: at most `maxContexts` contexts (least recently used evicted) and at most
// `maxPendingBytes` of partial packets (least recently used pending packets dropped), both counted.
import { FHP_IDLE_ONLY, FHP_NO_PACKET_START, type TmFrame } from './transferFrame';
import { IDLE_APID, SPACE_PACKET_HEADER_BYTES } from './config';
import { emptyLinkCounts, type LinkCounts } from './counts';

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
}

export const DEFAULT_EXTRACTOR_LIMITS: ExtractorLimits = {
  maxContexts: 4096,
  maxPendingBytes: 16 * 1024 * 1024,
  staleWindowFrames: 32,
};

/** What one frame gave: the packets it completed, in order, and what was counted on the way. */
export interface FrameExtraction {
  /**
   * Non-idle packets completed in this frame. A packet wholly inside the frame is a view of the frame's
   * bytes (copy it to keep it beyond the frame's life); a reassembled one owns its buffer.
   */
  packets: Uint8Array[];
  counts: LinkCounts;
}

interface VcContext {
  key: string;
  lastVcCount: number;
  lastErtMs: number;
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

export class PacketExtractor {
  private readonly contexts = new Map<string, VcContext>();
  private pendingBytes = 0;
  private tick = 0;
  /** Totals of what the bounds evicted, for the process's own metrics. */
  readonly evictions = { contexts: 0, pendingPackets: 0 };

  constructor(private readonly limits: ExtractorLimits = DEFAULT_EXTRACTOR_LIMITS) {}

  get contextCount(): number {
    return this.contexts.size;
  }

  get heldBytes(): number {
    return this.pendingBytes;
  }

  /** Extracts the packets a decoded frame completes. `bytes` is the frame the decoder accepted. */
  push(reception: Reception, frame: TmFrame, bytes: Uint8Array): FrameExtraction {
    const out: FrameExtraction = { packets: [], counts: emptyLinkCounts() };
    out.counts.frames = 1;
    const context = this.context(reception, frame);
    const order = this.classify(context, frame.virtualFrameCount, reception.ertMs);
    if (order === 'stale') {
      out.counts.repeated_frames = 1;
      if (frame.firstHeaderPointer < FHP_IDLE_ONLY) this.readPackets(null, frame, bytes, reception, out);
      return out;
    }
    if (order > 0) {
      out.counts.lost_frames = order;
      if (this.dropPending(context)) out.counts.packets_lost_in_gap = 1;
    }
    context.lastVcCount = frame.virtualFrameCount;
    if (reception.ertMs === reception.ertMs) context.lastErtMs = reception.ertMs;
    if (frame.firstHeaderPointer === FHP_IDLE_ONLY) {
      out.counts.idle_frames = 1;
      return out;
    }
    const packetStart = this.continuePending(context, frame, bytes, reception.maxPacketBytes, out);
    if (packetStart >= 0) this.readPackets(context, frame, bytes, reception, out, packetStart);
    return out;
  }

  /** Drops every context not used since `beforeMs` (a station gone quiet); returns how many. */
  evictIdle(beforeMs: number): number {
    let evicted = 0;
    for (const context of this.contexts.values()) {
      if (context.lastUsedMs >= beforeMs) continue;
      this.remove(context);
      evicted++;
    }
    return evicted;
  }

  /** Drops the contexts of one station (it disconnected for good, or its configuration changed). */
  forgetStation(stationId: string): void {
    const prefix = `${stationId}\u0000`;
    for (const context of this.contexts.values()) if (context.key.startsWith(prefix)) this.remove(context);
  }

  private context(reception: Reception, frame: TmFrame): VcContext {
    const key = `${reception.stationId}\u0000${frame.scid}\u0000${frame.vcid}`;
    let context = this.contexts.get(key);
    if (!context) {
      if (this.contexts.size >= this.limits.maxContexts) {
        const oldest = this.leastRecentlyUsed(() => true);
        if (oldest) {
          this.remove(oldest);
          this.evictions.contexts++;
        }
      }
      context = {
        key,
        lastVcCount: -1,
        lastErtMs: NaN,
        pending: null,
        pendingFilled: 0,
        header: new Uint8Array(SPACE_PACKET_HEADER_BYTES),
        headerFilled: 0,
        lastUsedTick: 0,
        lastUsedMs: 0,
      };
      this.contexts.set(key, context);
    }
    context.lastUsedTick = ++this.tick;
    context.lastUsedMs = reception.nowMs;
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
      context.header.set(bytes.subarray(at, at + take), context.headerFilled);
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
    pending.set(bytes.subarray(at, at + take), context.pendingFilled);
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
          context.header.set(bytes.subarray(at, end), 0);
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
          context.pending!.set(bytes.subarray(at, end), 0);
          context.pendingFilled = available;
        }
        return;
      }
      if ((((bytes[at]! & 0x7) << 8) | bytes[at + 1]!) === IDLE_APID) out.counts.idle_packets++;
      else out.packets.push(bytes.subarray(at, at + total));
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
    const pending = new Uint8Array(total);
    pending.set(header.subarray(at, at + SPACE_PACKET_HEADER_BYTES), 0);
    context.pending = pending;
    context.pendingFilled = SPACE_PACKET_HEADER_BYTES;
    this.pendingBytes += total;
    return pending;
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
    this.contexts.delete(context.key);
  }

  private leastRecentlyUsed(eligible: (context: VcContext) => boolean): VcContext | undefined {
    let oldest: VcContext | undefined;
    for (const context of this.contexts.values()) {
      if (eligible(context) && (!oldest || context.lastUsedTick < oldest.lastUsedTick)) oldest = context;
    }
    return oldest;
  }
}
