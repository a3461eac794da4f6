// Express middleware that resolves the session behind the cookie and refuses requests without the right
// session, permission or visibility: 401 { error: 'unauthenticated' } and 403 { error: 'forbidden' }.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import {
  FORBIDDEN,
  ROLE_PERMISSIONS,
  UNAUTHENTICATED,
  type Permission,
  type VisibilityLevel,
} from '../../../shared/protocol/auth';
import type { Auth, AuthContext } from '../index';
import { readSessionCookie } from './cookies';

const CONTEXT_KEY = 'ortaqAuth';

/**
 * Every middleware that decides who may call a route is registered here, so a test can walk the router and
 * find routes that start with no guard at all.
 */
const routeGuards = new WeakSet<RequestHandler>();

export function isRouteGuard(handler: unknown): boolean {
  return typeof handler === 'function' && routeGuards.has(handler as RequestHandler);
}

export function asRouteGuard(handler: RequestHandler): RequestHandler {
  routeGuards.add(handler);
  return handler;
}

/** Attaches the request's session (or null) for the guards and handlers after it. */
export function sessionMiddleware(auth: Auth): RequestHandler {
  return async (req, res, next) => {
    const sessionId = readSessionCookie(req.headers.cookie);
    res.locals[CONTEXT_KEY] = sessionId === undefined ? null : await auth.accounts.authenticate(sessionId);
    next();
  };
}

export function authOf(res: Response): AuthContext | null {
  return (res.locals[CONTEXT_KEY] as AuthContext | null | undefined) ?? null;
}

/** The session of a request that a guard already let through. */
export function sessionOf(res: Response): AuthContext {
  const context = authOf(res);
  if (!context) throw new Error('sessionOf: route is not behind requireSession');
  return context;
}

export function unauthenticated(res: Response): void {
  res.status(401).json({ error: UNAUTHENTICATED, detail: 'sign in with POST /api/login' });
}

export function forbidden(res: Response, detail: string): void {
  res.status(403).json({ error: FORBIDDEN, detail });
}

export const requireSession: RequestHandler = (_req, res, next) => {
  if (!authOf(res)) return unauthenticated(res);
  next();
};

export function can(context: AuthContext, permission: Permission): boolean {
  return ROLE_PERMISSIONS[context.principal.role].includes(permission);
}

/** Lets the request through when the session has any one of the permissions. */
export function requirePermission(...permissions: Permission[]): RequestHandler {
  return asRouteGuard((_req: Request, res: Response, next: NextFunction) => {
    const context = authOf(res);
    if (!context) return unauthenticated(res);
    if (!permissions.some((p) => can(context, p))) return forbidden(res, `needs ${permissions.join(' or ')}`);
    next();
  });
}

/** A known spacecraft the principal may not see at `level` (an unknown one is left to the route's 404). */
export function denied(
  auth: Auth,
  context: AuthContext,
  spacecraftId: string,
  level: VisibilityLevel,
): boolean {
  return auth.policy.knows(spacecraftId) && !auth.policy.canSee(context.principal, spacecraftId, level);
}

/** Refuses a request about a spacecraft (route parameter `param`) the partner may not see at `level`. */
export function requireVisibility(auth: Auth, level: VisibilityLevel, param = 'id'): RequestHandler {
  return (req, res, next) => {
    const context = authOf(res);
    if (!context) return unauthenticated(res);
    const spacecraftId = req.params[param];
    if (typeof spacecraftId === 'string' && denied(auth, context, spacecraftId, level)) {
      // 404 would hide that the spacecraft exists, but the dictionary lists every spacecraft anyway.
      return forbidden(res, `partner ${context.principal.partner} may not see ${level} of ${spacecraftId}`);
    }
    next();
  };
}
