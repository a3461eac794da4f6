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

  /**
   * Runs an admission check and records the revocations published while it waits on the database. A check
   * that read the database just before a revocation was written (here or on another node) would otherwise
   * admit a socket that the revocation, already delivered, can no longer find.
   */
  async during<T>(check: () => Promise<T>): Promise<{ result: T; meanwhile: Revocation[] }> {
    const meanwhile: Revocation[] = [];
    const stop = this.subscribe((revocation) => meanwhile.push(revocation));
    try {
      return { result: await check(), meanwhile };
    } finally {
      stop();
    }
  }
}
