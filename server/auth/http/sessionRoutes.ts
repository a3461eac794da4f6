// POST /api/login, POST /api/logout, GET /api/me, and GET /kiosk/<token> for wall screens.
import type { Express, Request, Response } from 'express';
import { KIOSK_PATH, loginRequestSchema, SESSION_COOKIE } from '../../../shared/protocol/auth';
import type { Auth } from '../index';
import { clientAddress, TRUSTED_PROXY_HOPS } from './clientAddress';
import { sessionCookieOptions } from './cookies';
import { authOf, unauthenticated } from './guards';

export interface SessionRouteOptions {
  /** Where a kiosk link lands after signing the screen in: the wall view of the dashboard. */
  kioskLandingPath?: string;
}

/** The client address, for throttling guesses (through the proxy only when the app trusts one). */
const clientKey = (req: Request) => clientAddress(req, req.app.get('trust proxy') === TRUSTED_PROXY_HOPS);

export function mountSessionRoutes(app: Express, auth: Auth, options: SessionRouteOptions = {}): void {
  app.post('/api/login', async (req: Request, res: Response) => {
    const parsed = loginRequestSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: 'bad_request', detail: parsed.error.issues });
      return;
    }
    const result = await auth.accounts.login(parsed.data.username, parsed.data.password, clientKey(req));
    if (!result.ok) {
      if (result.error === 'rate_limited') {
        res.setHeader('Retry-After', Math.ceil((result.retryAfterMs ?? 0) / 1000));
        res.status(429).json({ error: 'rate_limited', detail: 'too many failed logins; try again later' });
      } else res.status(401).json({ error: 'invalid_credentials' });
      return;
    }
    res.cookie(
      SESSION_COOKIE,
      result.sessionId,
      sessionCookieOptions(req.secure, result.context.expiresAtMs),
    );
    res.json(auth.me(result.context));
  });

  app.post('/api/logout', async (req, res) => {
    const context = authOf(res);
    if (context) await auth.accounts.logout(context);
    res.clearCookie(SESSION_COOKIE, sessionCookieOptions(req.secure));
    res.status(204).end();
  });

  app.get('/api/me', (_req, res) => {
    const context = authOf(res);
    if (!context) return unauthenticated(res);
    res.json(auth.me(context));
  });

  app.get(`${KIOSK_PATH}:token`, async (req, res) => {
    const token = req.params.token;
    const result =
      typeof token === 'string' && token.length <= 128 ? await auth.accounts.kioskLogin(token) : null;
    // Kiosk tokens live in URLs: never let them leak onward through the Referer header.
    res.setHeader('Referrer-Policy', 'no-referrer');
    if (!result) {
      res.status(401).json({ error: 'unauthenticated', detail: 'unknown or revoked kiosk link' });
      return;
    }
    res.cookie(
      SESSION_COOKIE,
      result.sessionId,
      sessionCookieOptions(req.secure, result.context.expiresAtMs),
    );
    res.redirect(303, options.kioskLandingPath ?? '/');
  });
}
