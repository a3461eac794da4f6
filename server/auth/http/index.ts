// Puts auth in front of the REST API: security headers, the same-origin rule for writes, the session
// middleware, login/logout/me, kiosk links, admin endpoints, and a session required on every other /api route.
import type { Express } from 'express';
import type { Auth } from '../index';
import { adminRouter } from './adminRoutes';
import { requireSession, sessionMiddleware } from './guards';
import { KIOSK_PATH } from '../../../shared/protocol/auth';
import { httpsOnlyHsts, noStore, securityHeaders, sameOriginWrites } from './headers';
import { mountSessionRoutes, type SessionRouteOptions } from './sessionRoutes';

/**
 * Call first, before the body parser: every answer carries the security headers, including the 400 and 413
 * the body parser gives, and nothing of /api or a kiosk link (a redirect that sets a session) is ever cached.
 */
export function mountSecurityHeaders(app: Express): void {
  app.use(securityHeaders());
  app.use(httpsOnlyHsts);
  app.use(['/api', KIOSK_PATH], noStore);
}

/** Call before any other route is mounted: what is mounted after it under /api needs a session. */
export function mountAuth(app: Express, auth: Auth, options: SessionRouteOptions = {}): void {
  app.use(sameOriginWrites);
  app.use(sessionMiddleware(auth));
  mountSessionRoutes(app, auth, options);
  app.use('/api/admin', requireSession, adminRouter(auth));
  app.use('/api', requireSession);
}

export { authOf, can, requirePermission, requireSession, requireVisibility, sessionOf } from './guards';
export { isSameOrigin } from './headers';
