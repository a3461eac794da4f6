// The /ingest socket.io namespace: station authentication, frame and batch events, validation, rate
// limiting, decoding, and acks that are sent only after the group commit is durable.
import type { Namespace, Server as SocketServer, Socket } from 'socket.io';
import { z } from 'zod';
import type { Clock } from '../../shared/clock';
import type { FrameDecoder } from '../../shared/codec';
import {
  AUTH_UNAVAILABLE,
  INGEST_NAMESPACE,
  MAX_BATCH_FRAMES,
  UNAUTHORIZED,
  frameMetaSchema,
  isRetryableIngestError,
  ingestAuthSchema,
  type FrameAck,
  type FrameMeta,
  type IngestClientEvents,
  type IngestErrorCode,
  type IngestServerEvents,
  type RetryableArchiveCode,
  type TmFrameAck,
  type TmFrameErrorCode,
} from '../../shared/protocol/ingest';
import { classifyArchiveError } from '../archive/failures';
import type { FrameRecord } from '../archive/types';
import type { Metrics } from '../metrics';
import type { GroupCommitter } from './groupCommit';
import { grantStationLimits } from './parser';
import { decodeForArchive, type FrameSource, type Prepared } from './record';
import { TokenBucket } from './rateLimit';
import type { StationAuthenticator } from './stationAuth';
import type { StationStatsBook } from '../state/stationStats';
import type { FrameTally, TmLinkIngest } from './tmLink';

export interface IngestOptions {
  codec: FrameDecoder;
  clock: Clock;
  auth: StationAuthenticator;
  committer: GroupCommitter;
  stations: StationStatsBook;
  metrics: Metrics;
  /** Frames a second one station may send on average, and its burst. */
  rateLimit: { framesPerS: number; burst: number };
  /** The agreement's say on which spacecraft a station may deliver (default: any). */
  mayDeliver?: (stationId: string, spacecraftId: string) => boolean;
  /** Decoding and packet extraction of fixed-length TM transfer frames. */
  tmLink: TmLinkIngest;
}

interface StationData {
  stationId: string;
}

type IngestSocket = Socket<IngestClientEvents, IngestServerEvents, Record<string, never>, StationData>;
export type IngestNamespace = Namespace<
  IngestClientEvents,
  IngestServerEvents,
  Record<string, never>,
  StationData
>;

const batchItemSchema = frameMetaSchema.extend({ bytes: z.instanceof(Uint8Array) });

/** A frame's metadata and bytes, validated once; null when either is malformed. */
type ValidFrame = { meta: FrameMeta; bytes: Uint8Array } | null;

function parseBatchItem(item: unknown): ValidFrame {
  const parsed = batchItemSchema.safeParse(item);
  if (!parsed.success) return null;
  const { bytes, ...meta } = parsed.data;
  return { meta, bytes };
}

function parseFrame(meta: unknown, bytes: unknown): ValidFrame {
  const parsed = frameMetaSchema.safeParse(meta ?? {});
  return parsed.success && bytes instanceof Uint8Array ? { meta: parsed.data, bytes } : null;
}

export function mountIngest(io: SocketServer, options: IngestOptions): IngestNamespace {
  // One socket.io server carries both namespaces, each with its own event map: typed here.
  const nsp = io.of(INGEST_NAMESPACE) as unknown as IngestNamespace;
  // Per station, not per connection: reconnecting does not refill a station's allowance.
  const buckets = new Map<string, TokenBucket>();
  nsp.use((socket, next) => authenticate(options.auth, socket, next));
  nsp.on('connection', (socket: IngestSocket) => {
    const stationId = socket.data.stationId;
    let bucket = buckets.get(stationId);
    if (!bucket) {
      bucket = new TokenBucket(options.rateLimit.framesPerS, options.rateLimit.burst);
      buckets.set(stationId, bucket);
    }
    serveStation(socket, new StationSession(stationId, bucket, options), options);
  });
  return nsp;
}

function authenticate(auth: StationAuthenticator, socket: IngestSocket, next: (error?: Error) => void): void {
  const parsed = ingestAuthSchema.safeParse(socket.handshake.auth);
  if (!parsed.success) return next(new Error(UNAUTHORIZED));
  Promise.resolve(auth.authenticate(parsed.data.stationId, parsed.data.token)).then(
    (allowed) => {
      if (!allowed) return next(new Error(UNAUTHORIZED));
      socket.data.stationId = parsed.data.stationId;
      // Only now may this connection carry whole batches (stock limits until here).
      grantStationLimits(socket);
      next();
    },
    // The token could not be checked (its database is down): not a refusal, the station tries again.
    (error: unknown) => {
      console.error('ingest: station token check failed:', error instanceof Error ? error.message : error);
      next(new Error(AUTH_UNAVAILABLE));
    },
  );
}

function serveStation(socket: IngestSocket, session: StationSession, options: IngestOptions): void {
  options.stations.connected(session.stationId, 1);
  socket.on('disconnect', () => options.stations.connected(session.stationId, -1));

  socket.on('frame', (meta, bytes, ack) => {
    if (typeof ack !== 'function') return;
    void settle([session.prepareValid(parseFrame(meta, bytes))], options).then(([result]) => ack(result!));
  });

  socket.on('frames', (batch, ack) => {
    if (typeof ack !== 'function') return;
    if (!Array.isArray(batch) || batch.length > MAX_BATCH_FRAMES) {
      ack({ error: 'bad_payload' });
      return;
    }
    const prepared = batch.map((item: unknown) => session.prepareValid(parseBatchItem(item)));
    void settle(prepared, options).then((results) => ack({ results }));
  });

  socket.on('tmFrames', (batch, ack) => {
    if (typeof ack !== 'function') return;
    if (!Array.isArray(batch) || batch.length > MAX_BATCH_FRAMES) {
      ack({ error: 'bad_payload' });
      return;
    }
    void receiveTm(batch, session, options).then((results) => ack({ results }));
  });
}

/**
 * A batch of TM frames, read in reception order (reassembly depends on it). A batch is taken whole or, as
 * far as reassembly goes, not at all: when any of its frames gets a retry-able answer, the station's
 * reassembly goes back to where it stood before the batch and every frame read is answered with that
 * code, so the station's resend reads exactly as the first time, the packets spanning into these frames
 * included. A batch read after one that went back (a station with several in flight) is answered
 * `unavailable` for the same reason. Final codes (a bad FECF) stay final.
 */
async function receiveTm(
  batch: unknown[],
  session: StationSession,
  options: IngestOptions,
): Promise<TmFrameAck[]> {
  const epoch = session.tmEpoch;
  const before = options.tmLink.snapshot(session.stationId);
  const frames: PreparedTm[] = [];
  for (const item of batch) frames.push(session.prepareTm(parseBatchItem(item)));
  const limited = frames.some((f) => !f.ok && f.error === 'rate_limited');
  const packets = limited ? [] : frames.flatMap((f) => (f.ok ? f.packets : []));
  const acks = limited ? frames.map(frameError) : tmAcks(frames, await settle(packets, options));
  const retry = limited
    ? 'rate_limited'
    : acks.reduce<TmFrameErrorCode | null>(
        (code, a) => code ?? (a.ok || !isRetryable(a.error) ? null : a.error),
        null,
      );
  if (session.tmEpoch !== epoch) return everyReadFrame(frames, acks, 'unavailable');
  if (!retry) {
    options.tmLink.countSettled(
      session.stationId,
      frames.flatMap((f) => (f.ok ? [f.tally] : [])),
    );
    return acks;
  }
  options.tmLink.restore(session.stationId, before);
  session.tmEpoch++;
  return everyReadFrame(frames, acks, retry);
}

const isRetryable = (code: TmFrameErrorCode): boolean => isRetryableIngestError(code);

const frameError = (frame: PreparedTm): TmFrameAck =>
  frame.ok ? { ok: false, error: 'rate_limited' } : { ok: false, error: frame.error };

/** The frames reassembly read (all but those with a final code of their own) answered `code`. */
function everyReadFrame(
  frames: readonly PreparedTm[],
  acks: TmFrameAck[],
  code: TmFrameErrorCode,
): TmFrameAck[] {
  return frames.map((frame, i) =>
    frame.ok || isRetryable(frame.error) ? { ok: false, error: code } : acks[i]!,
  );
}

type PreparedTm =
  { ok: true; packets: Prepared[]; tally: FrameTally } | { ok: false; error: TmFrameErrorCode };

/** Each TM frame's ack from the acks of the packets it completed, which `settle` answered in order. */
function tmAcks(frames: readonly PreparedTm[], packetAcks: readonly FrameAck[]): TmFrameAck[] {
  let next = 0;
  return frames.map((frame): TmFrameAck => {
    if (!frame.ok) return { ok: false, error: frame.error };
    let packets = 0;
    let duplicates = 0;
    let rejectedPackets = 0;
    let retry: RetryableArchiveCode | null = null;
    for (let i = 0; i < frame.packets.length; i++) {
      const ack = packetAcks[next++]!;
      if (ack.ok) {
        if (ack.status === 'stored') packets++;
        else duplicates++;
      } else if (ack.error === 'unavailable' || ack.error === 'storage_full') retry = ack.error;
      else rejectedPackets++;
    }
    // A packet the archive could not take now makes the frame's ack "not now": the station sends it again.
    if (retry) return { ok: false, error: retry };
    const status = packets === 0 && duplicates > 0 ? 'duplicate' : 'stored';
    return { ok: true, status, packets, duplicates, rejectedPackets };
  });
}

/** One connected station: validates, rate-limits and decodes what it sends into archive records. */
class StationSession {
  /** Goes up each time the station's reassembly goes back to before a batch (see receiveTm). */
  tmEpoch = 0;

  /** Built once per connection, not per frame. */
  private readonly source: FrameSource;
  /** The agreement asked on a TM frame's spacecraft, with the same predicate as for each of its packets. */
  private readonly permitted: ((spacecraftId: string) => boolean) | undefined;

  constructor(
    readonly stationId: string,
    private readonly limiter: TokenBucket,
    private readonly options: IngestOptions,
  ) {
    const { codec, mayDeliver } = options;
    this.source = { codec, stationId, mayDeliver };
    this.permitted = mayDeliver && ((spacecraftId: string) => mayDeliver(stationId, spacecraftId));
  }

  /** A one-packet frame (null: its metadata or bytes were malformed). */
  prepareValid(frame: ValidFrame): Prepared {
    this.options.metrics.framesIn++;
    if (!frame) return this.reject('bad_payload');
    if (!this.limiter.take(performance.now())) return this.reject('rate_limited');
    return this.decode(frame.meta, frame.bytes, this.options.clock.now(), false);
  }

  /** A TM transfer frame: the packets it completes, each prepared as a one-packet frame would be. */
  prepareTm(frame: ValidFrame): PreparedTm {
    this.options.metrics.framesIn++;
    if (!frame) return this.rejectTm('bad_payload');
    if (!this.limiter.take(performance.now())) return this.rejectTm('rate_limited');
    const nowMs = this.options.clock.now();
    const extracted = this.options.tmLink.extract(
      this.stationId,
      frame.bytes,
      frame.meta.ert ?? null,
      nowMs,
      this.permitted,
    );
    if (!extracted.ok) return this.rejectTm(extracted.error);
    const link = { vcid: extracted.vcid, frameCount: extracted.frameCount };
    const packets: Prepared[] = [];
    for (const archiveFrame of extracted.archiveFrames) {
      // Built by the extraction for this packet alone: the record may keep it without a copy.
      const prepared = this.decode(frame.meta, archiveFrame, nowMs, true);
      if (prepared.ok) prepared.record.link = link;
      packets.push(prepared);
    }
    return { ok: true, packets, tally: extracted.tally };
  }

  private rejectTm(error: TmFrameErrorCode): PreparedTm {
    this.reject(error);
    return { ok: false, error };
  }

  private reject(error: IngestErrorCode): { ok: false; error: IngestErrorCode } {
    this.options.stations.reject(this.stationId, error);
    this.options.metrics.reject(error);
    return { ok: false, error };
  }

  private decode(meta: FrameMeta, bytes: Uint8Array, receivedMs: number, owned: boolean): Prepared {
    const prepared = decodeForArchive(this.source, meta, bytes, receivedMs, owned);
    return prepared.ok ? prepared : this.reject(prepared.error);
  }
}

/** Commits the valid frames of a message together and answers one ack per frame, in order. */
async function settle(prepared: Prepared[], options: IngestOptions): Promise<FrameAck[]> {
  const records: FrameRecord[] = [];
  for (const p of prepared) if (p.ok) records.push(p.record);
  let unique: boolean[] = [];
  let failed: RetryableArchiveCode | null = null;
  if (records.length > 0) {
    try {
      unique = await options.committer.submit(records);
    } catch (error) {
      failed = classifyArchiveError(error)?.cause === 'storage_full' ? 'storage_full' : 'unavailable';
      for (let i = 0; i < records.length; i++) options.metrics.reject(failed);
    }
  }
  let next = 0;
  return prepared.map((p): FrameAck => {
    if (!p.ok) return { ok: false, error: p.error };
    // Nothing of this message is acked `stored` unless its commit is durable.
    if (failed) return { ok: false, error: failed };
    return { ok: true, status: unique[next++] ? 'stored' : 'duplicate' };
  });
}
