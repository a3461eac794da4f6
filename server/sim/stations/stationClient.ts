// One partner ground station as a socket.io client of the server's /ingest namespace. Frames wait in a
// bounded queue until the server acknowledges them: one batch is in flight at a time, a batch that is not
// acknowledged (disconnect, timeout, refusal) goes back to the head of the queue and is sent again after
// reconnecting, so nothing is lost across short outages (the server drops the duplicates this may cause).
import { io, type Socket } from 'socket.io-client';
import {
  AUTH_UNAVAILABLE,
  INGEST_NAMESPACE,
  isRetryableIngestError,
  MAX_BATCH_FRAMES,
  type BatchAck,
  type BatchFrame,
  type FrameAck,
  type IngestClientEvents,
  type TmBatchAck,
  type TmFrameAck,
  type IngestServerEvents,
} from '../../../shared/protocol/ingest';
import { FrameQueue } from './frameQueue';

export interface StationClientOptions {
  serverUrl: string;
  stationId: string;
  token: string;
  /** Frames kept while the server is unreachable. Default 20,000 (about half an hour of two passes). */
  queueFrames?: number;
  batchFrames?: number;
  ackTimeoutMs?: number;
  /** Wait before resending a refused or rate-limited batch. */
  retryMs?: number;
  /** 'tmFrames' for fixed-length TM transfer frames; default 'frames' (one packet a frame). */
  event?: 'frames' | 'tmFrames';
  log?: (message: string) => void;
}

export interface StationClientStats {
  stationId: string;
  connected: boolean;
  queued: number;
  inFlight: number;
  /** Frames the server acknowledged, by outcome. */
  stored: number;
  duplicates: number;
  rejected: number;
  /** Frames resent after a failed or refused batch. */
  resent: number;
  /** Frames lost because the queue overflowed. */
  dropped: number;
}

type IngestSocket = Socket<IngestServerEvents, IngestClientEvents>;

export class StationClient {
  readonly stationId: string;
  private readonly socket: IngestSocket;
  private readonly queue: FrameQueue;
  private readonly batchFrames: number;
  private readonly ackTimeoutMs: number;
  private readonly retryMs: number;
  private readonly event: 'frames' | 'tmFrames';
  private inFlight: BatchFrame[] | null = null;
  private batchNumber = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private readonly counts = { stored: 0, duplicates: 0, rejected: 0, resent: 0 };

  constructor(options: StationClientOptions) {
    this.stationId = options.stationId;
    this.queue = new FrameQueue(options.queueFrames ?? 20_000);
    this.batchFrames = Math.min(options.batchFrames ?? 500, MAX_BATCH_FRAMES);
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
    this.retryMs = options.retryMs ?? 1_000;
    this.event = options.event ?? 'frames';
    const log = options.log ?? (() => undefined);
    this.socket = io(new URL(INGEST_NAMESPACE, options.serverUrl).toString(), {
      auth: { stationId: options.stationId, token: options.token },
      transports: ['websocket'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
    });
    this.socket.on('connect', () => {
      log(`station ${this.stationId}: connected`);
      this.flush();
    });
    this.socket.on('disconnect', (reason) => {
      log(`station ${this.stationId}: disconnected (${reason}), buffering`);
      this.returnInFlight();
    });
    this.socket.on('connect_error', (error) => {
      log(`station ${this.stationId}: cannot connect: ${error.message}`);
      // socket.io does not retry a connection its server's middleware refused; this refusal means "later".
      if (error.message === AUTH_UNAVAILABLE) this.reconnectLater();
    });
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /** Queues frames for the server and sends them as soon as it is reachable. */
  send(frames: readonly BatchFrame[]): void {
    if (this.closed || frames.length === 0) return;
    this.queue.push(frames);
    this.flush();
  }

  stats(): StationClientStats {
    return {
      stationId: this.stationId,
      connected: this.socket.connected,
      queued: this.queue.size,
      inFlight: this.inFlight?.length ?? 0,
      ...this.counts,
      dropped: this.queue.dropped,
    };
  }

  /** Resolves once every queued frame has been acknowledged (or after timeoutMs). */
  async drained(timeoutMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.size > 0 || this.inFlight) {
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }

  private flush(): void {
    if (this.closed || this.inFlight || this.retryTimer || !this.socket.connected || this.queue.size === 0)
      return;
    const batch = this.queue.take(this.batchFrames);
    const number = ++this.batchNumber;
    this.inFlight = batch;
    const answered = (error: Error | null, ack: BatchAck | TmBatchAck) => {
      // A late answer for a batch already given back (after a disconnect) is ignored: it will be resent.
      if (number !== this.batchNumber || this.inFlight !== batch) return;
      this.inFlight = null;
      if (error || 'error' in ack) this.retryLater(batch);
      else this.settle(batch, ack.results);
      this.flush();
    };
    const socket = this.socket.timeout(this.ackTimeoutMs);
    if (this.event === 'tmFrames') socket.emit('tmFrames', batch, answered);
    else socket.emit('frames', batch, answered);
  }

  private settle(batch: BatchFrame[], results: readonly (FrameAck | TmFrameAck)[]): void {
    const retry: BatchFrame[] = [];
    batch.forEach((frame, i) => {
      const result = results[i];
      // Frames the server did not answer for, or refused for now (rate, archive), are sent again; bad
      // frames are not.
      if (!result || (!result.ok && isRetryableIngestError(result.error))) retry.push(frame);
      else if (!result.ok) this.counts.rejected++;
      else if (result.status === 'duplicate') this.counts.duplicates++;
      else this.counts.stored++;
    });
    if (retry.length > 0) this.retryLater(retry);
  }

  private retryLater(frames: BatchFrame[]): void {
    this.counts.resent += frames.length;
    this.queue.requeue(frames);
    if (this.retryTimer || this.closed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.flush();
    }, this.retryMs);
  }

  private reconnectLater(): void {
    setTimeout(() => {
      if (!this.closed && !this.socket.connected) this.socket.connect();
    }, this.retryMs).unref();
  }

  private returnInFlight(): void {
    if (!this.inFlight) return;
    const batch = this.inFlight;
    this.inFlight = null;
    this.counts.resent += batch.length;
    this.queue.requeue(batch);
  }
}
