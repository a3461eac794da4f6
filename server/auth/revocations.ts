// Who must be cut off now: live connections listen here so a revoked station, a deleted user or a revoked
// kiosk link loses its open sockets at once, not at its next reconnect. With peers, revocations made here are
// also sent to the other nodes (server/cluster/revocations.ts) and theirs arrive here marked 'peer'.

export type Revocation =
  | { kind: 'station'; stationId: string }
  | { kind: 'session'; sessionIdHash: string }
  | { kind: 'user'; username: string }
  | { kind: 'kiosk'; kioskId: string };

/** 'here' for a revocation made on this node, 'peer' for one another node made and relayed. */
export type RevocationOrigin = 'here' | 'peer';

export type RevocationListener = (revocation: Revocation, origin: RevocationOrigin) => void;

export class Revocations {
  private readonly listeners = new Set<RevocationListener>();

  /** Returns the function that removes the listener. */
  subscribe(listener: RevocationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(revocation: Revocation, origin: RevocationOrigin = 'here'): void {
    for (const listener of this.listeners) listener(revocation, origin);
  }
}
