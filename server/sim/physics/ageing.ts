// Battery ageing, the anomaly the default simulation carries so an engineer's workflow can be tried at once:
// one spacecraft's pack gains internal resistance over a day and a half. Under an eclipse's load its voltage
// then sags a little more each orbit, and the regulator's voltage limit lets less charge in, so the eclipse
// minima trend down from ~32.3 V towards the 27.2 V yellow limit; at full severity the end of an eclipse
// dips into yellow, not into red (a tired pack, not a failed cell: that is the `battery_degradation` fault).
import type { PowerBudget } from './state';

/** Hours from the first sign of ageing to its full severity. */
export const AGEING_RAMP_H = 36;
/** How long before the simulator's start the ageing began: part of the trend is already history. */
export const AGEING_LEAD_H = 20;
/**
 * Internal resistance added at full severity, ohms: eclipse loads of 2–4 A then sag the pack by 2–4 V more
 * (tuned by flying the shipped fleet: eclipse minima of 26.8–29 V at full severity, red is 25.6 V).
 */
export const AGED_EXTRA_RESISTANCE_OHM = 1.1;

/** Severity from 0 (healthy) to 1 (fully aged) after ageS seconds of ageing; undefined: healthy. */
export function ageingSeverity(ageS: number | undefined): number {
  if (ageS === undefined || !(ageS > 0)) return 0;
  return Math.min(1, ageS / (AGEING_RAMP_H * 3600));
}

/** The power budget of a pack aged to a severity: more internal resistance, the rest unchanged. */
export function agedBudget(budget: PowerBudget, severity: number): PowerBudget {
  if (!(severity > 0)) return budget;
  return {
    ...budget,
    resistanceOhm: budget.resistanceOhm + AGED_EXTRA_RESISTANCE_OHM * Math.min(1, severity),
  };
}
