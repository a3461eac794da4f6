// Socket.io side of auth: dashboards on /live sign in with the same session cookie as the REST API (the
// handshake carries it), and every open socket of a revoked station, session, user or kiosk link is cut at
// once. Sockets whose session expires are cut when it does.
import type { Namespace, Socket } from 'socket.io';
import { UNAUTHENTICATED } from '../../shared/protocol/auth';
import type { Auth, AuthContext } from './index';
import { readSessionCookie } from './http/cookies';
import type { Revocation } from './revocations';

interface WithAuth {
  auth?: AuthContext;
  stationId?: string;
}

export function socketAuthOf(socket: Socket): AuthContext | undefined {
  return (socket.data as WithAuth | undefined)?.auth;
}

/** setTimeout's ceiling; later expiries are re-armed on the next connection anyway. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Namespace middleware: refuses a handshake without a live session (connect_error `unauthenticated`). */
export function sessionSocketMiddleware(auth: Auth) {
  return (socket: Socket, next: (error?: Error) => void): void => {
    const sessionId = readSessionCookie(socket.request.headers.cookie);
    if (sessionId === undefined) return next(new Error(UNAUTHENTICATED));
    auth.revocations
      .during(() => auth.accounts.authenticate(sessionId))
      .then(
        ({ result: context, meanwhile }) => {
          if (!context || meanwhile.some((r) => revokes(r, { auth: context }))) {
            return next(new Error(UNAUTHENTICATED));
          }
          admit(auth, socket, context);
          next();
        },
        // The auth database is unreachable: refuse, the client retries.
        () => next(new Error(UNAUTHENTICATED)),
      );
  };
}

/** Attaches the session to the socket and cuts the socket when the session expires. */
function admit(auth: Auth, socket: Socket, context: AuthContext): void {
  (socket.data as WithAuth).auth = context;
  const timer = setTimeout(
    () => socket.disconnect(true),
    Math.min(context.expiresAtMs - auth.clock.now(), MAX_TIMER_MS),
  );
  timer.unref();
  socket.on('disconnect', () => clearTimeout(timer));
}

function revokes(revocation: Revocation, data: WithAuth): boolean {
  switch (revocation.kind) {
    case 'station':
      return data.stationId === revocation.stationId;
    case 'session':
      return data.auth?.sessionIdHash === revocation.sessionIdHash;
    case 'user':
      return data.auth?.username === revocation.username;
    case 'kiosk':
      return data.auth?.kioskId === revocation.kioskId;
  }
}

/** Disconnects the sockets of these namespaces that a revocation concerns; returns the unsubscribe. */
export function disconnectOnRevocation(auth: Auth, namespaces: Namespace[]): () => void {
  return auth.revocations.subscribe((revocation) => {
    for (const nsp of namespaces) {
      for (const socket of nsp.sockets.values()) {
        if (revokes(revocation, socket.data as WithAuth)) socket.disconnect(true);
      }
    }
  });
}
