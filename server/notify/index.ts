// The notify room's public face: channels, the routing decision and the durable outbox, built over one
// store. The composition root hands every alarm transition to `alarmChanged`; the rest happens here.
import { systemClock, type Clock } from '../../shared/clock';
import type { DictionaryIndex } from '../../shared/dictionary';
import type { Alarm } from '../../shared/protocol/api';
import type { VisibilityPolicy } from '../auth/agreement';
import type { AuditLog } from '../auth/audit';
import type { AlarmChange } from '../limits/alarms';
import { Channels } from './channels';
import { buildNotification } from './message';
import { Outbox } from './outbox';
import { channelsFor, DEFAULT_RETRY_DELAYS_MS, isNotified } from './routing';
import type { SmtpTrust } from './senders';
import type { NotifyStore, OutboxEntry } from './store';

export interface NotifyOptions {
  /** Default: an in-memory store (nothing survives a restart). */
  store?: NotifyStore;
  /** Base URL of the dashboard for the links in notifications (ORTAQ_PUBLIC_URL). */
  publicUrl?: string;
  /** Wall clock for retries (default: the system clock). */
  clock?: Clock;
  /** One attempt's limit (default 10 s). */
  timeoutMs?: number;
  retryDelaysMs?: readonly number[];
  maxConcurrentChannels?: number;
  /** How often the outbox looks for due retries (default 1 s; 0: only when asked, for tests). */
  pollMs?: number;
  smtpTrust?: SmtpTrust;
}

export interface NotifierDeps {
  index: DictionaryIndex;
  policy: VisibilityPolicy;
  audit: AuditLog;
  /** The clock alarms and shelving run on (the simulator's, when it runs). */
  alarmClock: Clock;
  currentAlarm(id: string): Alarm | undefined;
}

export class Notifier {
  readonly channels: Channels;
  readonly outbox: Outbox;
  private readonly decisions = new Set<Promise<void>>();
  private readonly timer: NodeJS.Timeout | null;
  private readonly publicUrl: string;

  constructor(
    readonly store: NotifyStore,
    private readonly deps: NotifierDeps,
    options: Omit<NotifyOptions, 'store'> = {},
  ) {
    const clock = options.clock ?? systemClock;
    this.publicUrl = options.publicUrl ?? '';
    this.channels = new Channels(store, clock, deps.audit);
    this.outbox = new Outbox({
      store,
      clock,
      currentAlarm: deps.currentAlarm,
      alarmClock: deps.alarmClock,
      timeoutMs: options.timeoutMs ?? 10_000,
      retryDelaysMs: options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
      maxConcurrentChannels: options.maxConcurrentChannels ?? 4,
      smtpTrust: options.smtpTrust ?? {},
    });
    const pollMs = options.pollMs ?? 1000;
    this.timer = pollMs > 0 ? setInterval(() => void this.pumpLogged(), pollMs) : null;
    // Entries a previous run decided and did not settle go out now, not at the first alarm.
    void this.pumpLogged();
  }

  /** Called for every alarm transition; decides and stores in the background, then sends. */
  alarmChanged(change: AlarmChange, atMs: number): void {
    if (!isNotified(change.transition) || change.alarm.playback) return;
    const decision = this.decide(change, atMs)
      .catch((error: unknown) =>
        console.error(
          'notify: could not decide',
          change.alarm.id,
          error instanceof Error ? error.message : error,
        ),
      )
      .finally(() => this.decisions.delete(decision));
    this.decisions.add(decision);
  }

  /** Waits for the decisions under way and one outbox round (tests, shutdown). */
  async settled(): Promise<void> {
    await Promise.all(this.decisions);
    await this.outbox.pump();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.all(this.decisions);
    await this.outbox.close();
    await this.store.close();
  }

  private async decide(change: AlarmChange, atMs: number): Promise<void> {
    const transition = change.transition;
    if (!isNotified(transition)) return;
    const alarm = structuredClone(change.alarm);
    const channels = channelsFor(
      alarm,
      await this.store.listChannels(),
      this.deps.policy,
      this.deps.alarmClock.now(),
    );
    if (channels.length === 0) return;
    const nowMs = this.outbox.now();
    const entries: OutboxEntry[] = channels.map((channel) => {
      const notification = buildNotification(this.deps.index, {
        alarm,
        transition,
        atMs,
        channelId: channel.id,
        publicUrl: this.publicUrl,
      });
      return {
        id: notification.idempotencyKey,
        channelId: channel.id,
        alarmId: alarm.id,
        notification,
        state: 'pending',
        attempts: 0,
        nextAtMs: nowMs,
        createdAtMs: nowMs,
      };
    });
    await this.store.enqueue(entries);
    void this.pumpLogged();
  }

  private pumpLogged(): Promise<void> {
    return this.outbox
      .pump()
      .catch((error: unknown) =>
        console.error('notify: outbox round failed:', error instanceof Error ? error.message : error),
      );
  }
}

export { createSqliteNotifyStore } from './sqliteStore';
export type { NotifyStore } from './store';
