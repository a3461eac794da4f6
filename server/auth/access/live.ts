// Auth and the constellation agreement on /live: the handshake needs a session; a subscription naming a
// spacecraft the partner may not see in detail is refused; every update and subscription reply is filtered
// on its way out, whatever the hub put in it (updates through the socket's audience, the hub's only exit).
import type { Namespace, Socket } from 'socket.io';
import { FORBIDDEN } from '../../../shared/protocol/auth';
import type { LiveAck } from '../../../shared/protocol/live';
import type { LiveAudience } from '../../live/audience';
import type { Auth } from '../index';
import { sessionSocketMiddleware, socketAuthOf } from '../sockets';
import { payloadFilter, type PayloadFilter } from './filters';

/** Names of spacecraft in a raw subscription request that the socket's partner may not see in detail. */
function deniedSpacecraft(auth: Auth, socket: Socket, request: unknown): string[] {
  const context = socketAuthOf(socket);
  const requested = (request as { spacecraft?: unknown } | null | undefined)?.spacecraft;
  if (!context || !Array.isArray(requested)) return [];
  return requested.filter(
    (id): id is string =>
      typeof id === 'string' &&
      auth.policy.knows(id) &&
      !auth.policy.canSee(context.principal, id, 'telemetry'),
  );
}

function filterAck(filter: PayloadFilter, ack: (result: LiveAck) => void) {
  return (result: LiveAck) => ack('data' in result ? { data: filter.update(result.data) } : result);
}

export function secureLiveNamespace(nsp: Namespace, auth: Auth): void {
  nsp.use(sessionSocketMiddleware(auth));
  // One audience per visible set (the filter depends on nothing else): with one agreement per process, at most
  // one per partner. The sockets of an audience share its key string, which the hub groups by every tick.
  const audiences = new Map<string, LiveAudience>();
  nsp.use((socket, next) => {
    const principal = socketAuthOf(socket)!.principal;
    const filter = payloadFilter(auth.policy, principal);
    // What the principal sees decides what it is sent: principals that see alike share updates.
    const key = JSON.stringify(auth.policy.visible(principal));
    let audience = audiences.get(key);
    if (!audience) {
      audience = { key, prepare: (update) => filter.update(update) };
      audiences.set(key, audience);
    }
    (socket.data as { audience?: LiveAudience }).audience = audience;
    socket.use((packet, nextPacket) => {
      if (packet[0] !== 'subscribe' || typeof packet[2] !== 'function') return nextPacket();
      const ack = packet[2] as (result: LiveAck) => void;
      const denied = deniedSpacecraft(auth, socket, packet[1]);
      if (denied.length > 0) {
        ack({ error: FORBIDDEN });
        return;
      }
      packet[2] = filterAck(filter, ack);
      nextPacket();
    });
    next();
  });
}
