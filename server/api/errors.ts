import type { NextFunction, Request, Response } from 'express';
import type { ApiError } from '../../shared/protocol/api';
import { classifyArchiveError } from '../archive/failures';

/** Seconds a client is asked to wait before retrying a request the archive could not answer. */
export const ARCHIVE_RETRY_AFTER_S = 2;

/** An error a handler throws to answer with a given status and a JSON body { error, detail }. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail?: unknown,
  ) {
    super(code);
  }
}

export function sendError(res: Response, status: number, body: ApiError): void {
  // An error answer is about one request at one moment: never worth keeping, on any path.
  res.setHeader('Cache-Control', 'no-store');
  res.status(status).json(body);
}

export function notFoundHandler(req: Request, res: Response): void {
  sendError(res, 404, { error: 'not_found', detail: `${req.method} ${req.path}` });
}

// Express recognises error handlers by their four parameters, so `_next` must stay.
export function errorHandler(err: unknown, _req: Request, res: Response, _next: NextFunction): void {
  if (err instanceof HttpError) return sendError(res, err.status, { error: err.code, detail: err.detail });
  // Body-parser errors (bad JSON, too large) carry their own 4xx status.
  const status = (err as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return sendError(res, status, { error: 'bad_request', detail: (err as Error).message });
  }
  // The database is restarting, unreachable, full or too slow: "not now", not a fault in the request.
  const failure = classifyArchiveError(err);
  if (failure) {
    res.setHeader('Retry-After', String(ARCHIVE_RETRY_AFTER_S));
    return sendError(res, 503, { error: `archive_${failure.cause}`, detail: failure.detail });
  }
  console.error('Unhandled error in request', err);
  sendError(res, 500, { error: 'internal_error' });
}
