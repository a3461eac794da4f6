// Which limits a spacecraft's parameter is checked against: the mission file's, unless an engineer changed
// them at run time. Pure bookkeeping of the changes this node knows of (loaded from the archive at start,
// made here, or heard from a peer), kept as a timeline per spacecraft and parameter so a sample judged again
// later (the live catch-up) meets the limits that were in force when it was first judged.
import type { Limits, ParameterDef } from '../../shared/dictionary/types';
import { parameterOfSpacecraft } from '../../shared/dictionary/derived';
import type { LimitChange } from '../../shared/protocol/limits';

/** Changes kept per spacecraft and parameter: far more than anyone makes, and a bound on memory. */
export const MAX_CHANGES_PER_PARAMETER = 200;

interface Step {
  id: number;
  atMs: number;
  change: LimitChange;
  /** The dictionary's parameter with this step's limits, made once per dictionary object (no allocation per sample). */
  bound: { from: ParameterDef; to: ParameterDef } | null;
}

export class LimitOverrides {
  /** Spacecraft → parameter → steps in id order. Absent spacecraft: never changed (the hot path's answer). */
  private readonly steps = new Map<string, Map<string, Step[]>>();

  /** Takes in changes in any order; one already known (by id) changes nothing. Returns the ones new here. */
  apply(changes: readonly LimitChange[]): LimitChange[] {
    const fresh: LimitChange[] = [];
    for (const change of changes) if (this.add(change)) fresh.push(change);
    return fresh;
  }

  /**
   * The parameter as the limit check must read it for this spacecraft at `atMs` (default: now, the newest
   * change): the dictionary's own object (or the spacecraft's variant of a derived one) when its limits
   * were never changed.
   */
  parameterFor(spacecraftId: string, declared: ParameterDef, atMs = Infinity): ParameterDef {
    // A derived parameter declared for this spacecraft in particular: its own limits are the mission's.
    const parameter = parameterOfSpacecraft(declared, spacecraftId);
    const steps = this.steps.get(spacecraftId)?.get(parameter.id);
    if (!steps) return parameter;
    for (let i = steps.length - 1; i >= 0; i--) {
      const step = steps[i]!;
      if (step.atMs <= atMs) return boundTo(step, parameter);
    }
    return parameter;
  }

  /** The change in force for a spacecraft's parameter, or null when the mission file's limits apply. */
  override(spacecraftId: string, parameterId: string): LimitChange | null {
    const last = this.steps.get(spacecraftId)?.get(parameterId)?.at(-1);
    return last && last.change.limits !== null ? last.change : null;
  }

  /** The spacecraft's changes in force. */
  overrides(spacecraftId: string): LimitChange[] {
    const byParameter = this.steps.get(spacecraftId);
    if (!byParameter) return [];
    return [...byParameter.keys()].flatMap((id) => this.override(spacecraftId, id) ?? []);
  }

  private add(change: LimitChange): boolean {
    let byParameter = this.steps.get(change.spacecraftId);
    if (!byParameter) this.steps.set(change.spacecraftId, (byParameter = new Map()));
    let steps = byParameter.get(change.parameterId);
    if (!steps) byParameter.set(change.parameterId, (steps = []));
    if (steps.some((s) => s.id === change.id)) return false;
    const step: Step = { id: change.id, atMs: change.atMs, change, bound: null };
    steps.push(step);
    steps.sort((a, b) => a.id - b.id);
    if (steps.length > MAX_CHANGES_PER_PARAMETER) steps.splice(0, steps.length - MAX_CHANGES_PER_PARAMETER);
    return true;
  }
}

function boundTo(step: Step, parameter: ParameterDef): ParameterDef {
  const limits: Limits | null = step.change.limits;
  if (limits === null) return parameter;
  if (step.bound?.from !== parameter)
    step.bound = { from: parameter, to: { ...parameter, limits: kept(parameter, limits) } };
  return step.bound.to;
}

/**
 * A change replaces the yellow and red bands; how many consecutive samples an alarm waits for is the mission
 * file's (XTCE minViolations) unless the change gives its own. Context limits are never changed here.
 */
function kept(parameter: ParameterDef, limits: Limits): Limits {
  const minViolations = parameter.limits?.minViolations;
  return limits.minViolations === undefined && minViolations !== undefined
    ? { ...limits, minViolations }
    : limits;
}
