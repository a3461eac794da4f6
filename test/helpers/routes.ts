// The routes an Express app answers, read from its router: for tests that check every route is declared.
import type { Express } from 'express';

export interface MountedRoute {
  method: string;
  path: string;
  /** The route's own handlers, in order (middleware mounted with app.use before it is not included). */
  handlers: unknown[];
}

interface Layer {
  handle: { stack?: Layer[] } & ((...args: unknown[]) => unknown);
  rawPath?: string;
  route?: { path: string; methods: Record<string, boolean>; stack: { handle: unknown }[] };
}

/** Every route of an Express app, with routers mounted at a path walked into. */
export function mountedRoutes(app: Express): MountedRoute[] {
  const { router } = app as unknown as { router: { stack: Layer[] } };
  return walk(router.stack, '');
}

function walk(stack: Layer[], prefix: string): MountedRoute[] {
  return stack.flatMap((layer): MountedRoute[] => {
    if (layer.route) {
      const handlers = layer.route.stack.map((entry) => entry.handle);
      return Object.keys(layer.route.methods).map((method) => ({
        method,
        path: prefix + layer.route!.path,
        handlers,
      }));
    }
    if (layer.handle.stack) return walk(layer.handle.stack, prefix + (layer.rawPath ?? ''));
    return [];
  });
}
