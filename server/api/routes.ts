// Every HTTP route of the server besides the dashboard's static files.
import type { Express } from 'express';
import type { HealthReport } from '../../shared/protocol/health';
import type { AppContext } from '../context';
import { mountOperations } from './operations';
import { mountSimulator } from './simulator';
import { mountTelemetry } from './telemetry';

export function mountApi(app: Express, ctx: AppContext): void {
  // Always 200 while the process serves: a degraded node still serves live data and its dashboards, and a
  // restart would not bring the database back. The body says what is wrong (docs/operations.md).
  app.get('/healthz', (_req, res) => {
    const body: HealthReport = ctx.health.report();
    res.json(body);
  });
  app.get('/metrics', (_req, res) => {
    res.type('text/plain; version=0.0.4').send(ctx.metrics.render());
  });
  app.get('/api/dictionary', (_req, res) => {
    res.json(ctx.index.dictionary);
  });
  mountTelemetry(app, ctx);
  mountOperations(app, ctx);
  mountSimulator(app, ctx);
}
