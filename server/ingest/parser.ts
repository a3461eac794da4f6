// socket.io's default wire format with limits that depend on who is on the other end. Every connection starts
// with socket.io's stock limits (10 binary attachments, messages up to 1 MB), whatever namespace it asks for:
// nothing anonymous may make the server hold more than that. Only once a station has authenticated on /ingest
// does its connection get room for a whole batch (a "frames" batch carries one attachment per frame; up to
// twice the batch limit is decoded so an oversized batch gets its `bad_payload` ack rather than a cut
// connection). Bytes held for a message still being assembled are bounded per connection and per process; a
// connection that goes over is closed as a protocol violation (socket.io closes it on a decoder error).
import type { Socket } from 'socket.io';
import { Decoder, Encoder } from 'socket.io-parser';
import { MAX_BATCH_FRAMES } from '../../shared/protocol/ingest';

export interface DecoderLimits {
  maxAttachments: number;
  /** Largest single message (the JSON head, or one binary attachment). */
  maxMessageBytes: number;
  /** Bytes one connection may hold for a binary message still being assembled. */
  maxPendingBytes: number;
}

/** socket.io's own defaults (maxHttpBufferSize 1e6, 10 attachments): for everyone not a station. */
export const ANONYMOUS_LIMITS: DecoderLimits = {
  maxAttachments: 10,
  maxMessageBytes: 1_000_000,
  maxPendingBytes: 1_000_000,
};

/** An authenticated station: a whole batch (MAX_BATCH_FRAMES frames of up to 2 MB together). */
export const STATION_LIMITS: DecoderLimits = {
  maxAttachments: 2 * MAX_BATCH_FRAMES,
  maxMessageBytes: 2_000_000,
  maxPendingBytes: 8_000_000,
};

/** What the whole process may hold in messages being assembled, over all connections. */
export const PROCESS_PENDING_BYTES = 64_000_000;

/** A count of bytes shared by every connection of a server, never above its ceiling. */
export class ByteBudget {
  private used = 0;
  constructor(readonly maxBytes: number) {}

  get usedBytes(): number {
    return this.used;
  }

  take(bytes: number): boolean {
    if (this.used + bytes > this.maxBytes) return false;
    this.used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }
}

export class DecoderLimitError extends Error {}

const sizeOf = (data: unknown): number => {
  if (typeof data === 'string') return data.length;
  if (ArrayBuffer.isView(data) || data instanceof ArrayBuffer) return data.byteLength;
  return 0;
};

/** socket.io-parser's decoder, bounded; socket.io makes one per connection. */
class BoundedDecoder extends Decoder {
  private limits: DecoderLimits = ANONYMOUS_LIMITS;
  private pendingBytes = 0;

  constructor(
    private readonly budget: ByteBudget,
    private readonly onRefused: () => void,
  ) {
    super({ maxAttachments: ANONYMOUS_LIMITS.maxAttachments });
  }

  /** Raises the limits of this connection (after its station authenticated). */
  grant(limits: DecoderLimits): void {
    this.limits = limits;
    (this as unknown as { opts: { maxAttachments: number } }).opts.maxAttachments = limits.maxAttachments;
  }

  override add(data: unknown): void {
    const bytes = sizeOf(data);
    if (bytes > this.limits.maxMessageBytes) this.refuse('message too large');
    const reconstructing = typeof data !== 'string';
    if (reconstructing) {
      if (this.pendingBytes + bytes > this.limits.maxPendingBytes) this.refuse('too many bytes pending');
      if (!this.budget.take(bytes)) this.refuse('server busy: too many bytes pending');
      this.pendingBytes += bytes;
    }
    try {
      super.add(data);
    } catch (error) {
      // socket.io-parser's own attachment cap (the declared count, checked before anything is held).
      if (error instanceof Error && error.message === 'too many attachments') this.refuse(error.message);
      throw error;
    }
    // The message is complete (or was never binary): what it held is released.
    if (!(this as unknown as { reconstructor: unknown }).reconstructor) this.release();
  }

  override destroy(): void {
    super.destroy();
    this.release();
  }

  private release(): void {
    this.budget.give(this.pendingBytes);
    this.pendingBytes = 0;
  }

  private refuse(reason: string): never {
    this.onRefused();
    this.destroy();
    throw new DecoderLimitError(reason);
  }
}

export interface SocketParser {
  Encoder: typeof Encoder;
  Decoder: new () => Decoder;
  budget: ByteBudget;
}

/** The parser for one socket.io server, with its process-wide budget; `onRefused` counts refusals. */
export function createSocketParser(
  onRefused: () => void = () => undefined,
  processBytes = PROCESS_PENDING_BYTES,
): SocketParser {
  const budget = new ByteBudget(processBytes);
  class ServerDecoder extends BoundedDecoder {
    constructor() {
      super(budget, onRefused);
    }
  }
  return { Encoder, Decoder: ServerDecoder, budget };
}

/** Gives a socket's connection the limits of an authenticated station. */
export function grantStationLimits(socket: Socket): void {
  const decoder = (socket.client as unknown as { decoder?: unknown }).decoder;
  if (decoder instanceof BoundedDecoder) decoder.grant(STATION_LIMITS);
}
