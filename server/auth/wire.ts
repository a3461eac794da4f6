// How the server's composition root puts auth in front of everything: two calls, one for HTTP (before any
// route is mounted) and one for the socket.io server (after the namespaces exist).
import type { Server as HttpServer } from 'node:http';
import type { Express } from 'express';
import type { Namespace, Server as SocketServer } from 'socket.io';
import { metricsAccess } from './access/rest';
import { secureLiveNamespace } from './access/live';
import {
  applyHttpTimeouts,
  DEFAULT_CONNECTION_LIMITS,
  installConnectionLimits,
  limitStationSockets,
  type ConnectionLimits,
} from './admission';
import { mountAuth, mountSecurityHeaders } from './http';
import { TRUSTED_PROXY_HOPS } from './http/clientAddress';
import type { Auth } from './index';
import { disconnectOnRevocation } from './sockets';

/** Call first of all, before the body parser: headers for every answer, errors of the parser included. */
export function secureResponses(app: Express, options: { trustProxy?: boolean }): void {
  app.set('trust proxy', options.trustProxy ? TRUSTED_PROXY_HOPS : false);
  mountSecurityHeaders(app);
}

/**
 * Call right after the body parser and before every other route. The /api routes of server/api carry their
 * own access declarations (server/auth/access/rest.ts provides the guard); here every /api route gets the
 * session requirement, and /metrics its own rule.
 */
export function secureHttp(app: Express, auth: Auth): void {
  mountAuth(app, auth, { kioskLandingPath: '/wall' });
  app.get('/metrics', metricsAccess);
}

export interface SocketSecurityOptions {
  httpServer: HttpServer;
  ingest: Namespace;
  live: Namespace;
  limits?: Partial<ConnectionLimits>;
  /** Connection limits are kept per client address the trusted reverse proxy reports. */
  trustProxy?: boolean;
  /** Called for each connection closed because nothing on it authenticated in time. */
  onUnauthenticatedClosed?: () => void;
}

/**
 * Call once the namespaces exist (after the ingest authentication middleware is registered). Returns the
 * function that stops listening for revocations.
 */
export function secureSockets(io: SocketServer, auth: Auth, options: SocketSecurityOptions): () => void {
  const limits = { ...DEFAULT_CONNECTION_LIMITS, ...options.limits };
  installConnectionLimits(io, {
    limits,
    trustProxy: options.trustProxy ?? false,
    authenticated: [options.ingest, options.live],
    onUnauthenticatedClosed: options.onUnauthenticatedClosed,
  });
  limitStationSockets(options.ingest, limits.perStation);
  secureLiveNamespace(options.live, auth);
  applyHttpTimeouts(options.httpServer);
  return disconnectOnRevocation(auth, [options.ingest, options.live]);
}
