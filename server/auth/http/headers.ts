// Security headers and origin checks. The dashboard, its API and its sockets all come from one origin, so
// the Content Security Policy allows that origin only, CORS stays closed (no Access-Control-* headers are
// ever sent), and browser requests that change state or open sockets must come from the same origin.
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { FORBIDDEN } from '../../../shared/protocol/auth';

export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // 'self' covers ws:// and wss:// to the same host (CSP Level 3), which is where socket.io connects.
        connectSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        // Charts set inline style attributes; no script can be injected through styles.
        styleSrc: ["'self'", "'unsafe-inline'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // Kiosk tokens travel in URLs: never send any URL onward in a Referer.
    referrerPolicy: { policy: 'no-referrer' },
    // Old browsers read X-Frame-Options only: it must say what frame-ancestors 'none' says.
    xFrameOptions: { action: 'deny' },
    // HSTS means something only over HTTPS (browsers ignore it over HTTP): sent by httpsOnlyHsts below.
    strictTransportSecurity: false,
  });
}

const HSTS = 'max-age=31536000; includeSubDomains';

/** Strict-Transport-Security on answers to HTTPS requests (directly, or through the trusted proxy). */
export const httpsOnlyHsts: RequestHandler = (req, res, next) => {
  if (req.secure) res.setHeader('Strict-Transport-Security', HSTS);
  next();
};

/**
 * API answers depend on who asks and change from one second to the next: no browser, proxy or shared wall-screen
 * machine may keep a copy of them.
 */
export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};

/**
 * True when a request carries no Origin (stations, curl, same-origin GETs in some browsers) or an Origin
 * whose host is the host the request was sent to.
 */
export function isSameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** Refuses cross-origin requests that could change state. */
export const sameOriginWrites: RequestHandler = (req, res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS' || isSameOrigin(req)) {
    return next();
  }
  res.status(403).json({ error: FORBIDDEN, detail: 'cross-origin request refused' });
};
