// Every fault evolves physically and crosses its limits some time after injection, not at once.
import { describe, expect, it } from 'vitest';
import { engineeringToRaw, rawToEngineering } from '../../shared/codec';
import { FAULT_KINDS, type FaultKind } from '../../shared/protocol/sim';
import { TX_STATE } from '../../server/sim/physics/state';
import { limitLevel, type Level } from '../helpers/limits';
import { SIM_EPOCH_MS, fly, telemetryOf, type Flight } from '../helpers/sim';

const MINUTE = 60_000;
const INJECTED_MS = SIM_EPOCH_MS + 10 * MINUTE;

function flyWith(fault: FaultKind, hours: number, spacecraftId = 'kazeosat-1'): Flight {
  return fly(spacecraftId, { durationMs: hours * 3_600_000, stepMs: 10_000, faults: [[fault, INJECTED_MS]] });
}

/** First time a parameter stands at `level` or worse, or undefined. */
function firstCrossing(
  flight: Flight,
  parameterId: string,
  level: Exclude<Level, 'nominal'>,
): number | undefined {
  for (const { state } of flight.steps) {
    const telemetry = telemetryOf(state, flight.model);
    const context = new Map([...telemetry].map(([key, { value }]) => [key, value]));
    const entry = telemetry.get(parameterId)!;
    const found = limitLevel(entry.def, entry.value, context);
    if (found === 'red' || found === level) return state.timeMs;
  }
  return undefined;
}

function expectCrossesLater(flight: Flight, parameterId: string, level: Exclude<Level, 'nominal'>) {
  const at = firstCrossing(flight, parameterId, level);
  expect(at, `${parameterId} never reached ${level}`).toBeDefined();
  // Physical evolution: nothing crosses in the first minute after injection.
  expect(at!).toBeGreaterThan(INJECTED_MS + MINUTE);
  return at!;
}

const eventTime = (flight: Flight, name: string) => flight.events.find((e) => e.name === name)?.timeMs;

/** Whether every housekeeping value of a step stands inside its yellow limits. */
function allNominal(flight: Flight, index: number): boolean {
  const telemetry = telemetryOf(flight.steps[index]!.state, flight.model);
  const context = new Map([...telemetry].map(([key, { value }]) => [key, value]));
  return [...telemetry.values()].every(({ def, value }) => limitLevel(def, value, context) === 'nominal');
}

describe('faults on demand', () => {
  it('battery degradation: state of charge falls through its limits and the voltage sags', () => {
    const flight = flyWith('battery_degradation', 2);
    const yellow = expectCrossesLater(flight, 'eps.batt_soc', 'yellow');
    const red = expectCrossesLater(flight, 'eps.batt_soc', 'red');
    expect(red).toBeGreaterThan(yellow);
    expectCrossesLater(flight, 'eps.batt_voltage', 'yellow');
    expect(eventTime(flight, 'POWER_SAVE_ENTRY')).toBeDefined();
    expect(eventTime(flight, 'BATTERY_UNDERVOLTAGE')).toBeDefined();
  });

  it('wheel over-speed: a wheel runs away through its limits, then the ADCS goes safe', () => {
    const flight = flyWith('wheel_overspeed', 1);
    const yellow = expectCrossesLater(flight, 'adcs.wheel_speed_1', 'yellow');
    const red = expectCrossesLater(flight, 'adcs.wheel_speed_1', 'red');
    expect(red).toBeGreaterThan(yellow);
    const safe = expectCrossesLater(flight, 'adcs.mode', 'red');
    expect(safe).toBeGreaterThanOrEqual(red);
    expect(eventTime(flight, 'WHEEL_OVERSPEED')).toBeLessThanOrEqual(eventTime(flight, 'SAFE_MODE_ENTRY')!);
  });

  it('thermal runaway: the payload heats through its limits and the imager faults', () => {
    const flight = flyWith('thermal_runaway', 1);
    const yellow = expectCrossesLater(flight, 'thermal.payload_temp', 'yellow');
    expect(expectCrossesLater(flight, 'thermal.payload_temp', 'red')).toBeGreaterThan(yellow);
    expectCrossesLater(flight, 'payload.focal_plane_temp', 'red');
    expectCrossesLater(flight, 'payload.mode', 'red');
    expect(eventTime(flight, 'PAYLOAD_OVERTEMP')).toBeDefined();
  });

  it('transmitter failure: the amplifier overheats on the next contact, then contacts bring no downlink', () => {
    const flight = flyWith('tx_failure', 8);
    expectCrossesLater(flight, 'comms.tx_temp', 'red');
    const faultAt = expectCrossesLater(flight, 'comms.tx_state', 'red');
    const laterContacts = flight.steps.filter(
      (s) => s.state.timeMs > faultAt && s.env.stations.some((v) => v.inContact),
    );
    expect(laterContacts.length).toBeGreaterThan(10);
    for (const step of laterContacts) {
      expect(step.state.comms.tx).toBe(TX_STATE.FAULT);
      expect(step.state.comms.downlinkBps).toBe(0);
    }
    expect(eventTime(flight, 'TX_FAULT')).toBe(faultAt);
  });

  it('OBC reboot loop: the CPU saturates, the watchdog reboots it again and again, then it stays safe', () => {
    const flight = flyWith('obc_reboot_loop', 1);
    expectCrossesLater(flight, 'obc.cpu_load', 'red');
    expectCrossesLater(flight, 'obc.mode', 'yellow');
    expectCrossesLater(flight, 'obc.mode', 'red');
    const reboots = flight.events.filter((e) => e.name === 'OBC_REBOOT');
    expect(reboots.length).toBe(3);
    const last = flight.steps.at(-1)!.state;
    expect(last.obc.rebootCount).toBe(flight.steps[0]!.state.obc.rebootCount + 3);
    // A reboot restarts the attitude control from detumbling; the safe OBC then keeps the ADCS safe.
    expect(flight.events.some((e) => e.name === 'ADCS_MODE_CHANGE' && e.arg === 0)).toBe(true);
    expectCrossesLater(flight, 'adcs.mode', 'red');
  });

  it.each(FAULT_KINDS)('clearing %s brings the spacecraft back to nominal', (fault) => {
    const clearedMs = INJECTED_MS + 2 * 3_600_000;
    const flight = fly('kazeosat-1', {
      durationMs: 4 * 3_600_000,
      stepMs: 20_000,
      faults: [[fault, INJECTED_MS, clearedMs]],
    });
    const last = flight.steps.length - 1;
    expect(allNominal(flight, last)).toBe(true);
  });

  it.each(FAULT_KINDS)('%s keeps every value within what its wire type can carry', (fault) => {
    const flight = fly('ortaq-1', {
      durationMs: 4 * 3_600_000,
      stepMs: 20_000,
      faults: [[fault, INJECTED_MS]],
    });
    for (const { state } of flight.steps) {
      for (const [id, { def, value }] of telemetryOf(state, flight.model)) {
        const wire = rawToEngineering(def, engineeringToRaw(def, value));
        const tolerance = def.type === 'f32' ? Math.abs(value) * 1e-6 + 1e-6 : def.scale;
        expect(Math.abs(wire - value), `${id}=${value}`).toBeLessThanOrEqual(tolerance);
      }
    }
  });
});
