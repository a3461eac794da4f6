// The address of the client behind a request: the one home of that rule for login throttling and connection
// limits. Directly connected, it is the peer's address. Behind a trusted reverse proxy (ORTAQ_TRUST_PROXY=1)
// every request comes from the proxy, so the client is the address the proxy appended to X-Forwarded-For: the
// LAST entry. Entries before it were sent by the client itself and may be anything it likes.
import type { IncomingMessage } from 'node:http';

/** Hops of X-Forwarded-For to trust (Express's 'trust proxy' setting): the one proxy in front of Ortaq. */
export const TRUSTED_PROXY_HOPS = 1;

export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (!trustProxy) return peer;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',');
  const last = forwarded[forwarded.length - 1]!.trim();
  return last === '' ? peer : last;
}
