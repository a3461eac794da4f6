// No request and no failing dependency may end the process. Every HTTP request runs in a scope that
// remembers its response; an exception nobody caught, or a promise rejection nobody handled, is logged,
// counted, and answered as a 500 to the one request whose work raised it (the scope survives timers and
// promises), while every other request and socket carries on.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

export type UncaughtKind = 'exception' | 'rejection';

const requestScope = new AsyncLocalStorage<ServerResponse>();

/** Wraps an HTTP request listener so that whatever its work raises later can be traced back to its response. */
export function scopedToRequest(listener: RequestListener): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => requestScope.run(res, () => listener(req, res));
}

/** Answers the request in whose scope an error escaped; a response already under way is cut instead. */
function failRequestInScope(): void {
  const res = requestScope.getStore();
  if (!res || res.writableEnded || res.destroyed) return;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.statusCode = 500;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify({ error: 'internal_error' }));
}

export interface ProcessGuardOptions {
  /** Called once per escaped error, after it is logged (e.g. to count it on /metrics). */
  onError(kind: UncaughtKind, error: unknown): void;
  log?: (message: string, error: unknown) => void;
}

/**
 * Installs process-wide 'uncaughtException' and 'unhandledRejection' handlers that never exit. Returns the
 * function that removes them.
 */
export function installProcessGuard(options: ProcessGuardOptions): () => void {
  const log = options.log ?? ((message, error) => console.error(message, error));
  const handle = (kind: UncaughtKind) => (error: unknown) => {
    try {
      log(`uncaught ${kind} (the process carries on):`, error);
      options.onError(kind, error);
      failRequestInScope();
    } catch (guardError) {
      // The guard itself must not throw: a throw here would end the process after all.
      console.error('process guard failed', guardError);
    }
  };
  const onException = handle('exception');
  const onRejection = handle('rejection');
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}
