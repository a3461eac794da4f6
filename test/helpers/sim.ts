// Flying one simulated spacecraft at coarse steps for simulator tests, and reading its telemetry.
import { type ParameterDef } from '../../shared/dictionary';
import { DICTIONARY } from '../../server/mission/shipped';
import { orbitOf, stationSite } from '../../shared/orbit';
import type { FaultKind } from '../../shared/protocol/sim';
import { seededRandom } from '../../server/sim/physics/random';
import {
  spacecraftModel,
  startState,
  stepSpacecraft,
  type SpacecraftModel,
  type StepResult,
} from '../../server/sim/physics/spacecraft';
import type { OnboardEvent, SpacecraftState } from '../../server/sim/physics/state';
import { housekeepingValues } from '../../server/sim/physics/telemetry';

/** 2026-11-25T00:00:00Z, the epoch of the reference passes. */
export const SIM_EPOCH_MS = Date.parse('2026-11-25T00:00:00Z');

export function modelOf(spacecraftId: string): SpacecraftModel {
  const def = DICTIONARY.spacecraft.find((s) => s.id === spacecraftId);
  if (!def) throw new Error(`no spacecraft ${spacecraftId}`);
  return spacecraftModel(def, orbitOf(def), DICTIONARY.stations.map(stationSite), DICTIONARY.stations);
}

export interface Flight {
  model: SpacecraftModel;
  steps: StepResult[];
  events: OnboardEvent[];
}

/** Flies a spacecraft from startMs for durationMs at stepMs, with faults injected at the given times. */
export function fly(
  spacecraftId: string,
  options: {
    startMs?: number;
    durationMs: number;
    stepMs: number;
    /** Fault kind, injection time and, optionally, the time it is cleared. */
    faults?: [FaultKind, number, number?][];
    seed?: number;
  },
): Flight {
  const model = modelOf(spacecraftId);
  const random = seededRandom(options.seed ?? 7);
  const startMs = options.startMs ?? SIM_EPOCH_MS;
  let state: SpacecraftState = startState(model, startMs, random);
  const steps: StepResult[] = [];
  for (let t = startMs + options.stepMs; t <= startMs + options.durationMs; t += options.stepMs) {
    const active = (options.faults ?? []).filter(
      ([, , clearedMs]) => clearedMs === undefined || t < clearedMs,
    );
    const faults = new Map(active.map(([kind, sinceMs]) => [kind, sinceMs]));
    const step = stepSpacecraft(model, state, faults, t, random);
    if (!step) throw new Error(`${spacecraftId} did not propagate at ${new Date(t).toISOString()}`);
    steps.push(step);
    state = step.state;
  }
  return { model, steps, events: steps.flatMap((s) => s.events) };
}

/** Every housekeeping value of a state, by parameter id, with its definition. */
export function telemetryOf(
  state: SpacecraftState,
  model: SpacecraftModel,
): Map<string, { def: ParameterDef; value: number }> {
  const values = new Map<string, { def: ParameterDef; value: number }>();
  for (const packet of DICTIONARY.packets.filter((p) => p.kind === 'housekeeping')) {
    const raw = housekeepingValues(packet, state, model);
    packet.parameters.forEach((def, i) => values.set(def.id, { def, value: raw[i]! }));
  }
  return values;
}
