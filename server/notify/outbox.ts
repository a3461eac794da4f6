// The durable outbox: a notification is stored per channel before anything is sent, so a crash between the
// decision and the delivery loses nothing; the pump leases due entries, sends them (one request at a time per
// channel, a few channels at once, each attempt bounded by a timeout) and records every attempt in the log.
import type { Clock } from '../../shared/clock';
import type { Alarm } from '../../shared/protocol/api';
import { isShelved } from '../limits/alarms';
import { nextAttemptAt } from './routing';
import { sendEmail, sendWebhook, type SendResult, type SmtpTrust } from './senders';
import type { NotifyStore, OutboxEntry, Settlement, StoredChannel } from './store';

export interface OutboxOptions {
  store: NotifyStore;
  /** Wall clock: retries and timeouts are about real networks, whatever the simulator's speed. */
  clock: Clock;
  /** The alarm as the server holds it now (undefined once closed), and the clock its shelving runs on. */
  currentAlarm(id: string): Alarm | undefined;
  alarmClock: Clock;
  timeoutMs: number;
  retryDelaysMs: readonly number[];
  /** Channels sent to at once; one slow channel holds one of these for at most timeoutMs per entry. */
  maxConcurrentChannels: number;
  smtpTrust: SmtpTrust;
}

/** Entries leased per channel and round: a slow channel's lease covers this many timeouts. */
const ENTRIES_PER_ROUND = 8;

export class Outbox {
  private readonly busy = new Set<string>();
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;

  constructor(private readonly options: OutboxOptions) {}

  /** Sends what is due; a call during a round asks for one more round after it. */
  pump(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.rounds().finally(() => (this.running = null));
    return this.running;
  }

  now(): number {
    return this.options.clock.now();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.running;
  }

  private async rounds(): Promise<void> {
    do {
      this.again = false;
      await this.round();
    } while (this.again && !this.closed);
  }

  private async round(): Promise<void> {
    const { store, clock, maxConcurrentChannels, timeoutMs } = this.options;
    const free = maxConcurrentChannels - this.busy.size;
    if (free <= 0) return;
    const nowMs = clock.now();
    const entries = await store.claimDue({
      nowMs,
      leaseUntilMs: nowMs + ENTRIES_PER_ROUND * (timeoutMs + 1000),
      limit: free * ENTRIES_PER_ROUND,
      busyChannels: [...this.busy],
    });
    const byChannel = new Map<string, OutboxEntry[]>();
    for (const entry of entries) {
      const list = byChannel.get(entry.channelId) ?? [];
      if (list.length < ENTRIES_PER_ROUND) list.push(entry);
      byChannel.set(entry.channelId, list);
    }
    const work = [...byChannel].slice(0, free).map(([channelId, list]) => this.sendAll(channelId, list));
    await Promise.all(work);
    // Entries leased beyond what this round could take go back after their lease: rare, and never lost.
  }

  private async sendAll(channelId: string, entries: readonly OutboxEntry[]): Promise<void> {
    this.busy.add(channelId);
    try {
      const channel = await this.options.store.getChannel(channelId);
      for (const entry of entries) {
        if (this.closed) break;
        await this.deliver(channel, entry).catch((error: unknown) =>
          console.error('notify: could not settle', entry.id, error instanceof Error ? error.message : error),
        );
      }
    } finally {
      this.busy.delete(channelId);
    }
  }

  private async deliver(channel: StoredChannel | undefined, entry: OutboxEntry): Promise<void> {
    const { clock, store } = this.options;
    const startMs = clock.now();
    const attempt = entry.attempts + 1;
    const skip = this.skipReason(channel, entry);
    const result: SendResult = skip
      ? { ok: false, retryable: false, status: null, answer: skip }
      : await this.send(channel!, entry);
    const endMs = clock.now();
    const retryAt =
      result.ok || !result.retryable ? null : nextAttemptAt(attempt, endMs, this.options.retryDelaysMs);
    const settlement: Settlement = result.ok
      ? { state: 'sent', attempts: attempt, nextAtMs: endMs }
      : retryAt !== null
        ? { state: 'pending', attempts: attempt, nextAtMs: retryAt }
        : {
            state:
              skip === SHELVED || skip === ACKNOWLEDGED || skip === IN_MAINTENANCE ? 'suppressed' : 'failed',
            attempts: attempt,
            nextAtMs: endMs,
          };
    await store.settle(entry.id, settlement, {
      channelId: entry.channelId,
      alarmId: entry.alarmId,
      idempotencyKey: entry.id,
      atMs: endMs,
      attempt,
      outcome: result.ok
        ? 'sent'
        : settlement.state === 'pending'
          ? 'retry'
          : settlement.state === 'suppressed'
            ? 'suppressed'
            : 'failed',
      status: result.status,
      answer: result.answer,
      durationMs: Math.max(0, endMs - startMs),
    });
  }

  /** Why an entry is not sent at all: its channel went, or its alarm was shelved or put in maintenance meanwhile. */
  private skipReason(channel: StoredChannel | undefined, entry: OutboxEntry): string | null {
    if (!channel) return 'channel removed';
    if (!channel.enabled) return 'channel disabled';
    const alarm = this.options.currentAlarm(entry.alarmId);
    if (alarm && isShelved(alarm, this.options.alarmClock.now())) return SHELVED;
    // A window planned after the decision still silences what it covers.
    if (alarm?.maintenance) return IN_MAINTENANCE;
    // The next level hears only of alarms nobody took: acknowledged (or closed) ones stop the escalation.
    if (entry.notification.escalation && (!alarm || alarm.acknowledged)) return ACKNOWLEDGED;
    return null;
  }

  private send(channel: StoredChannel, entry: OutboxEntry): Promise<SendResult> {
    const { timeoutMs, smtpTrust } = this.options;
    if (channel.target.kind === 'webhook') {
      return sendWebhook(channel.target, channel.secret ?? '', entry.notification, timeoutMs);
    }
    return sendEmail(channel.target, channel.secret, entry.notification, timeoutMs, smtpTrust);
  }
}

const SHELVED = 'alarm shelved';
const ACKNOWLEDGED = 'acknowledged before escalation';
const IN_MAINTENANCE = 'alarm in maintenance';
