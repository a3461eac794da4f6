// Every HTTP route of the server besides the dashboard's static files and the auth room's own (login,
// admin). The /api routes are one table of declarations (route.ts); a test walks the Express router and
// fails on any /api route that is not in it.
import type { Express } from 'express';
import type { HealthReport } from '../../shared/protocol/health';
import type { DependencyHealth } from '../health';
import type { Auth } from '../auth';
import { restGuard } from '../auth/access/rest';
import type { Metrics } from '../metrics';
import { capacityRoute } from './capacity';
import { ledgerRoutes } from './ledger';
import { limitRoutes } from './limits';
import { operationsRoutes } from './operations';
import { asParsed, defineRoute, mountRoutes, type ApiRoute } from './route';
import type { ApiServices } from './services';
import { simulatorRoutes } from './simulator';
import { missionRoutes } from './mission';
import { telemetryRoutes } from './telemetry';

export function apiRoutes(api: ApiServices): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/dictionary',
      // The dictionary lists every spacecraft and parameter; it is the same for every partner.
      permission: 'signed-in',
      resolve: asParsed,
      handle: () => ({ json: api.index.dictionary }),
    }),
    ...telemetryRoutes(api),
    ...operationsRoutes(api),
    ...limitRoutes(api),
    ...simulatorRoutes(api),
    ...ledgerRoutes(api),
    ...missionRoutes(api),
    capacityRoute(api),
  ];
}

/** `rooms`: routes other rooms declare in the same terms (notifications, operations), served alike. */
export function mountApi(
  app: Express,
  api: ApiServices,
  auth: Auth,
  metrics: Metrics,
  health: DependencyHealth,
  rooms: readonly ApiRoute[] = [],
): void {
  // Always 200 while the process serves: a degraded node still serves live data and its dashboards, and a
  // restart would not bring the database back. The body says what is wrong (docs/operations.md).
  app.get('/healthz', (_req, res) => {
    const body: HealthReport = health.report();
    res.json(body);
  });
  app.get('/metrics', (_req, res) => {
    res.type('text/plain; version=0.0.4').send(metrics.render());
  });
  const guard = restGuard(auth, api.index.dictionary.spacecraft.length);
  mountRoutes(app, [...apiRoutes(api), ...rooms], guard, () => api.clock.now());
}
