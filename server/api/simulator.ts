// REST: fault injection into the embedded simulator; 404 simulator_off when the server runs without it.
import type { Express, Request } from 'express';
import { FAULT_KINDS, faultRequestSchema, type FaultsResponse } from '../../shared/protocol/sim';
import { z } from 'zod';
import type { AppContext } from '../context';
import type { SimulatorControl } from '../sim/control';
import { HttpError } from './errors';
import { parseBody } from './operations';

export function mountSimulator(app: Express, ctx: AppContext): void {
  const simulator = (): SimulatorControl => {
    if (!ctx.simulator)
      throw new HttpError(404, 'simulator_off', 'the server runs without the built-in simulator');
    return ctx.simulator;
  };
  const spacecraftOf = (req: Request<{ spacecraftId: string }>) => {
    const id = req.params.spacecraftId;
    if (!ctx.index.spacecraftById.has(id)) throw new HttpError(404, 'unknown_spacecraft', id);
    return id;
  };

  app.get('/api/sim/faults', (_req, res) => {
    const body: FaultsResponse = { faults: simulator().listFaults() };
    res.json(body);
  });

  app.post('/api/sim/faults', (req, res) => {
    const sim = simulator();
    const request = parseBody(faultRequestSchema, req.body);
    if (!ctx.index.spacecraftById.has(request.spacecraftId)) {
      throw new HttpError(404, 'unknown_spacecraft', request.spacecraftId);
    }
    res.status(201).json(sim.injectFault(request));
  });

  app.delete('/api/sim/faults/:spacecraftId', (req, res) => {
    const sim = simulator();
    const spacecraftId = spacecraftOf(req);
    const fault = z.enum(FAULT_KINDS).optional().safeParse(req.query.fault);
    if (!fault.success) throw new HttpError(400, 'bad_request', z.treeifyError(fault.error));
    res.json({ cleared: sim.clearFaults(spacecraftId, fault.data) });
  });
}
