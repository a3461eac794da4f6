// The notify room's REST routes, declared in the route table's terms (server/api/route.ts): schemas,
// permission and handler side by side, served by mountApi with the other /api routes, so the router walk
// (test/security/routeAccess.test.ts) holds them to the same rules. Channel changes are audited inside
// Channels, not by the table's audit hook: the entry names the new channel's id and its redacted target,
// which only exist once the handler has run.
import { z } from 'zod';
import type { Clock } from '../../shared/clock';
import { partnerIdSchema } from '../../shared/protocol/partner';
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
import { asParsed, defineRoute, type ApiRoute } from '../api/route';
import type { Notifier } from './index';
import { onCallShifts } from './plan';

const ADMIN = ['admin:notify'] as const;
const channelParams = z.object({ id: z.uuid() });
const partnerParams = z.object({ partner: partnerIdSchema });
const NO_ROUTING = partnerRoutingSchema.parse({});

const notFound = () => new HttpError(404, 'not_found', 'no such channel');

/**
 * `wall`: the routing record's time. `alarm`: the clock alarms run on (the simulator's, when it runs), on which
 * the notifier decides who is on call; "on call now" answers on the same clock, so it says who would be told.
 */
export interface NotifyRouteClocks {
  wall: Clock;
  alarm: Clock;
}

export function notifyRoutes(notifier: Notifier, clocks: NotifyRouteClocks): ApiRoute[] {
  return [...channelRoutes(notifier), ...routingRoutes(notifier, clocks)];
}

function channelRoutes(notifier: Notifier): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/admin/channels',
      permission: ADMIN,
      resolve: asParsed,
      handle: async () => {
        const body: ChannelsResponse = { channels: await notifier.channels.list() };
        return { json: body };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/channels',
      body: createChannelSchema,
      permission: ADMIN,
      resolve: asParsed,
      handle: async ({ body }, caller) => {
        if (!notifier.knowsPartner(body.partner))
          throw new HttpError(400, 'unknown_partner', `no partner ${body.partner} in the mission`);
        return { status: 201, json: await notifier.channels.create(body, caller.principal.name) };
      },
    }),
    defineRoute({
      // Before /:id, so that "deliveries" is never read as a channel id.
      method: 'get',
      path: '/api/admin/channels/deliveries',
      query: deliveriesQuerySchema,
      permission: ADMIN,
      resolve: asParsed,
      handle: async ({ query }) => {
        const deliveries = await notifier.store.deliveries({
          limit: query.limit,
          channelId: query.channel,
          alarmId: query.alarm,
        });
        const body: DeliveriesResponse = { deliveries };
        return { json: body };
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/admin/channels/:id',
      params: channelParams,
      body: updateChannelSchema,
      permission: ADMIN,
      resolve: asParsed,
      handle: async ({ params, body }, caller) => {
        const channel = await notifier.channels.update(params.id, body, caller.principal.name);
        if (!channel) throw notFound();
        return { json: channel };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/admin/channels/:id',
      params: channelParams,
      permission: ADMIN,
      resolve: asParsed,
      handle: async ({ params }, caller) => {
        if (!(await notifier.channels.remove(params.id, caller.principal.name))) throw notFound();
        return { status: 204, json: null };
      },
    }),
  ];
}

function routingRoutes(notifier: Notifier, { wall, alarm }: NotifyRouteClocks): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/admin/notify/routing/:partner',
      params: partnerParams,
      permission: ADMIN,
      resolve: asParsed,
      handle: async ({ params: { partner } }) => {
        known(notifier, partner);
        const routing = (await notifier.store.partnerRouting()).get(partner) ?? NO_ROUTING;
        return { json: routingResponse(notifier, partner, routing, alarm.now()) };
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/admin/notify/routing/:partner',
      params: partnerParams,
      body: partnerRoutingSchema,
      permission: ADMIN,
      resolve: asParsed,
      handle: async ({ params: { partner }, body: routing }, caller) => {
        known(notifier, partner);
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
        await notifier.store.putPartnerRouting(partner, routing, wall.now());
        await notifier.channels.audited(caller.principal.name, 'notify_routing_update', partner);
        return { json: routingResponse(notifier, partner, routing, alarm.now()) };
      },
    }),
  ];
}

/** A well-formed partner id the mission does not declare is a 404, as an unknown spacecraft is. */
function known(notifier: Notifier, partner: string): void {
  if (!notifier.knowsPartner(partner))
    throw new HttpError(404, 'not_found', `no partner ${partner} in the mission`);
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

export { mountAckLinks } from './ackLinks';
