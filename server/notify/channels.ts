// Channel administration: create (the webhook signing key is generated here and shown once), list without
// secrets, change name, severity or enabled, and remove. Each change is audited under the admin's name.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../shared/clock';
import type {
  ChannelInfo,
  CreatedChannel,
  NewChannel,
  UpdateChannelRequest,
} from '../../shared/protocol/notify';
import type { AuditLog } from '../auth/audit';
import { newSigningSecret } from './signature';
import type { ChannelTarget, NotifyStore, StoredChannel } from './store';

/** How a target is shown: a chat webhook's path and query are its secret, so only scheme and host. */
export function describeTarget(target: ChannelTarget): string {
  if (target.kind === 'email') return `${target.to.join(', ')} via ${target.host}:${target.port}`;
  const url = new URL(target.url);
  return `${url.protocol}//${url.host}/…`;
}

export function channelInfo(c: StoredChannel): ChannelInfo {
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    partner: c.partner,
    minSeverity: c.minSeverity,
    enabled: c.enabled,
    target: describeTarget(c.target),
    createdBy: c.createdBy,
    createdAtMs: c.createdAtMs,
  };
}

export class Channels {
  constructor(
    private readonly store: NotifyStore,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  async list(): Promise<ChannelInfo[]> {
    return (await this.store.listChannels()).map(channelInfo);
  }

  async create(request: NewChannel, actor: string): Promise<CreatedChannel> {
    const signingSecret = request.kind === 'webhook' ? newSigningSecret() : undefined;
    const target: ChannelTarget =
      request.kind === 'webhook'
        ? { kind: 'webhook', url: request.url }
        : {
            kind: 'email',
            host: request.host,
            port: request.port,
            username: request.username ?? null,
            from: request.from,
            to: request.to,
          };
    const channel: StoredChannel = {
      id: randomUUID(),
      name: request.name,
      kind: request.kind,
      partner: request.partner,
      minSeverity: request.minSeverity,
      enabled: request.enabled,
      target,
      secret: signingSecret ?? (request.kind === 'email' ? (request.password ?? null) : null),
      createdBy: actor,
      createdAtMs: this.clock.now(),
    };
    await this.store.insertChannel(channel);
    await this.audit.record(actor, 'channel_create', channel.id, `${channel.kind} ${describeTarget(target)}`);
    return { channel: channelInfo(channel), ...(signingSecret && { signingSecret }) };
  }

  async update(id: string, patch: UpdateChannelRequest, actor: string): Promise<ChannelInfo | null> {
    if (!(await this.store.updateChannel(id, patch))) return null;
    await this.audit.record(actor, 'channel_update', id, JSON.stringify(patch));
    const channel = await this.store.getChannel(id);
    return channel ? channelInfo(channel) : null;
  }

  /** Audits a notification setting changed outside the channels themselves (routing, rota). */
  async audited(actor: string, action: 'notify_routing_update', target: string): Promise<void> {
    await this.audit.record(actor, action, target);
  }

  async remove(id: string, actor: string): Promise<boolean> {
    if (!(await this.store.deleteChannel(id))) return false;
    await this.audit.record(actor, 'channel_delete', id);
    return true;
  }
}
