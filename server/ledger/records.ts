// A day's ledger records from the frames the archive holds: pure, fed page by page in archive order
// (receive time, spacecraft, APID, packet time, sequence count), so the digests agree on every archive.
import { createHash, type Hash } from 'node:crypto';
import type { PartnerId } from '../../shared/dictionary';
import type { LedgerRecord } from '../../shared/protocol/ledger';
import type { DeliveredFrame } from '../archive/types';

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
  /** Packets the ledger cannot attribute (archived before stations were recorded, or of unknown owners). */
  unattributed = 0;

  constructor(private readonly owners: Owners) {}

  add(frame: DeliveredFrame): void {
    const group = this.groupOf(frame);
    if (!group) {
      this.unattributed++;
      return;
    }
    const r = group.record;
    r.packets++;
    r.bytes += frame.bytes.byteLength;
    if (frame.timeMs < r.firstMs) r.firstMs = frame.timeMs;
    if (frame.timeMs > r.lastMs) r.lastMs = frame.timeMs;
    const h = this.header;
    h.writeUInt16BE(frame.apid, 0);
    h.writeUInt32BE(frame.sequenceCount, 2);
    h.writeDoubleBE(frame.timeMs, 6);
    h.writeDoubleBE(frame.receivedMs, 14);
    h.writeUInt32BE(frame.bytes.byteLength, 22);
    group.hash.update(h);
    group.hash.update(frame.bytes);
  }

  /** The day's records, sorted by giver, receiver, station and spacecraft. */
  records(): LedgerRecord[] {
    return [...this.groups.values()]
      .map(({ record, hash }) => ({ ...record, digest: hash.digest('hex') }))
      .sort(compareRecords);
  }

  private groupOf(frame: DeliveredFrame): Group | undefined {
    if (frame.stationId === null) return undefined;
    const key = `${frame.stationId}\u0000${frame.spacecraftId}`;
    let group = this.groups.get(key);
    if (group) return group;
    const giver = this.owners.stationPartner(frame.stationId);
    const receiver = this.owners.spacecraftPartner(frame.spacecraftId);
    if (giver === undefined || receiver === undefined) return undefined;
    group = {
      record: {
        giver,
        receiver,
        stationId: frame.stationId,
        spacecraftId: frame.spacecraftId,
        packets: 0,
        bytes: 0,
        firstMs: frame.timeMs,
        lastMs: frame.timeMs,
      },
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
