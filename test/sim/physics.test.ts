import { describe, expect, it } from 'vitest';
import { DICTIONARY } from '../../server/mission/shipped';
import { dot, normalize, scale } from '../../shared/orbit';
import { unmodelledParameters } from '../../server/sim/physics/telemetry';
import { stateOfChargePercent } from '../../server/sim/physics/eps';
import { rotate } from '../../server/sim/physics/quaternion';
import { ADCS_MODE } from '../../server/sim/physics/state';
import { limitLevel } from '../helpers/limits';
import { fly, telemetryOf } from '../helpers/sim';

const HOUR = 3_600_000;

describe('spacecraft physics in nominal operations', () => {
  it('models every housekeeping parameter of the dictionary', () => {
    expect(unmodelledParameters(DICTIONARY.packets)).toEqual([]);
  });

  it.each(DICTIONARY.spacecraft.map((s) => s.id))('keeps %s inside its yellow limits for a day', (id) => {
    const flight = fly(id, { durationMs: 24 * HOUR, stepMs: 20_000 });
    const violations = new Set<string>();
    for (const { state } of flight.steps) {
      const telemetry = telemetryOf(state, flight.model);
      const context = new Map([...telemetry].map(([key, { value }]) => [key, value]));
      for (const [key, { def, value }] of telemetry) {
        if (limitLevel(def, value, context) !== 'nominal') violations.add(`${key}=${value.toFixed(2)}`);
      }
    }
    expect([...violations]).toEqual([]);
    // Nominal days are not idle: the spacecraft images, sees eclipses and downlinks.
    const names = new Set(flight.events.map((e) => e.name));
    expect(names).toContain('ECLIPSE_ENTRY');
    expect(names).toContain('DOWNLINK_START');
  });

  it('returns the battery to its state of charge after a full orbit, having cycled it', () => {
    const flight = fly('kazeosat-2', { durationMs: 6 * HOUR, stepMs: 10_000 });
    const soc = (i: number) => stateOfChargePercent(flight.steps[i]!.state.eps, flight.model.budget);
    const entries: number[] = [];
    const exits: number[] = [];
    flight.steps.forEach((step, i) => {
      if (i > 0 && step.env.eclipse !== flight.steps[i - 1]!.env.eclipse)
        (step.env.eclipse ? entries : exits).push(i);
    });
    expect(entries.length).toBeGreaterThanOrEqual(3);
    // Orbit after orbit, the battery enters eclipse with the same charge (within 1.5 %), once the first orbit
    // has settled the arbitrary start state.
    for (let k = 2; k < entries.length; k++)
      expect(Math.abs(soc(entries[k]!) - soc(entries[k - 1]!))).toBeLessThan(1.5);
    // ...and loses some of it in each eclipse.
    for (const exit of exits) {
      const entry = entries.filter((i) => i < exit).at(-1);
      if (entry !== undefined) expect(soc(exit)).toBeLessThan(soc(entry) - 1);
    }
    for (const step of flight.steps.slice(1)) {
      if (step.env.shadowFraction === 1) expect(step.state.eps.currentA).toBeLessThan(0);
    }
    expect(flight.steps.some((s) => !s.env.eclipse && s.state.eps.currentA > 1)).toBe(true);
  });

  it('keeps attitude quaternions unit and points nadir or at targets, with rates and wheels that follow slews', () => {
    const flight = fly('kazeosat-1', { durationMs: 12 * HOUR, stepMs: 5_000 });
    let slewing = 0;
    for (const { state, env } of flight.steps) {
      const q = state.adcs.attitude;
      expect(Math.abs(Math.hypot(q.w, q.x, q.y, q.z) - 1)).toBeLessThan(1e-9);
      const boresight = rotate(q, { x: 0, y: 0, z: 1 });
      if (
        state.adcs.mode === ADCS_MODE.NADIR &&
        Math.hypot(state.adcs.rateDegS.x, state.adcs.rateDegS.z) < 0.01
      ) {
        expect(dot(boresight, normalize(scale(env.positionKm, -1)))).toBeGreaterThan(
          Math.cos((0.5 * Math.PI) / 180),
        );
      }
      const rate = Math.hypot(state.adcs.rateDegS.x, state.adcs.rateDegS.y, state.adcs.rateDegS.z);
      if (rate > 0.5) {
        slewing++;
        // Momentum exchange: the wheels move away from their bias as the body turns.
        const biasOffset = Math.abs(state.adcs.wheelRpm[0] - 1200) + Math.abs(state.adcs.wheelRpm[1] + 900);
        expect(biasOffset).toBeGreaterThan(300);
      }
    }
    expect(slewing).toBeGreaterThan(0);
    expect(flight.events.filter((e) => e.name === 'IMAGING_START').length).toBeGreaterThan(0);
  });
});
