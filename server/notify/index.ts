// The notify room's public face: channels, partner routing, the routing decision and the durable outbox,
// built over one store. The composition root hands every alarm transition to `alarmChanged`.
import { createHash, randomBytes } from 'node:crypto';
import { systemClock, type Clock } from '../../shared/clock';
import type { DictionaryIndex, PartnerId } from '../../shared/dictionary';
import type { Alarm } from '../../shared/protocol/api';
import type { VisibilityPolicy } from '../auth/agreement';
import type { AuditLog } from '../auth/audit';
import type { AlarmChange } from '../limits/alarms';
import { isShelved } from '../limits/alarms';
import { Channels } from './channels';
import { buildNotification, type NotifiedTransition } from './message';
import { Outbox } from './outbox';
import { planDeliveries, type Contact } from './plan';
import { DEFAULT_RETRY_DELAYS_MS, isNotified } from './routing';
import type { SmtpTrust } from './senders';
import type { AckLink, NotifyStore, OutboxEntry } from './store';

export interface NotifyOptions {
  /** Default: an in-memory store (nothing survives a restart). */
  store?: NotifyStore;
  /** Base URL of the dashboard for the links in notifications (ORTAQ_PUBLIC_URL). */
  publicUrl?: string;
  /** Wall clock for retries, escalation and link expiry (default: the system clock). */
  clock?: Clock;
  /** One attempt's limit (default 10 s). */
  timeoutMs?: number;
  retryDelaysMs?: readonly number[];
  maxConcurrentChannels?: number;
  /** How often the outbox looks for due entries (default 1 s; 0: only when asked, for tests). */
  pollMs?: number;
  smtpTrust?: SmtpTrust;
}

export interface NotifierDeps {
  index: DictionaryIndex;
  policy: VisibilityPolicy;
  audit: AuditLog;
  /** The clock alarms, shelving and passes run on (the simulator's, when it runs). */
  alarmClock: Clock;
  currentAlarm(id: string): Alarm | undefined;
  /** Stations hearing the spacecraft at a moment of the alarm clock, or the next contact. */
  contactOf(spacecraftId: string, nowMs: number): Contact;
}

/** An acknowledgement link works once, for a day. */
export const ACK_LINK_TTL_MS = 86_400_000;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export class Notifier {
  readonly channels: Channels;
  readonly outbox: Outbox;
  private readonly clock: Clock;
  private readonly decisions = new Set<Promise<void>>();
  private readonly timer: NodeJS.Timeout | null;
  private readonly publicUrl: string;

  constructor(
    readonly store: NotifyStore,
    private readonly deps: NotifierDeps,
    options: Omit<NotifyOptions, 'store'> = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.publicUrl = options.publicUrl ?? '';
    this.channels = new Channels(store, this.clock, deps.audit);
    this.outbox = new Outbox({
      store,
      clock: this.clock,
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
    const transition = change.transition;
    if (!isNotified(transition) || change.alarm.playback) return;
    const decision = this.decide(structuredClone(change.alarm), transition, atMs)
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

  /** True for a partner the loaded mission declares (routes refuse any other). */
  knowsPartner(partner: PartnerId): boolean {
    return this.deps.index.partnerById.has(partner);
  }

  /** The time zone of a partner's operations centre, from the mission; UTC when it gives none. */
  timeZoneOf(partner: PartnerId): string {
    return this.deps.index.partnerById.get(partner)?.timeZone ?? 'UTC';
  }

  /** Consumes a one-time acknowledgement link: the alarm and channel it was issued for, once. */
  async useAckLink(token: string): Promise<AckLink | undefined> {
    return this.store.useAckLink(hashToken(token), this.clock.now());
  }

  private async decide(alarm: Alarm, transition: NotifiedTransition, atMs: number): Promise<void> {
    const { index, policy, alarmClock } = this.deps;
    const alarmNowMs = alarmClock.now();
    // Shelved, or raised in a maintenance window: recorded, never sent.
    if (isShelved(alarm, alarmNowMs) || alarm.maintenance) return;
    const owner = index.spacecraftById.get(alarm.spacecraftId)?.partner;
    if (!owner) return;
    const contact = this.deps.contactOf(alarm.spacecraftId, alarmNowMs);
    const planned = planDeliveries({
      alarm,
      subsystem:
        alarm.parameterId === null ? null : (index.parameterById.get(alarm.parameterId)?.subsystem ?? null),
      owner,
      contact,
      nowMs: alarmNowMs,
      channels: await this.store.listChannels(),
      routing: await this.store.partnerRouting(),
      timeZoneOf: (partner: PartnerId) => this.timeZoneOf(partner),
      canSee: (partner, spacecraftId) => policy.canSee({ partner }, spacecraftId, 'telemetry'),
    });
    if (planned.length === 0) return;
    const nowMs = this.clock.now();
    const links: AckLink[] = [];
    const entries: OutboxEntry[] = planned.map((p) => {
      const ackToken = randomBytes(32).toString('base64url');
      links.push({
        tokenHash: hashToken(ackToken),
        alarmId: alarm.id,
        channelId: p.channelId,
        expiresAtMs: nowMs + p.delayMs + ACK_LINK_TTL_MS,
      });
      const notification = buildNotification(index, {
        alarm,
        transition,
        atMs,
        channelId: p.channelId,
        publicUrl: this.publicUrl,
        escalation: p.escalation,
        contact,
        ackToken,
      });
      return {
        id: notification.idempotencyKey,
        channelId: p.channelId,
        alarmId: alarm.id,
        notification,
        state: 'pending',
        attempts: 0,
        nextAtMs: nowMs + p.delayMs,
        createdAtMs: nowMs,
      };
    });
    await this.store.insertAckLinks(links);
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
