// Ingest of fixed-length TM transfer frames: decode each frame with its spacecraft's physical channel,
// extract the packets it completes (reassembly per station, spacecraft and virtual channel), and hand each
// packet on in the archive's one-packet form, so de-duplication, limits, archive and catch-up are the same
// code as for one-packet frames. Keeps per station and virtual channel what the link layer counted.
import {
  DEFAULT_EXTRACTOR_LIMITS,
  LinkTable,
  PacketExtractor,
  addLinkCounts,
  clcwState,
  decodeOcf,
  emptyLinkCounts,
  packetToArchiveFrame,
  type ClcwState,
  type FrameRejectCode,
  type LinkCounts,
  type PhysicalChannelConfig,
  type StationReassembly,
} from '../../shared/link';
import type { SpacecraftDef } from '../../shared/dictionary';
import type { StationLinkChannel } from '../../shared/protocol/api';
import type { SavedReassembly } from '../archive/types';
import { LinkCellAccumulator } from '../archive/linkCells';
import { decodeReassembly, encodeReassembly } from './reassemblyState';

/** A station's contexts are dropped after this long without a frame: a vanished station leaves nothing. */
export const LINK_IDLE_EVICT_MS = 10 * 60_000;
const EVICT_EVERY_MS = 60_000;

export type TmExtraction =
  | {
      ok: true;
      vcid: number;
      frameCount: number;
      playback: boolean;
      archiveFrames: Uint8Array[];
      /** What this frame counted, for the pass's link cells once its batch is settled (countSettled). */
      tally: FrameTally;
    }
  | { ok: false; error: FrameRejectCode | 'not_permitted' };

/** One frame's link counts, at its earth-receive time (else its time of arrival). */
export interface FrameTally {
  spacecraftId: string;
  vcid: number;
  timeMs: number;
  counts: LinkCounts;
  clcw: ClcwState | null;
}

export interface TmLinkSnapshot {
  reassembly: StationReassembly;
  /** The link counters by SCID × 8 + VCID. */
  stats: [number, ChannelEntry][];
}

interface ChannelEntry {
  spacecraftId: string;
  vcid: number;
  counts: LinkCounts;
  clcw: ClcwState | null;
}

const NOT_PERMITTED = Object.freeze({ ok: false, error: 'not_permitted' }) as TmExtraction;

export class TmLinkIngest {
  private readonly table: LinkTable;
  private readonly extractor = new PacketExtractor();
  private readonly spacecraftIdByScid = new Map<number, string>();
  private readonly stats = new Map<string, Map<number, ChannelEntry>>();
  /** Per pass (by earth-receive time): written to the archive by the app's housekeeping (drain). */
  readonly cells = new LinkCellAccumulator();
  private lastEvictMs = -Infinity;

  /** `links`: each spacecraft's physical channel, by id (the mission loader gives every spacecraft one). */
  constructor(spacecraft: readonly SpacecraftDef[], links: ReadonlyMap<string, PhysicalChannelConfig>) {
    for (const s of spacecraft) this.spacecraftIdByScid.set(s.scid, s.id);
    // A spacecraft with no channel is not read as if it had another's: its frames are unknown_spacecraft.
    const known = spacecraft.flatMap((s) => {
      const link = links.get(s.id);
      return link ? [{ scid: s.scid, link }] : [];
    });
    this.table = new LinkTable(known);
  }

  /**
   * `mayDeliver` is the agreement's say for this station: a frame of a spacecraft it may not deliver is
   * refused whole, before it touches reassembly or the link counters.
   */
  extract(
    stationId: string,
    bytes: Uint8Array,
    ertMs: number | null,
    nowMs: number,
    mayDeliver: (spacecraftId: string) => boolean = () => true,
  ): TmExtraction {
    this.evictQuietStations(nowMs);
    const decoded = this.table.decode(bytes);
    if (!decoded.ok) {
      if (decoded.error === 'bad_fecf') this.countFecfFailure(stationId, bytes, ertMs ?? nowMs, mayDeliver);
      return decoded;
    }
    const frame = decoded.frame;
    const spacecraftId = this.spacecraftIdByScid.get(frame.scid)!;
    if (!mayDeliver(spacecraftId)) return NOT_PERMITTED;
    const link = this.table.channel(frame.scid)!;
    const entry = this.entry(stationId, frame.scid, frame.vcid);
    const clcw = frame.ocf >= 0 ? clcwState(decodeOcf(frame.ocf)) : null;
    if (clcw !== null) entry.clcw = clcw;
    const counts = emptyLinkCounts();
    const reception = { stationId, ertMs: ertMs ?? NaN, nowMs, maxPacketBytes: link.maxPacketBytes };
    const packets = this.extractor.push(reception, frame, bytes, counts);
    addLinkCounts(entry.counts, counts);
    const playback = frame.role === 'playback';
    // The archive's own layout marks playback as VC 1 and realtime as VC 0, whatever VCIDs the spacecraft uses.
    const archiveHeader = { ...frame, vcid: playback ? 1 : 0 };
    const archiveFrames: Uint8Array[] = [];
    for (const packet of packets) {
      const archived = packetToArchiveFrame(packet, archiveHeader, link.packetTime);
      if (archived) archiveFrames.push(archived);
      else entry.counts.packet_too_long++;
    }
    const tally = { spacecraftId, vcid: frame.vcid, timeMs: ertMs ?? nowMs, counts, clcw };
    return {
      ok: true,
      vcid: frame.vcid,
      frameCount: frame.virtualFrameCount,
      playback,
      archiveFrames,
      tally,
    };
  }

  /**
   * The counts of a station's frames whose batch was settled (not sent again): into the pass's link cells.
   * Counted only then, so a batch the station resends is counted once.
   */
  countSettled(stationId: string, tallies: readonly FrameTally[]): void {
    for (const t of tallies) {
      this.cells.addFrame(
        { stationId, spacecraftId: t.spacecraftId, vcid: t.vcid },
        t.timeMs,
        t.counts,
        t.clcw,
      );
    }
  }

  /** The station's reassembly and link counters now, to return to with `restore`. */
  snapshot(stationId: string): TmLinkSnapshot {
    const channels = [...(this.stats.get(stationId) ?? [])];
    return {
      reassembly: this.extractor.snapshot(stationId),
      stats: channels.map(([key, entry]) => [key, { ...entry, counts: { ...entry.counts } }]),
    };
  }

  /**
   * Forgets what the station's frames did since `snapshot`: the archive could not store what they completed,
   * so the station sends them again and they must read as new, not as repeats of frames already seen.
   */
  restore(stationId: string, snapshot: TmLinkSnapshot): void {
    this.extractor.restore(snapshot.reassembly);
    this.stats.set(stationId, new Map(snapshot.stats));
  }

  /** Every station's reassembly, to keep across a clean restart (the server is no longer reading frames). */
  saveReassembly(): SavedReassembly[] {
    return this.extractor.stationIds().map((id) => encodeReassembly(this.extractor.snapshot(id)));
  }

  /**
   * Takes back what `saveReassembly` kept before a restart: frames sent since continue its packets. A row
   * that does not validate, or that would take reassembly past its memory bound, is left out (counted).
   */
  resumeReassembly(saved: readonly SavedReassembly[]): { stations: number; refused: number } {
    let stations = 0;
    let refused = 0;
    for (const row of saved) {
      const state = decodeReassembly(row);
      const bytes = state?.contexts.reduce((sum, c) => sum + (c.pending?.length ?? 0), 0) ?? 0;
      if (!state || this.extractor.heldBytes + bytes > DEFAULT_EXTRACTOR_LIMITS.maxPendingBytes) refused++;
      else {
        this.extractor.restore(state);
        stations++;
      }
    }
    return { stations, refused };
  }

  /** What the link layer counted for one station, per spacecraft and virtual channel. */
  linkChannels(stationId: string): StationLinkChannel[] {
    const channels = this.stats.get(stationId);
    if (!channels) return [];
    return [...channels.values()].map((entry) => ({ ...entry, counts: { ...entry.counts } }));
  }

  private entry(stationId: string, scid: number, vcid: number): ChannelEntry {
    let channels = this.stats.get(stationId);
    if (!channels) {
      channels = new Map();
      this.stats.set(stationId, channels);
    }
    const key = scid * 8 + vcid;
    let entry = channels.get(key);
    if (!entry) {
      entry = {
        spacecraftId: this.spacecraftIdByScid.get(scid)!,
        vcid,
        counts: emptyLinkCounts(),
        clcw: null,
      };
      channels.set(key, entry);
    }
    return entry;
  }

  /**
   * A frame failing its FECF is final (never sent again), so it goes into the pass's cells at once. The
   * decoder read its SCID before the check, so the spacecraft is known; its virtual channel is not trusted.
   */
  private countFecfFailure(
    stationId: string,
    bytes: Uint8Array,
    timeMs: number,
    mayDeliver: (spacecraftId: string) => boolean,
  ): void {
    const spacecraftId = this.spacecraftIdByScid.get(((bytes[0]! & 0x3f) << 4) | (bytes[1]! >> 4));
    if (spacecraftId !== undefined && mayDeliver(spacecraftId))
      this.cells.addFecfFailure(stationId, spacecraftId, timeMs);
  }

  private evictQuietStations(nowMs: number): void {
    if (nowMs - this.lastEvictMs < EVICT_EVERY_MS) return;
    this.lastEvictMs = nowMs;
    this.extractor.evictIdle(nowMs - LINK_IDLE_EVICT_MS);
  }
}
