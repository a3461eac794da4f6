// The role and agreement rules a REST route declares beside its handler (server/api), and the guard that
// applies them. Every rule reads the request as the route's schemas parsed and normalised it, the very
// values the handler acts on: a padded, cased or repeated id cannot pass the check as one thing and reach
// the handler as another.
import type { Request, RequestHandler } from 'express';
import type { Principal, AuditAction, Permission, VisibilityLevel } from '../../../shared/protocol/auth';
import { RECENT_HISTORY_MS } from '../../../shared/protocol/auth';
import type { AuthContext } from '../accounts';
import type { VisibilityPolicy } from '../agreement';
import { asRouteGuard, authOf, can, forbidden, requirePermission, unauthenticated } from '../http/guards';
import type { Auth } from '../index';
import { payloadFilter, type PayloadFilter } from './filters';

/** Any signed-in principal (kiosks included) may call the route. */
export const SIGNED_IN = 'signed-in';
/** The permissions of which the caller needs at least one, checked before the request is parsed. */
export type RoutePermission = typeof SIGNED_IN | readonly Permission[];

/** Who calls, as the route's rules and handler see it. */
export interface Caller {
  principal: Principal;
  can(permission: Permission): boolean;
  /** May see this spacecraft at `level` (an unknown id is left to the handler's 404). */
  sees(spacecraftId: string, level: VisibilityLevel): boolean;
  /** Spacecraft visible at `level`, or undefined when every spacecraft is: what list queries filter by. */
  visibleSpacecraft(level: VisibilityLevel): string[] | undefined;
}

/** A rule on a parsed request's values: null lets it through, a string is the detail of the 403. */
export type AccessRule = (caller: Caller) => string | null;

/** The spacecraft the request names (if it names one) must be visible at `level`. */
export function mustSee(level: VisibilityLevel, spacecraftId: string | undefined): AccessRule {
  return (caller) => {
    if (spacecraftId === undefined || caller.sees(spacecraftId, level)) return null;
    return `partner ${caller.principal.partner} may not see ${level} of ${spacecraftId}`;
  };
}

/** Without `history:read`, only windows up to RECENT_HISTORY_MS (the wall screen's charts). */
export function recentUnlessHistory(spanMs: number): AccessRule {
  return (caller) => {
    if (caller.can('history:read') || spanMs <= RECENT_HISTORY_MS) return null;
    return `needs history:read for windows over ${RECENT_HISTORY_MS} ms`;
  };
}

/** Naming no spacecraft means every spacecraft: only for who may export them all. */
export function allOnlyIfAllExportable(spacecraftId: string | undefined): AccessRule {
  return (caller) => {
    if (spacecraftId !== undefined || caller.visibleSpacecraft('export') === undefined) return null;
    return 'name a spacecraft your partner may export (?spacecraft=…)';
  };
}

/** `fleetSize`: how many spacecraft the dictionary has (seeing fewer means list queries are filtered). */
export function callerOf(policy: VisibilityPolicy, context: AuthContext, fleetSize: number): Caller {
  const { principal } = context;
  return {
    principal,
    can: (permission) => can(context, permission),
    sees: (spacecraftId, level) =>
      !policy.knows(spacecraftId) || policy.canSee(principal, spacecraftId, level),
    visibleSpacecraft: (level) => {
      const ids = policy.visible(principal, level).map((v) => v.spacecraftId);
      return ids.length >= fleetSize ? undefined : ids;
    },
  };
}

/** What server/api needs of auth to serve a declared route. */
export interface RestGuard {
  /** 401/403 before parsing when the session lacks the permission. */
  permission(required: RoutePermission): RequestHandler;
  /** The caller of a request that passed `permission`. */
  caller(res: Parameters<RequestHandler>[1]): Caller;
  /** The first rule that refuses, as a 403 detail, or null. */
  check(rules: readonly AccessRule[], caller: Caller): string | null;
  forbid(res: Parameters<RequestHandler>[1], detail: string): void;
  /** What of a payload the caller may receive. */
  filter(caller: Caller): PayloadFilter;
  /** Records a successful action or export under the caller's name (failures are logged, never thrown). */
  audit(caller: Caller, action: AuditAction, target: string | null, req: Request, detail?: string): void;
}

export function restGuard(auth: Auth, fleetSize: number): RestGuard {
  const signedIn = asRouteGuard((_req, res, next) => (authOf(res) ? next() : unauthenticated(res)));
  return {
    permission: (required) => (required === SIGNED_IN ? signedIn : requirePermission(...required)),
    caller: (res) => {
      const context = authOf(res);
      if (!context) throw new Error('caller: route is not behind its permission guard');
      return callerOf(auth.policy, context, fleetSize);
    },
    check: (rules, caller) => {
      for (const rule of rules) {
        const refusal = rule(caller);
        if (refusal !== null) return refusal;
      }
      return null;
    },
    forbid: forbidden,
    filter: (caller) => payloadFilter(auth.policy, caller.principal),
    audit: (caller, action, target, req, detail) => {
      auth.audit
        .record(caller.principal.name, action, target, detail ?? req.originalUrl.slice(0, 300))
        .catch((error: unknown) => console.error('audit: could not record', action, error));
    },
  };
}

/** Prometheus scrapes from the same host; anyone else needs an admin session to read the counters. */
export const metricsAccess: RequestHandler = (req, res, next) => {
  const address = req.socket.remoteAddress ?? '';
  if (
    ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(address) &&
    req.headers['x-forwarded-for'] === undefined
  ) {
    return next();
  }
  return requirePermission('audit:read')(req, res, next);
};
