// What the notifier keeps in the archive: channels (with their secrets), the outbox of notifications decided
// and not yet settled, and the delivery log. SQLite (sqliteStore.ts) on one node, PostgreSQL
// (postgres/store.ts) where nodes share a database; nothing else in server/notify knows which one runs.
import type { PartnerId } from '../../shared/dictionary';
import type {
  AlarmNotification,
  ChannelKind,
  DeliveryAttempt,
  NotifySeverity,
  PartnerRouting,
} from '../../shared/protocol/notify';

export interface WebhookTarget {
  kind: 'webhook';
  url: string;
}

export interface EmailTarget {
  kind: 'email';
  host: string;
  port: number;
  username: string | null;
  from: string;
  to: string[];
}

export type ChannelTarget = WebhookTarget | EmailTarget;

export interface StoredChannel {
  id: string;
  name: string;
  kind: ChannelKind;
  partner: PartnerId;
  minSeverity: NotifySeverity;
  enabled: boolean;
  target: ChannelTarget;
  /** The webhook signing key, or the SMTP password: never leaves the server after creation. */
  secret: string | null;
  createdBy: string;
  createdAtMs: number;
}

export type ChannelPatch = Partial<Pick<StoredChannel, 'name' | 'minSeverity' | 'enabled'>>;

export type OutboxState = 'pending' | 'sent' | 'failed' | 'suppressed';

/** One notification to one channel; its id is the idempotency key, so deciding it twice stores it once. */
export interface OutboxEntry {
  id: string;
  channelId: string;
  alarmId: string;
  notification: AlarmNotification;
  state: OutboxState;
  attempts: number;
  nextAtMs: number;
  createdAtMs: number;
}

export interface ClaimQuery {
  nowMs: number;
  /** Claimed entries are not handed out again before this, in case this node dies while sending. */
  leaseUntilMs: number;
  limit: number;
  /** Channels this node is sending to already (one request at a time per channel). */
  busyChannels: readonly string[];
}

export interface Settlement {
  state: OutboxState;
  attempts: number;
  nextAtMs: number;
}

export type NewDeliveryAttempt = Omit<DeliveryAttempt, 'id'>;

export interface DeliveryQuery {
  limit: number;
  channelId?: string;
  alarmId?: string;
}

export interface AckLink {
  tokenHash: string;
  alarmId: string;
  channelId: string;
  expiresAtMs: number;
}

export interface NotifyStore {
  /** Routing rules, rota and escalation of each partner that has them. */
  partnerRouting(): Promise<Map<PartnerId, PartnerRouting>>;
  putPartnerRouting(partner: PartnerId, routing: PartnerRouting, atMs: number): Promise<void>;

  insertAckLinks(links: readonly AckLink[]): Promise<void>;
  /** Marks the link used and returns it, or undefined when unknown, used already or expired. */
  useAckLink(tokenHash: string, nowMs: number): Promise<AckLink | undefined>;

  insertChannel(channel: StoredChannel): Promise<void>;
  getChannel(id: string): Promise<StoredChannel | undefined>;
  listChannels(): Promise<StoredChannel[]>;
  /** False when there is no such channel. */
  updateChannel(id: string, patch: ChannelPatch): Promise<boolean>;
  deleteChannel(id: string): Promise<boolean>;

  /** Stores the entries whose id is new; returns how many were. */
  enqueue(entries: readonly OutboxEntry[]): Promise<number>;
  /** Leases pending entries that are due and not leased already, oldest first, of channels not busy. */
  claimDue(query: ClaimQuery): Promise<OutboxEntry[]>;
  /** Updates the entry and appends the attempt to the log, in one transaction. */
  settle(id: string, settlement: Settlement, attempt: NewDeliveryAttempt): Promise<void>;
  pendingCount(): Promise<number>;
  deliveries(query: DeliveryQuery): Promise<DeliveryAttempt[]>;

  close(): Promise<void>;
}
