// One node of a deployment does the periodic work that must happen once: watching for stale and lost
// spacecraft (link alarms) and retention. It holds a lease in Redis that it renews; if it dies, the lease runs
// out and another node takes over within LEASE_MS. The other nodes learn its link alarms through the relay.

/** How long a lease lasts without renewal, and how often the holder (and every candidate) tries. */
export const LEASE_MS = 15_000;
export const RENEW_MS = 5_000;

// Take the lease if free, or extend it if this node holds it: one atomic step in Redis.
const ACQUIRE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2])
elseif redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

export interface CommandClient {
  sendCommand<T>(args: readonly string[]): Promise<T>;
}

export class LeaderLease {
  /** Local time until which this node may act as leader (a little before the lease ends in Redis). */
  private validUntilMs = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly client: CommandClient,
    private readonly key: string,
    private readonly nodeId: string,
    private readonly now: () => number = Date.now,
  ) {
    this.timer = setInterval(() => void this.renew(), RENEW_MS);
  }

  /** Tries to take or extend the lease; a Redis error leaves this node without it. */
  async renew(): Promise<boolean> {
    const startedMs = this.now();
    try {
      const held = await this.client.sendCommand<number>([
        'EVAL',
        ACQUIRE,
        '1',
        this.key,
        this.nodeId,
        String(LEASE_MS),
      ]);
      this.validUntilMs = held === 1 ? startedMs + LEASE_MS - RENEW_MS : 0;
    } catch {
      this.validUntilMs = 0;
    }
    return this.isLeader();
  }

  isLeader(): boolean {
    return this.now() < this.validUntilMs;
  }

  /** Gives the lease up at shutdown so another node takes over at once. */
  async release(): Promise<void> {
    clearInterval(this.timer);
    if (this.validUntilMs === 0) return;
    this.validUntilMs = 0;
    await this.client.sendCommand(['EVAL', RELEASE, '1', this.key, this.nodeId]).catch(() => undefined);
  }
}
