// Who may open a connection at all: browsers only from the app's own origin (cross-site WebSocket hijacking
// is refused before any cookie is looked at), a bounded number of connections in total and per client
// address, a bounded number of sockets per station, and HTTP timeouts that close slow clients.
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Namespace, Server as SocketServer } from 'socket.io';
import { clientAddress } from './http/clientAddress';
import { isSameOrigin } from './http/headers';

export interface ConnectionLimits {
  /** Socket.io connections (engine.io sessions) on this server. */
  total: number;
  /** Socket.io connections from one client address. */
  perAddress: number;
  /** Open sockets of one station on /ingest (a station needs one; a few allow quick reconnects). */
  perStation: number;
  /** A connection with no authenticated socket (a station on /ingest, a session on /live) after this is closed. */
  authDeadlineMs: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  total: 2000,
  perAddress: 200,
  perStation: 4,
  authDeadlineMs: 5000,
};

/** Error message of the connect_error a station gets when it already has `perStation` sockets open. */
export const TOO_MANY_CONNECTIONS = 'too_many_connections';
/** Error message of the connect_error for the default namespace, which serves nothing. */
export const NO_SUCH_NAMESPACE = 'no_such_namespace';

interface EngineConnection {
  request: IncomingMessage;
  once(event: 'close', listener: () => void): void;
  close(): void;
}

export interface AdmissionOptions {
  limits: ConnectionLimits;
  /** Behind a trusted reverse proxy, limits are kept per client address the proxy reports. */
  trustProxy: boolean;
  /** The namespaces whose sockets are authenticated once they connect (their middlewares passed). */
  authenticated: Namespace[];
  onUnauthenticatedClosed?: () => void;
}

export function installConnectionLimits(io: SocketServer, options: AdmissionOptions): void {
  const { limits } = options;
  const addressOf = (req: IncomingMessage) => clientAddress(req, options.trustProxy);
  const byAddress = new Map<string, number>();
  let total = 0;
  const signedIn = new WeakSet<object>();
  for (const nsp of options.authenticated) nsp.on('connection', (socket) => signedIn.add(socket.conn));
  // Nothing is served on "/": a client that opens it gets a connect_error and holds no socket there.
  io.of('/').use((_socket, next) => next(new Error(NO_SUCH_NAMESPACE)));
  io.engine.on('connection', (conn: EngineConnection) => {
    const address = addressOf(conn.request);
    total++;
    byAddress.set(address, (byAddress.get(address) ?? 0) + 1);
    // A connection that has not signed in anywhere by the deadline gives its place back.
    const deadline = setTimeout(() => {
      if (signedIn.has(conn)) return;
      options.onUnauthenticatedClosed?.();
      conn.close();
    }, limits.authDeadlineMs);
    deadline.unref();
    conn.once('close', () => {
      clearTimeout(deadline);
      total--;
      const left = (byAddress.get(address) ?? 1) - 1;
      if (left > 0) byAddress.set(address, left);
      else byAddress.delete(address);
    });
  });
  // engine.io reads this option at every handshake, so setting it after construction takes effect.
  io.engine.opts.allowRequest = (req, callback) => {
    if (!isSameOrigin(req)) return callback('cross-origin connection refused', false);
    if (total >= limits.total || (byAddress.get(addressOf(req)) ?? 0) >= limits.perAddress) {
      return callback('too many connections', false);
    }
    callback(null, true);
  };
}

/** Namespace middleware for /ingest, after the station is authenticated (socket.data.stationId is set). */
export function limitStationSockets(nsp: Namespace, perStation: number): void {
  nsp.use((socket, next) => {
    const stationId = (socket.data as { stationId?: string }).stationId;
    let open = 0;
    for (const other of nsp.sockets.values()) {
      if ((other.data as { stationId?: string }).stationId === stationId) open++;
    }
    next(open >= perStation ? new Error(TOO_MANY_CONNECTIONS) : undefined);
  });
}

/** Slow-client bounds on the HTTP server (headers and bodies must arrive in time). */
export function applyHttpTimeouts(httpServer: HttpServer): void {
  httpServer.headersTimeout = 20_000;
  httpServer.requestTimeout = 60_000;
}
