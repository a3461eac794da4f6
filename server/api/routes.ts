// Every HTTP route of the server besides the dashboard's static files.
import type { Express } from 'express';
import type { AppContext } from '../context';
import { mountOperations } from './operations';
import { mountSimulator } from './simulator';
import { mountTelemetry } from './telemetry';

export function mountApi(app: Express, ctx: AppContext): void {
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
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
