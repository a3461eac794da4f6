// The ledger on the wire and on disk: its records, the signed monthly statements and the deployment's public
// key. Statements leave Ortaq as files and come back to `npm run ledger -- verify`, so their schema is the
// one check a statement read from anywhere passes before anything trusts it (docs/sharing.md).
import { z } from 'zod';
import { partnerIdSchema } from './partner';

export const LEDGER_STATEMENT_FORMAT = 'ortaq-ledger-statement/1';
const HASH = z.string().regex(/^[0-9a-f]{64}$/);
const DAY = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const MONTH = z.string().regex(/^\d{4}-\d{2}$/);
const ID = z.string().min(1).max(64);
const COUNT = z.number().int().nonnegative();

/**
 * What one partner's station delivered of one spacecraft in one UTC day: the packets it was first to bring
 * (unique packets), their bytes, the packet times of the first and the last, and a SHA-256 over each packet's
 * key, receive time and bytes in archive order.
 */
export const ledgerRecordSchema = z.strictObject({
  /** The partner whose station delivered. */
  giver: partnerIdSchema,
  /** The partner whose spacecraft was delivered. */
  receiver: partnerIdSchema,
  stationId: ID,
  spacecraftId: ID,
  packets: COUNT,
  bytes: COUNT,
  firstMs: COUNT,
  lastMs: COUNT,
  digest: HASH,
});
export type LedgerRecord = z.infer<typeof ledgerRecordSchema>;

/** One closed day: its records, chained to the day before by hash. */
export const ledgerDaySchema = z.strictObject({
  day: DAY,
  previousHash: HASH,
  hash: HASH,
  records: z.array(ledgerRecordSchema).max(100_000),
});
export type LedgerDay = z.infer<typeof ledgerDaySchema>;

export const ledgerTotalSchema = z.strictObject({
  giver: partnerIdSchema,
  receiver: partnerIdSchema,
  packets: COUNT,
  bytes: COUNT,
});
export type LedgerTotal = z.infer<typeof ledgerTotalSchema>;

/** The signed part of a monthly statement between two partners (the same partner twice: its own). */
export const statementBodySchema = z.strictObject({
  format: z.literal(LEDGER_STATEMENT_FORMAT),
  month: MONTH,
  partners: z.tuple([partnerIdSchema, partnerIdSchema]),
  /** SHA-256 of the signing key's DER SubjectPublicKeyInfo, hex. */
  keyId: HASH,
  /** Each closed day of the month and its chain hash: the statement is anchored in the ledger. */
  days: z.array(z.strictObject({ day: DAY, hash: HASH })).max(31),
  records: z.array(ledgerRecordSchema.extend({ day: DAY })).max(100_000),
  totals: z.array(ledgerTotalSchema).max(4),
});
export type StatementBody = z.infer<typeof statementBodySchema>;

export const statementSchema = statementBodySchema.extend({
  /** Ed25519 over the canonical JSON of every other field (sorted keys, no spaces), base64. */
  signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/),
});
export type LedgerStatement = z.infer<typeof statementSchema>;

/** GET /api/ledger/key */
export interface LedgerKeyResponse {
  algorithm: 'Ed25519';
  keyId: string;
  /** SubjectPublicKeyInfo, PEM. */
  publicKeyPem: string;
}
