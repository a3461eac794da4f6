// Who must be cut off now: live connections listen here so a revoked station, a deleted user or a revoked
// kiosk link loses its open sockets at once, not at its next reconnect.

export type Revocation =
  | { kind: 'station'; stationId: string }
  | { kind: 'session'; sessionIdHash: string }
  | { kind: 'user'; username: string }
  | { kind: 'kiosk'; kioskId: string };

export class Revocations {
  private readonly listeners = new Set<(revocation: Revocation) => void>();

  /** Returns the function that removes the listener. */
  subscribe(listener: (revocation: Revocation) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(revocation: Revocation): void {
    for (const listener of this.listeners) listener(revocation);
  }
}
