// Values for parameters the simulator has no physical model of — a partner's own packets, described only by
// their XTCE. Each sweeps slowly through what its mission file says about it, so that every limit, context
// and alarm state the file declares is met and left again in turn: a numeric parameter runs a triangle wave
// across its limits and a margin beyond, an enumerated one steps through its states, a time (an event's
// time onboard: the last exposure, the last command) reads the latest whole minute, and a string names that
// event ("EV_20261203T1155"). Pure in time.
import type { LimitBand, ParameterDef } from '../../../shared/dictionary/types';
import { TEXTS } from '../../../shared/dictionary/texts';

/** One sweep of a numeric parameter, low to high and back (simulated time). */
export const SWEEP_PERIOD_MS = 240_000;
/** How long an enumerated parameter stays in each state (simulated time). */
export const STATE_DWELL_MS = 40_000;
/** The sweep overshoots the outermost limits by this fraction of their span on each side. */
const OVERSHOOT = 0.15;

function bounds(parameter: ParameterDef): number[] {
  const bands: (LimitBand | undefined)[] = [parameter.limits?.yellow, parameter.limits?.red];
  for (const context of parameter.contextLimits ?? []) bands.push(context.limits.yellow, context.limits.red);
  return bands.flatMap((band) => [band?.low, band?.high]).filter((v): v is number => v !== undefined);
}

/** The range a parameter sweeps: its limits and beyond, else its calibration's, else 0…100. */
function sweepRange(parameter: ParameterDef): [number, number] {
  const limits = bounds(parameter);
  const spline = parameter.calibration?.kind === 'spline' ? parameter.calibration.points : [];
  const known = limits.length > 0 ? limits : spline.map((p) => p.calibrated);
  if (known.length === 0) return [0, 100];
  const low = Math.min(...known);
  const high = Math.max(...known);
  const margin = Math.max(OVERSHOOT * (high - low), 1);
  return [low - margin, high + margin];
}

/** A stable fraction of the period for each parameter, so parameters of one packet do not move in step. */
function phaseOf(id: string): number {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) >>> 0;
  return (hash % 1000) / 1000;
}

/** A time parameter's events happen on the minute. */
const TIME_EVENT_EVERY_MS = 60_000;

/** A string names the latest event too: its kind and the minute it happened, cut to the string's size. */
function syntheticText(parameter: ParameterDef, timeMs: number): string {
  const minute = new Date(Math.floor(timeMs / TIME_EVENT_EVERY_MS) * TIME_EVENT_EVERY_MS);
  const stamp = minute.toISOString().slice(0, 16).replace(/[-:]/g, '');
  return `EV_${stamp}`.slice(0, parameter.string!.sizeBytes);
}

export function syntheticValue(parameter: ParameterDef, timeMs: number): number {
  if (parameter.time) return Math.floor(timeMs / TIME_EVENT_EVERY_MS) * TIME_EVENT_EVERY_MS;
  if (parameter.string) return TEXTS.learn(syntheticText(parameter, timeMs));
  const states = parameter.states && Object.keys(parameter.states).map(Number);
  if (states && states.length > 0) {
    states.sort((a, b) => a - b);
    const step = Math.floor(timeMs / STATE_DWELL_MS + phaseOf(parameter.id) * states.length);
    return states[step % states.length]!;
  }
  const [low, high] = sweepRange(parameter);
  const cycle = (timeMs / SWEEP_PERIOD_MS + phaseOf(parameter.id)) % 1;
  const triangle = cycle < 0.5 ? 2 * cycle : 2 - 2 * cycle;
  return low + (high - low) * triangle;
}
