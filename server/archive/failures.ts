// Which archive errors mean "the archive cannot answer now" (retry later) rather than a fault in Ortaq, and
// why. One home for the driver-specific codes: ingest acks, REST answers and /healthz all classify here.
import type { DegradationCause } from '../../shared/protocol/health';
import { PoolBusyError } from '../postgres/pool';

export interface ArchiveFailure {
  cause: DegradationCause;
  detail: string;
}

/** Thrown by Ortaq itself when a bounded queue in front of the archive is full. */
export class ArchiveBusyError extends Error {
  readonly code = 'ORTAQ_ARCHIVE_BUSY';
}

// PostgreSQL SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html).
const PG_UNREACHABLE = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);
const PG_OVERLOADED = new Set(['57014', '53200', '55P03']);
const PG_STORAGE_FULL = new Set(['53100']);
// Socket errors of a database or Redis that went away.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);
// node-postgres reports a dropped connection and its own timeouts by message only.
const PG_DROPPED_MESSAGES = [
  'Connection terminated',
  'connection error and is not queryable',
  'Client was closed and is not queryable',
];
const PG_TIMEOUT_MESSAGES = ['timeout exceeded when trying to connect', 'Query read timeout'];

export function classifyArchiveError(error: unknown): ArchiveFailure | null {
  if (!(error instanceof Error)) return null;
  const code = String((error as { code?: unknown }).code ?? '');
  const detail = error.message;
  if (error instanceof ArchiveBusyError || error instanceof PoolBusyError || PG_OVERLOADED.has(code))
    return { cause: 'overloaded', detail };
  if (PG_STORAGE_FULL.has(code) || code === 'SQLITE_FULL') return { cause: 'storage_full', detail };
  if (PG_UNREACHABLE.has(code) || NETWORK_CODES.has(code)) return { cause: 'unreachable', detail };
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return { cause: 'overloaded', detail };
  if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN') return { cause: 'unreachable', detail };
  if (PG_TIMEOUT_MESSAGES.some((m) => detail.includes(m))) return { cause: 'overloaded', detail };
  if (PG_DROPPED_MESSAGES.some((m) => detail.includes(m))) return { cause: 'unreachable', detail };
  // An AggregateError (every address of a host refused) carries the socket codes in its parts.
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const failure = classifyArchiveError(inner);
      if (failure) return { ...failure, detail: detail || failure.detail };
    }
  }
  return null;
}
