// A spacecraft's TM transmitter as the simulator flies it (the default ORTAQ_SIM_LINK=frames): packets go into
// fixed-length transfer frames of its physical channel (mission.yaml `link:`), several to a frame and
// spanning frames when they do not fit; at the end of each step of flight the open frames are closed with
// an idle packet so nothing waits for more traffic, and a contact with nothing to send carries an idle
// frame. Master and virtual channel counters run as on the wire, and channels with an OCF carry the CLCW.
import { archivePacketToLink, TmFrameWriter, type PhysicalChannelConfig } from '../../shared/link';

export type TxRole = 'realtime' | 'playback';

export class LinkTransmitter {
  private readonly writer: TmFrameWriter;
  private readonly vcidOf: Record<TxRole | 'idle', number | undefined>;
  private sentSinceFlush = false;

  constructor(
    scid: number,
    private readonly link: PhysicalChannelConfig,
  ) {
    this.writer = new TmFrameWriter(scid, link);
    const vcid = (role: string) => link.virtualChannels.find((vc) => vc.role === role)?.vcid;
    // A spacecraft without a playback channel dumps on its realtime one (the ground then reads it as live).
    const realtime = vcid('realtime');
    this.vcidOf = { realtime, playback: vcid('playback') ?? realtime, idle: vcid('idle') ?? realtime };
  }

  /** Octets of one frame: what a playback budget in bits is divided by. */
  get frameBytes(): number {
    return this.link.frameBytes;
  }

  /**
   * Queues one packet in the archive's form (4+2 octets of Unix time) on the channel of its role, in the
   * spacecraft's own time code; returns the frames it completed.
   */
  send(role: TxRole, archivePacket: Uint8Array): Uint8Array[] {
    const vcid = this.vcidOf[role];
    const packet = archivePacketToLink(archivePacket, this.link.packetTime);
    if (vcid === undefined || !packet) return [];
    this.sentSinceFlush = true;
    return this.writer.write(vcid, packet);
  }

  /** Closes the open frames; a contact that sent nothing gets an idle frame so the link stays visible. */
  endOfStep(): Uint8Array[] {
    const frames: Uint8Array[] = [];
    for (const vcid of new Set([this.vcidOf.realtime, this.vcidOf.playback])) {
      if (vcid !== undefined) frames.push(...this.writer.flush(vcid));
    }
    if (!this.sentSinceFlush && this.vcidOf.idle !== undefined)
      frames.push(this.writer.idleFrame(this.vcidOf.idle));
    this.sentSinceFlush = false;
    return frames;
  }
}
