// One declaration per REST route: method, path, schemas, access rules, response filter, audit action and
// handler side by side. `mountRoutes` serves a table of them in one fixed order: permission (401/403),
// parse (400), resolve (defaults such as a window's ends, worked out once), the access rules on exactly
// that input (403), the handler, the partner filter on the answer, and the audit entry on success.
import type { Express, Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import type { AuditAction } from '../../shared/protocol/auth';
import type { PayloadFilter } from '../auth/access/filters';
import type { AccessRule, Caller, RestGuard, RoutePermission } from '../auth/access/rest';
import { HttpError } from './errors';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A CSV download, streamed row by row. */
export interface CsvReply {
  filename: string;
  /** The first line, without its newline. */
  header: string;
  /** Each row with its newline. */
  rows: Iterable<string>;
}

export type Reply<R> = { status?: number; json: R } | { csv: CsvReply };

export interface ParsedRequest<Q, B, P> {
  query: Q;
  body: B;
  params: P;
}

export interface RouteDeclaration<Q, B, P, I, R> {
  method: Method;
  /** Express path under /api. */
  path: string;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  params?: z.ZodType<P>;
  permission: RoutePermission;
  /** The handler's input from the parsed request, at the request's time: defaults are settled here once. */
  resolve(parsed: ParsedRequest<Q, B, P>, nowMs: number): I;
  /** Visibility and other rules on the resolved input; the first to refuse answers 403. */
  access?: (input: NoInfer<I>) => readonly AccessRule[];
  /** What of a successful JSON answer the caller may receive. */
  filter?: (body: R, filter: PayloadFilter) => R;
  /** The entry of a success; its detail is the request's URL unless the route says more (old → new). */
  audit?: {
    action: AuditAction;
    target(input: NoInfer<I>): string | null;
    detail?(input: NoInfer<I>, body: R): string;
  };
  handle(input: NoInfer<I>, caller: Caller): Reply<R> | Promise<Reply<R>>;
}

/** A declared route as the table holds it: its types are checked where it is declared. */
export interface ApiRoute {
  readonly method: Method;
  readonly path: string;
  handlers(guard: RestGuard, nowMs: () => number): RequestHandler[];
}

/** Handlers made from a declaration: a test walks the router and refuses any /api route not among them. */
const declaredHandlers = new WeakSet<RequestHandler>();

export function isDeclaredHandler(handler: unknown): boolean {
  return typeof handler === 'function' && declaredHandlers.has(handler as RequestHandler);
}

export function defineRoute<
  Q = undefined,
  B = undefined,
  P = undefined,
  I = ParsedRequest<Q, B, P>,
  R = unknown,
>(declaration: RouteDeclaration<Q, B, P, I, R>): ApiRoute {
  return {
    method: declaration.method,
    path: declaration.path,
    handlers: (guard, nowMs) => {
      const handler = serve(declaration, guard, nowMs);
      declaredHandlers.add(handler);
      return [guard.permission(declaration.permission), handler];
    },
  };
}

/** The request as the handler sees it when it needs nothing but the parsed values. */
export const asParsed = <Q, B, P>(parsed: ParsedRequest<Q, B, P>) => parsed;

export function mountRoutes(
  app: Express,
  routes: readonly ApiRoute[],
  guard: RestGuard,
  nowMs: () => number,
) {
  for (const route of routes) app[route.method](route.path, ...route.handlers(guard, nowMs));
}

function serve<Q, B, P, I, R>(
  route: RouteDeclaration<Q, B, P, I, R>,
  guard: RestGuard,
  nowMs: () => number,
): RequestHandler {
  return async (req, res) => {
    const parsed: ParsedRequest<Q, B, P> = {
      query: parseQuery(route.query, req.query),
      body: parsePart(route.body, req.body ?? {}),
      params: parsePart(route.params, req.params),
    };
    const input = route.resolve(parsed, nowMs());
    const caller = guard.caller(res);
    const refusal = guard.check(route.access?.(input) ?? [], caller);
    if (refusal !== null) return guard.forbid(res, refusal);
    const reply = await route.handle(input, caller);
    if ('csv' in reply) sendCsv(res, reply.csv);
    else {
      const body = route.filter ? route.filter(reply.json, guard.filter(caller)) : reply.json;
      res.status(reply.status ?? 200).json(body);
    }
    if (!route.audit) return;
    const detail = route.audit.detail && 'json' in reply ? route.audit.detail(input, reply.json) : undefined;
    guard.audit(caller, route.audit.action, route.audit.target(input), req, detail);
  };
}

function parsePart<T>(schema: z.ZodType<T> | undefined, value: unknown): T {
  // A route that declares no schema for a part receives nothing of it.
  if (!schema) return undefined as T;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new HttpError(400, 'bad_request', z.treeifyError(parsed.error));
  return parsed.data;
}

/**
 * Query strings: `name[]=` or `name[0]=` is array syntax this API does not speak; refused rather than
 * ignored, so a client never believes a filter applied that did not.
 */
function parseQuery<T>(schema: z.ZodType<T> | undefined, query: Request['query']): T {
  const bracketed = Object.keys(query).filter((key) => key.includes('[') || key.includes(']'));
  if (bracketed.length > 0) throw new HttpError(400, 'bad_request', { bracketedKeys: bracketed });
  return parsePart(schema, query);
}

function sendCsv(res: Response, csv: CsvReply): void {
  res.setHeader('content-type', 'text/csv; charset=utf-8');
  res.setHeader('content-disposition', `attachment; filename="${csv.filename}"`);
  res.write(`${csv.header}\n`);
  for (const row of csv.rows) res.write(row);
  res.end();
}
