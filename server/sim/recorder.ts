// The onboard recorder: packets produced outside contacts wait here for the next pass, where they are dumped
// on the playback virtual channel. Bounded: when it is full the oldest packet is overwritten and counted.

import type { PacketDef } from '../../shared/dictionary';

export interface RecordedPacket {
  apid: number;
  /** The packet, when several share its APID. */
  packet: PacketDef;
  timeMs: number;
  sequenceCount: number;
  values: readonly number[];
}

export class Recorder {
  private readonly slots: (RecordedPacket | undefined)[];
  private head = 0;
  private count = 0;
  /** Packets overwritten before they could be dumped. */
  overwritten = 0;

  constructor(readonly capacity: number) {
    this.slots = new Array<RecordedPacket | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  record(packet: RecordedPacket): void {
    const tail = (this.head + this.count) % this.capacity;
    this.slots[tail] = packet;
    if (this.count < this.capacity) this.count++;
    else {
      this.head = (this.head + 1) % this.capacity;
      this.overwritten++;
    }
  }

  /** Removes and returns up to `max` of the oldest packets. */
  dump(max: number): RecordedPacket[] {
    const out: RecordedPacket[] = [];
    while (out.length < max && this.count > 0) {
      out.push(this.slots[this.head]!);
      this.slots[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
      this.count--;
    }
    return out;
  }
}
