// Admin endpoints: users, station tokens, kiosk links and the audit log. Every route needs its admin
// permission; every change is audited under the admin's name by the auth cores.
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import {
  auditQuerySchema,
  createKioskSchema,
  createUserSchema,
  updateUserSchema,
} from '../../../shared/protocol/auth';
import { UserError } from '../accounts';
import type { Auth } from '../index';
import { STATION_ID_PATTERN } from '../stationTokens';
import { requirePermission, sessionOf } from './guards';

const USERNAME_PARAM = z.string().min(1).max(64);

function badRequest(res: Response, error: z.ZodError): void {
  res.status(400).json({ error: 'bad_request', detail: error.issues });
}

const USER_ERROR_STATUS = {
  user_exists: 409,
  no_such_user: 404,
  last_admin: 409,
  unknown_partner: 400,
} as const;

function userError(res: Response, error: unknown): void {
  if (!(error instanceof UserError)) throw error;
  res.status(USER_ERROR_STATUS[error.code]).json({ error: error.code, detail: error.message });
}

/** Mounted at /api/admin. */
export function adminRouter(auth: Auth): Router {
  const router = express.Router();
  const actor = (res: Response) => sessionOf(res).principal.name;

  router.get('/users', requirePermission('admin:users'), async (_req, res) => {
    res.json({ users: await auth.accounts.list() });
  });
  router.post('/users', requirePermission('admin:users'), async (req: Request, res: Response) => {
    const parsed = createUserSchema.safeParse(req.body);
    if (!parsed.success) return badRequest(res, parsed.error);
    try {
      res.status(201).json(await auth.accounts.create(parsed.data, actor(res)));
    } catch (error) {
      userError(res, error);
    }
  });
  router.patch('/users/:username', requirePermission('admin:users'), async (req: Request, res: Response) => {
    const username = USERNAME_PARAM.safeParse(req.params.username);
    const parsed = updateUserSchema.safeParse(req.body);
    if (!username.success) return badRequest(res, username.error);
    if (!parsed.success) return badRequest(res, parsed.error);
    try {
      res.json(await auth.accounts.update(username.data, parsed.data, actor(res)));
    } catch (error) {
      userError(res, error);
    }
  });
  router.delete('/users/:username', requirePermission('admin:users'), async (req, res) => {
    try {
      await auth.accounts.delete(String(req.params.username), actor(res));
      res.status(204).end();
    } catch (error) {
      userError(res, error);
    }
  });

  mountStationAndKioskRoutes(router, auth, actor);

  router.get('/audit', requirePermission('audit:read'), async (req, res) => {
    const parsed = auditQuerySchema.safeParse(req.query);
    if (!parsed.success) return badRequest(res, parsed.error);
    res.json({ entries: await auth.audit.list(parsed.data) });
  });
  return router;
}

function mountStationAndKioskRoutes(router: Router, auth: Auth, actor: (res: Response) => string): void {
  const stationId = z.string().regex(STATION_ID_PATTERN);
  router.get('/stations', requirePermission('admin:stations'), async (_req, res) => {
    res.json({ stations: await auth.stations.list() });
  });
  router.post('/stations/:stationId/token', requirePermission('admin:stations'), async (req, res) => {
    const id = stationId.safeParse(req.params.stationId);
    if (!id.success) return badRequest(res, id.error);
    res.status(201).json(await auth.stations.issue(id.data, actor(res)));
  });
  router.delete('/stations/:stationId/token', requirePermission('admin:stations'), async (req, res) => {
    const id = stationId.safeParse(req.params.stationId);
    if (!id.success) return badRequest(res, id.error);
    if (!(await auth.stations.revoke(id.data, actor(res)))) {
      res.status(404).json({ error: 'not_found', detail: 'no live token for this station' });
      return;
    }
    res.status(204).end();
  });

  router.get('/kiosks', requirePermission('admin:kiosk'), async (_req, res) => {
    res.json({ kiosks: await auth.kiosks.list() });
  });
  router.post('/kiosks', requirePermission('admin:kiosk'), async (req, res) => {
    const parsed = createKioskSchema.safeParse(req.body);
    if (!parsed.success) return badRequest(res, parsed.error);
    try {
      res.status(201).json(await auth.kiosks.create(parsed.data, actor(res)));
    } catch (error) {
      userError(res, error);
    }
  });
  router.delete('/kiosks/:id', requirePermission('admin:kiosk'), async (req, res) => {
    if (!(await auth.kiosks.revoke(String(req.params.id).slice(0, 64), actor(res)))) {
      res.status(404).json({ error: 'not_found', detail: 'no such live kiosk link' });
      return;
    }
    res.status(204).end();
  });
}
