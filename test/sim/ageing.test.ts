// The default simulation's documented anomaly: Göktürk-2's battery ageing, which drives its eclipse voltage
// down towards yellow over hours, never into red, and goes away when the fault is cleared.
import { describe, expect, it } from 'vitest';
import {
  AGED_EXTRA_RESISTANCE_OHM,
  AGEING_LEAD_H,
  AGEING_RAMP_H,
  agedBudget,
  ageingSeverity,
} from '../../server/sim/physics/ageing';
import { powerBudget } from '../../server/sim/physics/state';
import { DICTIONARY } from '../../server/mission/shipped';
import { anomalyOf } from '../../server/sim/embedded';
import { SIM_EPOCH_MS, fly, type Flight } from '../helpers/sim';

const HOUR = 3_600_000;
const YELLOW_LOW_V = 27.2;
const RED_LOW_V = 25.6;

describe('ageing model', () => {
  it('grows from nothing to full severity over the ramp, and stays there', () => {
    expect(ageingSeverity(undefined)).toBe(0);
    expect(ageingSeverity(-10)).toBe(0);
    expect(ageingSeverity(Number.NaN)).toBe(0);
    expect(ageingSeverity((AGEING_RAMP_H * 3600) / 2)).toBeCloseTo(0.5);
    expect(ageingSeverity(AGEING_RAMP_H * 3600)).toBe(1);
    expect(ageingSeverity(10 * AGEING_RAMP_H * 3600)).toBe(1);
  });

  it('adds internal resistance in proportion to severity and leaves the rest of the budget alone', () => {
    const budget = powerBudget({ batteryWh: 1000 });
    expect(agedBudget(budget, 0)).toBe(budget);
    const half = agedBudget(budget, 0.5);
    expect(half.resistanceOhm).toBeCloseTo(budget.resistanceOhm + AGED_EXTRA_RESISTANCE_OHM / 2);
    expect(agedBudget(budget, 3).resistanceOhm).toBeCloseTo(budget.resistanceOhm + AGED_EXTRA_RESISTANCE_OHM);
    expect({ ...half, resistanceOhm: budget.resistanceOhm }).toEqual(budget);
  });

  it('ages Göktürk-2, the fleet’s oldest spacecraft', () => {
    expect(anomalyOf(DICTIONARY)).toBe('gokturk-2');
    expect(anomalyOf({ ...DICTIONARY, spacecraft: DICTIONARY.spacecraft.slice(0, 1) })).toBe(
      DICTIONARY.spacecraft[0]!.id,
    );
  });
});

/** The lowest battery voltage in each window of `hours` of a flight. */
function minimaPer(flight: Flight, hours: number): number[] {
  const minima: number[] = [];
  for (const step of flight.steps) {
    const slot = Math.floor((step.state.timeMs - SIM_EPOCH_MS) / (hours * HOUR));
    minima[slot] = Math.min(minima[slot] ?? Infinity, step.state.eps.voltageV);
  }
  return minima;
}

describe('ageing in flight', () => {
  // As the server starts it: the ageing began AGEING_LEAD_H before the start, 24 h of history are flown.
  const startMs = SIM_EPOCH_MS + 24 * HOUR;
  const sinceMs = startMs - AGEING_LEAD_H * HOUR;
  const aged = fly('gokturk-2', {
    durationMs: 48 * HOUR,
    stepMs: 10_000,
    faults: [['battery_ageing', sinceMs]],
  });
  const healthy = fly('gokturk-2', { durationMs: 48 * HOUR, stepMs: 10_000 });

  it('trends the eclipse minima of the voltage down over the day before the start', () => {
    const minima = minimaPer(aged, 4);
    const healthyMinima = minimaPer(healthy, 4);
    // Before the ageing began the pack behaves like a healthy one.
    expect(minima[0]).toBeCloseTo(healthyMinima[0]!, 1);
    // The last hours before the start sag visibly below the first, and below a healthy pack.
    expect(minima[5]!).toBeLessThan(minima[0]! - 0.7);
    expect(minima[5]!).toBeLessThan(healthyMinima[5]! - 0.7);
    // Still above yellow when the server starts: the trend is the story, not an alarm yet.
    expect(Math.min(...minima.slice(0, 6))).toBeGreaterThan(YELLOW_LOW_V);
  });

  it('keeps sagging after the start, towards yellow, without reaching red', () => {
    const minima = minimaPer(aged, 4);
    expect(Math.min(...minima.slice(6))).toBeLessThan(Math.min(...minima.slice(0, 6)) - 1);
    expect(Math.min(...minima)).toBeGreaterThan(RED_LOW_V);
  });

  it('lets a healthy pack hold above 32 V the whole time', () => {
    expect(Math.min(...minimaPer(healthy, 4))).toBeGreaterThan(32);
  });
});
