// The notify room's HTTP routes as one declared table: method, path, permission and handler side by side,
// mounted by mountNotifyRoutes. Bodies and queries are parsed by zod before the handler acts on them.
import type { Express, Request, Response } from 'express';
import { z } from 'zod';
import type { Permission } from '../../shared/protocol/auth';
import {
  createChannelSchema,
  deliveriesQuerySchema,
  updateChannelSchema,
  type ChannelsResponse,
  type DeliveriesResponse,
} from '../../shared/protocol/notify';
import { HttpError } from '../api/errors';
import { requirePermission, sessionOf } from '../auth/http/guards';
import type { Notifier } from './index';

export interface NotifyRoute {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  permission: Permission;
  handle(notifier: Notifier, req: Request, res: Response): Promise<void>;
}

const channelId = z.uuid();

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
];

export function mountNotifyRoutes(app: Express, notifier: Notifier): void {
  for (const route of NOTIFY_ROUTES) {
    app[route.method](route.path, requirePermission(route.permission), (req, res) =>
      route.handle(notifier, req, res),
    );
  }
}
