// A day's ledger records from the frames the archive holds: pure, fed page by page in archive order
// (receive time, then spacecraft, APID, packet time, sequence count), frame by frame or a run of one
// station's packets of one spacecraft at a time, so the digests agree on every archive and either way.
import { createHash, type Hash } from 'node:crypto';
import type { PartnerId } from '../../shared/dictionary';
import type { LedgerRecord } from '../../shared/protocol/ledger';
import { forEachPacked, forEachPackedHeader, type PackedPacket } from '../archive/deliveryRuns';
import type { DeliveredFrame, DeliveryRun } from '../archive/types';

/** Who owns what: the partner of a station and of a spacecraft (undefined: not in the mission). */
export interface Owners {
  /** The mission's partners, in mission order. */
  partners: readonly PartnerId[];
  stationPartner(stationId: string): PartnerId | undefined;
  spacecraftPartner(spacecraftId: string): PartnerId | undefined;
}

interface Group {
  record: Omit<LedgerRecord, 'digest'>;
  hash: Hash;
}

/** Per packet: APID u16, sequence count u32, packet time f64, receive time f64, length u32, then its bytes. */
const HEADER_BYTES = 26;

export class DayRecords {
  private readonly groups = new Map<string, Group>();
  private readonly header = Buffer.alloc(HEADER_BYTES);
  private scratch = new Uint8Array(0);
  /** Packets the ledger cannot attribute (archived before stations were recorded, or of unknown owners). */
  unattributed = 0;

  constructor(private readonly owners: Owners) {}

  add(frame: DeliveredFrame): void {
    const group = this.groupOf(frame.stationId, frame.spacecraftId);
    if (group) this.addPacket(group, frame);
    else this.unattributed++;
  }

  /** A run of packets, as the archive packs them (server/archive/deliveryRuns.ts), in the same order. */
  addRun(run: DeliveryRun): void {
    const group = this.groupOf(run.stationId, run.spacecraftId);
    if (!group) {
      forEachPacked(run.packed, () => this.unattributed++);
      return;
    }
    // The run differs from what the digest hashes only in the two times (i64 there, f64 here): rewritten in a
    // copy, the run is hashed in one update instead of two per packet, which cost more than the hashing. The
    // copy goes to a buffer kept from run to run: a fresh one per run cost as much again in page faults.
    if (this.scratch.byteLength < run.packed.byteLength) {
      this.scratch = new Uint8Array(Math.max(run.packed.byteLength, 2 * this.scratch.byteLength));
    }
    const digested = this.scratch.subarray(0, run.packed.byteLength);
    digested.set(run.packed);
    const view = new DataView(digested.buffer, 0, digested.byteLength);
    const r = group.record;
    const whole = forEachPackedHeader(view, (at, timeMs, receivedMs, length) => {
      if (r.packets === 0) [r.firstMs, r.lastMs] = [timeMs, timeMs];
      r.packets++;
      r.bytes += length;
      if (timeMs < r.firstMs) r.firstMs = timeMs;
      if (timeMs > r.lastMs) r.lastMs = timeMs;
      view.setFloat64(at + 6, timeMs);
      view.setFloat64(at + 14, receivedMs);
    });
    group.hash.update(digested.subarray(0, whole));
  }

  private addPacket(group: Group, packet: PackedPacket): void {
    const r = group.record;
    if (r.packets === 0) [r.firstMs, r.lastMs] = [packet.timeMs, packet.timeMs];
    r.packets++;
    r.bytes += packet.bytes.byteLength;
    if (packet.timeMs < r.firstMs) r.firstMs = packet.timeMs;
    if (packet.timeMs > r.lastMs) r.lastMs = packet.timeMs;
    const h = this.header;
    h.writeUInt16BE(packet.apid, 0);
    h.writeUInt32BE(packet.sequenceCount, 2);
    h.writeDoubleBE(packet.timeMs, 6);
    h.writeDoubleBE(packet.receivedMs, 14);
    h.writeUInt32BE(packet.bytes.byteLength, 22);
    group.hash.update(h);
    group.hash.update(packet.bytes);
  }

  /** The day's records, sorted by giver, receiver, station and spacecraft. */
  records(): LedgerRecord[] {
    return [...this.groups.values()]
      .map(({ record, hash }) => ({ ...record, digest: hash.digest('hex') }))
      .sort(compareRecords);
  }

  private groupOf(stationId: string | null, spacecraftId: string): Group | undefined {
    if (stationId === null) return undefined;
    const key = `${stationId}\u0000${spacecraftId}`;
    let group = this.groups.get(key);
    if (group) return group;
    const giver = this.owners.stationPartner(stationId);
    const receiver = this.owners.spacecraftPartner(spacecraftId);
    if (giver === undefined || receiver === undefined) return undefined;
    group = {
      record: { giver, receiver, stationId, spacecraftId, packets: 0, bytes: 0, firstMs: 0, lastMs: 0 },
      hash: createHash('sha256'),
    };
    this.groups.set(key, group);
    return group;
  }
}

export function compareRecords(a: LedgerRecord, b: LedgerRecord): number {
  return (
    compare(a.giver, b.giver) ||
    compare(a.receiver, b.receiver) ||
    compare(a.stationId, b.stationId) ||
    compare(a.spacecraftId, b.spacecraftId)
  );
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
