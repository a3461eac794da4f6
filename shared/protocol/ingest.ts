// The /ingest namespace: how ground stations hand frames to Ortaq. Documented for outside stations in
// docs/protocol.md; any stock socket.io client can speak it.
import { z } from 'zod';
import type { RejectCode } from '../codec/frame';
import type { FrameRejectCode } from '../link/transferFrame';

export const INGEST_NAMESPACE = '/ingest';
/** Largest batch a station may send in one "frames" event. */
export const MAX_BATCH_FRAMES = 1000;

export const ingestAuthSchema = z.object({
  stationId: z.string().min(1).max(64),
  token: z.string().min(1).max(256),
});
export type IngestAuth = z.infer<typeof ingestAuthSchema>;

/** Error message of the connect_error a station gets for an unknown station or a wrong token. */
export const UNAUTHORIZED = 'unauthorized';
/**
 * Error message of the connect_error a station gets when its token cannot be checked now (the database
 * holding the tokens is unreachable): not a refusal; the station connects again after a pause.
 */
export const AUTH_UNAVAILABLE = 'unavailable';

export const frameMetaSchema = z.object({
  /** Earth-receive time, ms since the Unix epoch. */
  ert: z.number().finite().nonnegative().optional(),
  snrDb: z.number().finite().min(-50).max(100).optional(),
});
export type FrameMeta = z.infer<typeof frameMetaSchema>;

/**
 * Codes an ingest ack can carry and stations are counted by: the decoders' (one-packet frames and TM
 * transfer frames), plus the ingest's own. The retry-able ones say "not now":
 * the frame was not stored, the station keeps it and sends it again later (docs/protocol.md).
 * rate_limited: the station sends faster than its allowance.
 * unavailable: the archive cannot write now (database unreachable, too slow, or its queue is full).
 * storage_full: the archive's disk is full; frames are accepted again once space is freed.
 * not_permitted: the agreement does not let this station deliver this spacecraft (final).
 * conflict is never an ack: it counts, per station, the packets it delivered with other bytes than another
 * station for the same key (see server/ingest/conflicts.ts).
 */
export type IngestErrorCode =
  | RejectCode
  | FrameRejectCode
  | 'rate_limited'
  | 'bad_payload'
  | 'not_permitted'
  | 'conflict'
  | RetryableArchiveCode;
export type RetryableArchiveCode = 'unavailable' | 'storage_full';

const RETRYABLE_INGEST_ERRORS: ReadonlySet<IngestErrorCode> = new Set<IngestErrorCode>([
  'rate_limited',
  'unavailable',
  'storage_full',
]);

/** True for the codes after which a station keeps the frame and sends it again; others are final. */
export function isRetryableIngestError(code: IngestErrorCode): boolean {
  return RETRYABLE_INGEST_ERRORS.has(code);
}
export type FrameStatus = 'stored' | 'duplicate';

export type FrameAck = { ok: true; status: FrameStatus } | { ok: false; error: IngestErrorCode };

export interface BatchFrame extends FrameMeta {
  bytes: Uint8Array;
}

export type BatchAck = { results: FrameAck[] } | { error: string };

/** Codes a TM frame's ack can carry: the transfer frame decoder's, plus the ingest's own. */
export type TmFrameErrorCode =
  FrameRejectCode | 'rate_limited' | 'bad_payload' | 'not_permitted' | RetryableArchiveCode;

/**
 * The ack of one fixed-length TM transfer frame. `stored`: every packet completed in this frame is durable
 * (`packets` of them new to the archive, `duplicates` already there, `rejectedPackets` refused by the
 * dictionary: unknown APID, wrong length). A frame that completes no packet is `stored` with zeros: what it
 * holds of a packet still in reassembly is in the server's memory only (see docs/protocol.md).
 * `duplicate`: it completed packets and all were already archived.
 */
export type TmFrameAck =
  | { ok: true; status: FrameStatus; packets: number; duplicates: number; rejectedPackets: number }
  | { ok: false; error: TmFrameErrorCode };

export type TmBatchAck = { results: TmFrameAck[] } | { error: string };

export interface IngestClientEvents {
  frame: (meta: FrameMeta, bytes: Uint8Array, ack: (result: FrameAck) => void) => void;
  frames: (batch: BatchFrame[], ack: (result: BatchAck) => void) => void;
  /** Fixed-length CCSDS TM transfer frames as the station received them, in reception order. */
  tmFrames: (batch: BatchFrame[], ack: (result: TmBatchAck) => void) => void;
}

// The server sends nothing unprompted on /ingest: every answer is an ack.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface IngestServerEvents {}
