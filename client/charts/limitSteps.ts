// The limits in force over a time window, as steps: from the mission file's limits and the history of
// changes made at run time (GET /api/spacecraft/:id/limits/:parameter). Investigate draws them as a step
// line, so a value is read against the limits it was judged by.
import type { LimitBand, Limits } from '../../shared/dictionary';
import type { LimitChange } from '../../shared/protocol/limits';

export interface LimitStep {
  fromMs: number;
  toMs: number;
  /** undefined: no numeric limits in force. */
  limits: Limits | undefined;
}

export const LIMIT_BOUNDS = [
  ['yellow', 'low'],
  ['yellow', 'high'],
  ['red', 'low'],
  ['red', 'high'],
] as const satisfies readonly (readonly [keyof Limits, keyof LimitBand])[];

export interface LimitSegment {
  level: 'yellow' | 'red';
  /** Horizontal: one bound over one step; vertical: the same bound moving at a change. */
  from: { t: number; v: number };
  to: { t: number; v: number };
}

const inForce = (limits: Limits | null, mission: Limits | null) => limits ?? mission ?? undefined;

/** The steps covering [fromMs, toMs], oldest first; a single step when nothing changed in the window. */
export function limitSteps(
  mission: Limits | null,
  history: readonly LimitChange[],
  fromMs: number,
  toMs: number,
): LimitStep[] {
  const changes = [...history].sort((a, b) => a.atMs - b.atMs || a.id - b.id);
  const before = changes.filter((c) => c.atMs <= fromMs).at(-1);
  const first = changes[0];
  // Before the first change known, what it replaced was in force.
  let current = before
    ? inForce(before.limits, mission)
    : first
      ? inForce(first.previous, mission)
      : inForce(null, mission);
  let start = fromMs;
  const steps: LimitStep[] = [];
  for (const change of changes) {
    if (change.atMs <= fromMs || change.atMs > toMs) continue;
    steps.push({ fromMs: start, toMs: change.atMs, limits: current });
    start = change.atMs;
    current = inForce(change.limits, mission);
  }
  steps.push({ fromMs: start, toMs, limits: current });
  return steps;
}

/** The lines of a step line: each bound across its step, and a vertical joint where a change moved it. */
export function limitSegments(steps: readonly LimitStep[]): LimitSegment[] {
  const segments: LimitSegment[] = [];
  steps.forEach((step, i) => {
    for (const [level, side] of LIMIT_BOUNDS) {
      const v = step.limits?.[level]?.[side];
      if (v === undefined) continue;
      segments.push({ level, from: { t: step.fromMs, v }, to: { t: step.toMs, v } });
      const was = steps[i - 1]?.limits?.[level]?.[side];
      if (was !== undefined && was !== v) {
        segments.push({ level, from: { t: step.fromMs, v: was }, to: { t: step.fromMs, v } });
      }
    }
  });
  return segments;
}
