// REST: limits changed at run time. Reading them needs the spacecraft's telemetry; changing or reverting
// them needs `limits:write` (engineers, admins) and the same visibility: a partner that may not see a
// spacecraft's telemetry may neither read nor change its limits.
import { z } from 'zod';
import type { Limits, ParameterDef } from '../../shared/dictionary/types';
import { isMeasured, parameterOfSpacecraft } from '../../shared/dictionary';
import {
  limitChangeRequestSchema,
  limitHistoryQuerySchema,
  limitRevertRequestSchema,
  type LimitChange,
  type ParameterLimitsResponse,
  type SpacecraftLimitsResponse,
} from '../../shared/protocol/limits';
import { mustSee } from '../auth/access/rest';
import { HttpError } from './errors';
import { idSchema } from './queries';
import { defineRoute, type ApiRoute } from './route';
import type { ApiServices } from './services';

const spacecraftParams = z.object({ id: idSchema });
const parameterParams = z.object({ id: idSchema, parameter: z.string().trim().min(1).max(128) });
type ParameterInput = z.output<typeof parameterParams>;

const PARAMETER_PATH = '/api/spacecraft/:id/limits/:parameter';
const target = ({ params }: { params: ParameterInput }) => `${params.id}/${params.parameter}`;
const seesTelemetry = ({ params }: { params: { id: string } }) => [mustSee('telemetry', params.id)];

export function limitRoutes(api: ApiServices): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/spacecraft/:id/limits',
      params: spacecraftParams,
      permission: ['telemetry:read'],
      resolve: ({ params }) => ({ params }),
      access: seesTelemetry,
      handle: ({ params }) => {
        requireSpacecraft(api, params.id);
        const body: SpacecraftLimitsResponse = {
          spacecraftId: params.id,
          overrides: api.limits.book.overrides(params.id),
        };
        return { json: body };
      },
    }),
    defineRoute({
      method: 'get',
      path: PARAMETER_PATH,
      params: parameterParams,
      query: limitHistoryQuerySchema,
      permission: ['telemetry:read'],
      resolve: ({ params, query }) => ({ params, limit: query.limit }),
      access: seesTelemetry,
      handle: async ({ params, limit }) => ({ json: await parameterLimits(api, params, limit) }),
    }),
    defineRoute({
      method: 'post',
      path: PARAMETER_PATH,
      params: parameterParams,
      body: limitChangeRequestSchema,
      permission: ['limits:write'],
      resolve: ({ params, body }) => ({ params, limits: body.limits as Limits, reason: body.reason }),
      access: seesTelemetry,
      audit: { action: 'limits_change', target, detail: (_input, change: LimitChange) => describe(change) },
      handle: async ({ params, limits, reason }, caller) => {
        requireAdjustable(api, params);
        const change = await api.limits.change({
          spacecraftId: params.id,
          parameterId: params.parameter,
          limits,
          by: caller.principal.name,
          reason,
        });
        return { status: 201, json: change };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${PARAMETER_PATH}/revert`,
      params: parameterParams,
      body: limitRevertRequestSchema,
      permission: ['limits:write'],
      resolve: ({ params, body }) => ({ params, reason: body.reason }),
      access: seesTelemetry,
      audit: { action: 'limits_revert', target, detail: (_input, change: LimitChange) => describe(change) },
      handle: async ({ params, reason }, caller) => {
        requireAdjustable(api, params);
        if (!api.limits.book.override(params.id, params.parameter)) {
          throw new HttpError(409, 'not_overridden', 'the mission file limits are already in force');
        }
        const change = await api.limits.change({
          spacecraftId: params.id,
          parameterId: params.parameter,
          limits: null,
          by: caller.principal.name,
          reason,
        });
        return { status: 201, json: change };
      },
    }),
  ];
}

async function parameterLimits(
  api: ApiServices,
  params: ParameterInput,
  limit: number,
): Promise<ParameterLimitsResponse> {
  const parameter = requireParameter(api, params);
  const override = api.limits.book.override(params.id, params.parameter);
  return {
    spacecraftId: params.id,
    parameterId: params.parameter,
    mission: parameterOfSpacecraft(parameter, params.id).limits ?? null,
    effective: api.limits.book.parameterFor(params.id, parameter).limits ?? null,
    override,
    history: await api.limits.history(params.id, params.parameter, limit),
  };
}

function requireSpacecraft(api: ApiServices, id: string): void {
  if (!api.index.spacecraftById.has(id)) throw new HttpError(404, 'unknown_spacecraft', id);
}

function requireParameter(api: ApiServices, params: ParameterInput): ParameterDef {
  requireSpacecraft(api, params.id);
  const parameter = api.index.parameterById.get(params.parameter);
  if (!parameter) throw new HttpError(404, 'unknown_parameter', params.parameter);
  return parameter;
}

/**
 * Yellow and red limits belong to measured values of housekeeping packets (shared/dictionary isMeasured); a
 * parameter an event packet carries too is still a housekeeping one.
 */
function requireAdjustable(api: ApiServices, params: ParameterInput): void {
  const parameter = requireParameter(api, params);
  const packets = api.index.packetsOfParameter.get(parameter.id) ?? [];
  if (!isMeasured(parameter) || !packets.some((packet) => packet.kind === 'housekeeping')) {
    throw new HttpError(400, 'limits_not_adjustable', `${parameter.id} is not a measured value`);
  }
}

/** The audit entry's detail: old → new, then the reason. */
function describe(change: LimitChange): string {
  return `${limitsText(change.previous)} → ${limitsText(change.limits)}: ${change.reason}`;
}

function limitsText(limits: Limits | null): string {
  if (limits === null) return 'mission file';
  const band = (name: string, b: { low?: number; high?: number } | undefined) =>
    b ? `${name} [${b.low ?? '−∞'}, ${b.high ?? '+∞'}]` : null;
  return [band('yellow', limits.yellow), band('red', limits.red)].filter(Boolean).join(' ');
}
