// REST: fault injection into the embedded simulator; 404 simulator_off when the server runs without it.
import { z } from 'zod';
import { FAULT_KINDS, faultRequestSchema, type FaultsResponse } from '../../shared/protocol/sim';
import { mustSee } from '../auth/access/rest';
import type { SimulatorControl } from '../sim/control';
import { HttpError } from './errors';
import { idSchema } from './queries';
import { asParsed, defineRoute, type ApiRoute } from './route';
import type { ApiServices } from './services';

export function simulatorRoutes(api: ApiServices): ApiRoute[] {
  const simulator = (): SimulatorControl => {
    if (!api.simulator)
      throw new HttpError(404, 'simulator_off', 'the server runs without the built-in simulator');
    return api.simulator;
  };
  const known = (id: string) => {
    if (!api.index.spacecraftById.has(id)) throw new HttpError(404, 'unknown_spacecraft', id);
    return id;
  };
  return [
    defineRoute({
      method: 'get',
      path: '/api/sim/faults',
      permission: ['sim:faults'],
      resolve: asParsed,
      filter: (body: FaultsResponse, f) => ({
        ...body,
        faults: body.faults.filter((x) => f.sees(x.spacecraftId)),
      }),
      handle: () => ({ json: { faults: simulator().listFaults() } }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/sim/faults',
      body: faultRequestSchema,
      permission: ['sim:faults'],
      resolve: ({ body }) => body,
      access: (request) => [mustSee('telemetry', request.spacecraftId)],
      audit: { action: 'fault_inject', target: (request) => request.spacecraftId },
      handle: (request) => {
        const sim = simulator();
        known(request.spacecraftId);
        return { status: 201, json: sim.injectFault(request) };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/sim/faults/:spacecraftId',
      params: z.object({ spacecraftId: idSchema }),
      query: z.object({ fault: z.enum(FAULT_KINDS).optional() }),
      permission: ['sim:faults'],
      resolve: ({ params, query }) => ({ spacecraftId: params.spacecraftId, fault: query.fault }),
      access: (input) => [mustSee('telemetry', input.spacecraftId)],
      audit: { action: 'fault_clear', target: (input) => input.spacecraftId },
      handle: ({ spacecraftId, fault }) => {
        const sim = simulator();
        return { json: { cleared: sim.clearFaults(known(spacecraftId), fault) } };
      },
    }),
  ];
}
