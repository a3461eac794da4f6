// The notify room's HTTP routes as one declared table: method, path, permission and handler side by side,
// mounted by mountNotifyRoutes. Bodies and queries are parsed by zod before the handler acts on them.
import type { Express, Request, Response } from 'express';
import { z } from 'zod';
import type { Clock } from '../../shared/clock';
import { partnerIdSchema } from '../../shared/protocol/partner';
import type { Permission } from '../../shared/protocol/auth';
import {
  createChannelSchema,
  deliveriesQuerySchema,
  partnerRoutingSchema,
  type PartnerRoutingResponse,
  updateChannelSchema,
  type ChannelsResponse,
  type DeliveriesResponse,
} from '../../shared/protocol/notify';
import { HttpError } from '../api/errors';
import { requirePermission, sessionOf } from '../auth/http/guards';
import type { Notifier } from './index';
import { onCallShifts } from './plan';

export interface NotifyRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  permission: Permission;
  handle(notifier: Notifier, req: Request, res: Response, clock: Clock): Promise<void>;
}

const channelId = z.uuid();
const NO_ROUTING = partnerRoutingSchema.parse({});

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw new HttpError(400, 'bad_request', z.treeifyError(parsed.error));
  return parsed.data;
}

const actor = (res: Response) => sessionOf(res).principal.name;
const notFound = () => new HttpError(404, 'not_found', 'no such channel');

export const NOTIFY_ROUTES: readonly NotifyRoute[] = [
  {
    method: 'get',
    path: '/api/admin/channels',
    permission: 'admin:notify',
    handle: async (notifier, _req, res) => {
      const body: ChannelsResponse = { channels: await notifier.channels.list() };
      res.json(body);
    },
  },
  {
    method: 'post',
    path: '/api/admin/channels',
    permission: 'admin:notify',
    handle: async (notifier, req, res) => {
      const request = parse(createChannelSchema, req.body);
      if (!notifier.knowsPartner(request.partner))
        throw new HttpError(400, 'unknown_partner', `no partner ${request.partner} in the mission`);
      res.status(201).json(await notifier.channels.create(request, actor(res)));
    },
  },
  {
    // Before /:id, so that "deliveries" is never read as a channel id.
    method: 'get',
    path: '/api/admin/channels/deliveries',
    permission: 'admin:notify',
    handle: async (notifier, req, res) => {
      const q = parse(deliveriesQuerySchema, req.query);
      const deliveries = await notifier.store.deliveries({
        limit: q.limit,
        channelId: q.channel,
        alarmId: q.alarm,
      });
      const body: DeliveriesResponse = { deliveries };
      res.json(body);
    },
  },
  {
    method: 'patch',
    path: '/api/admin/channels/:id',
    permission: 'admin:notify',
    handle: async (notifier, req, res) => {
      const id = parse(channelId, req.params.id);
      const patch = parse(updateChannelSchema, req.body);
      const channel = await notifier.channels.update(id, patch, actor(res));
      if (!channel) throw notFound();
      res.json(channel);
    },
  },
  {
    method: 'delete',
    path: '/api/admin/channels/:id',
    permission: 'admin:notify',
    handle: async (notifier, req, res) => {
      const id = parse(channelId, req.params.id);
      if (!(await notifier.channels.remove(id, actor(res)))) throw notFound();
      res.status(204).end();
    },
  },
  {
    method: 'get',
    path: '/api/admin/notify/routing/:partner',
    permission: 'admin:notify',
    handle: async (notifier, req, res, clock) => {
      const partner = partnerOf(notifier, req);
      const routing = (await notifier.store.partnerRouting()).get(partner) ?? NO_ROUTING;
      res.json(routingResponse(notifier, partner, routing, clock.now()));
    },
  },
  {
    method: 'put',
    path: '/api/admin/notify/routing/:partner',
    permission: 'admin:notify',
    handle: async (notifier, req, res, clock) => {
      const partner = partnerOf(notifier, req);
      const routing = parse(partnerRoutingSchema, req.body);
      // Every channel named must be one of this partner's: a partner routes to its own operations centre.
      const own = new Set(
        (await notifier.store.listChannels()).filter((c) => c.partner === partner).map((c) => c.id),
      );
      const named = [
        ...routing.rules.flatMap((r) => r.channelIds),
        ...routing.rota.flatMap((s) => s.channelIds),
        ...(routing.escalation?.channelIds ?? []),
      ];
      const foreign = named.filter((id) => !own.has(id));
      if (foreign.length > 0)
        throw new HttpError(400, 'unknown_channel', `not channels of ${partner}: ${foreign}`);
      await notifier.store.putPartnerRouting(partner, routing, clock.now());
      await notifier.channels.audited(actor(res), 'notify_routing_update', partner);
      res.json(routingResponse(notifier, partner, routing, clock.now()));
    },
  },
];

/** A partner of the loaded mission named in the path; an id the mission does not declare is a 404. */
function partnerOf(notifier: Notifier, req: Request): string {
  const partner = parse(partnerIdSchema, req.params.partner);
  if (!notifier.knowsPartner(partner))
    throw new HttpError(404, 'not_found', `no partner ${partner} in the mission`);
  return partner;
}

function routingResponse(
  notifier: Notifier,
  partner: string,
  routing: PartnerRoutingResponse['routing'],
  nowMs: number,
): PartnerRoutingResponse {
  const timeZone = notifier.timeZoneOf(partner);
  return {
    partner,
    timeZone,
    routing,
    onCallNow: onCallShifts(routing, timeZone, nowMs).map((s) => s.label),
  };
}

/** `clock`: the wall clock, for on-call answers and the routing record's time. */
export function mountNotifyRoutes(app: Express, notifier: Notifier, clock: Clock): void {
  for (const route of NOTIFY_ROUTES) {
    app[route.method](route.path, requirePermission(route.permission), (req, res) =>
      route.handle(notifier, req, res, clock),
    );
  }
}

export { mountAckLinks } from './ackLinks';
