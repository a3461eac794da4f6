// Electrical power: solar array, an 8S Li-ion battery behind a charge regulator, a regulated 28 V bus.
// The battery is modelled as seven healthy cells plus its weakest cell, which is what the BMS reports as
// state of charge; nominally all eight are alike, a degrading cell leaks charge through an internal short.
import {
  POWER_MODE,
  SEVERITY,
  relax,
  type EpsState,
  type OnboardEvent,
  type PowerBudget,
  type PowerMode,
} from './state';
import type { Random } from './random';

export interface EpsInput {
  dtS: number;
  timeMs: number;
  /** Share of the array's peak power available: Sun incidence times the unshadowed part of the disc. */
  sunFactor: number;
  eclipse: boolean;
  /** Load of every consumer except the battery heater, W. */
  loadW: number;
  /** Seconds since the battery-degradation fault was injected, if it is. */
  degradationAgeS?: number;
}

const BUS_V = 28;
// Open-circuit voltage of one cell against its state of charge (LiNiCoAlO2-like curve, charged to 4.1 V for
// cycle life, so a full pack sits at 32.8 V, below the 33.4 V yellow limit).
// An emptied cell collapses (towards reversal), which is what drags a pack with one failed cell down.
const OCV_CURVE: [number, number][] = [
  [0, 0.5],
  [0.03, 2.9],
  [0.05, 3.2],
  [0.1, 3.42],
  [0.2, 3.55],
  [0.4, 3.66],
  [0.6, 3.78],
  [0.8, 3.92],
  [0.9, 4.0],
  [1, 4.1],
];
/** Above this fill the regulator tapers the charge current (constant-voltage phase). */
const TAPER_FROM = 0.92;
/** Internal short of a failing cell at full severity: 3 C per hour, reached 5 min after the fault. */
const SHORT_C_PER_H = 3;
const SHORT_RAMP_S = 300;
/** Resistance the failing cell adds at full severity, ohms: the voltage sags under load. */
const WEAK_CELL_OHM = 0.8;
/** The charge regulator's constant-voltage limit: it never pushes the pack above this. */
const CHARGE_LIMIT_V = 33.2;
const UNDERVOLTAGE_V = 27.2;
/** Time constant of the balancing circuit that equalises the cells. */
const BALANCING_S = 1800;

export function cellOcv(fill: number): number {
  const f = Math.min(1, Math.max(0, fill));
  for (let i = 1; i < OCV_CURVE.length; i++) {
    const [f1, v1] = OCV_CURVE[i]!;
    const [f0, v0] = OCV_CURVE[i - 1]!;
    if (f <= f1) return v0 + ((v1 - v0) * (f - f0)) / (f1 - f0);
  }
  return OCV_CURVE[OCV_CURVE.length - 1]![1];
}

/** State of charge as the BMS reports it: the fill of the weakest cell, percent. */
export const stateOfChargePercent = (eps: EpsState, budget: PowerBudget): number =>
  (100 * Math.min(eps.chargeAh, eps.weakCellAh)) / budget.capacityAh;

function nextPowerMode(mode: PowerMode, socPercent: number): PowerMode {
  if (socPercent < 35) return POWER_MODE.SAFE;
  if (socPercent < 50) return mode === POWER_MODE.SAFE ? mode : POWER_MODE.POWER_SAVE;
  if (socPercent > 65) return POWER_MODE.NOMINAL;
  return mode;
}

function batteryCurrent(eps: EpsState, budget: PowerBudget, arrayW: number, loadW: number): number {
  const surplusW = arrayW - loadW;
  const volts = Math.max(eps.voltageV, 20);
  if (surplusW <= 0) return surplusW / volts;
  const fill = eps.chargeAh / budget.capacityAh;
  const taper = fill <= TAPER_FROM ? 1 : Math.max(0, (1 - fill) / (1 - TAPER_FROM));
  return Math.min(surplusW / volts, budget.maxChargeA * taper);
}

export function stepEps(
  eps: EpsState,
  budget: PowerBudget,
  input: EpsInput,
  random: Random,
): { eps: EpsState; events: OnboardEvent[] } {
  const heaterOn = eps.tempC < 8 || (eps.heaterOn && eps.tempC < 12);
  const loadW = input.loadW + (heaterOn ? budget.heaterW : 0);
  const arrayW = budget.arrayPeakW * input.sunFactor;
  const severity =
    input.degradationAgeS === undefined ? 0 : Math.min(1, input.degradationAgeS / SHORT_RAMP_S);
  const shortA = SHORT_C_PER_H * budget.capacityAh * severity;
  const resistance = budget.resistanceOhm + WEAK_CELL_OHM * severity;
  const fill = (ah: number) => ah / budget.capacityAh;
  const openCircuitV = 7 * cellOcv(fill(eps.chargeAh)) + cellOcv(fill(eps.weakCellAh));
  const currentA = Math.min(
    batteryCurrent(eps, budget, arrayW, loadW),
    Math.max(0, (CHARGE_LIMIT_V - openCircuitV) / resistance),
  );
  const hours = input.dtS / 3600;
  const clampCharge = (ah: number) => Math.min(budget.capacityAh, Math.max(0, ah));
  const chargeAh = clampCharge(eps.chargeAh + currentA * hours);
  // Cell balancing brings a lagging cell back to its neighbours once nothing drains it any more.
  const balanceAh =
    severity === 0 ? (chargeAh - eps.weakCellAh) * (1 - Math.exp(-input.dtS / BALANCING_S)) : 0;
  const weakCellAh = clampCharge(eps.weakCellAh + (currentA - shortA) * hours + balanceAh);
  const voltageV =
    7 * cellOcv(fill(chargeAh)) +
    cellOcv(fill(weakCellAh)) +
    currentA * resistance +
    0.01 * random.gaussian();
  const soc = (100 * Math.min(chargeAh, weakCellAh)) / budget.capacityAh;
  const powerMode = nextPowerMode(eps.powerMode, soc);
  // The bus regulator holds 28 V until the battery can no longer feed it.
  const busVoltageV =
    voltageV < BUS_V + 0.4 ? voltageV - 0.4 : BUS_V - 0.0004 * (loadW - 100) + 0.01 * random.gaussian();
  const tempEquilibrium = 12 + 0.2 * Math.abs(currentA) + (input.eclipse ? -3 : 3) + (heaterOn ? 9 : 0);
  const next: EpsState = {
    chargeAh,
    weakCellAh,
    voltageV,
    currentA: currentA + 0.01 * random.gaussian(),
    solarCurrentA: Math.max(0, Math.min(arrayW, loadW + Math.max(0, currentA) * voltageV)) / BUS_V,
    busVoltageV,
    loadW,
    tempC: relax(eps.tempC, tempEquilibrium, input.dtS, 1800),
    heaterOn,
    powerMode,
  };
  return { eps: next, events: epsEvents(eps, next, input.timeMs) };
}

function epsEvents(before: EpsState, after: EpsState, timeMs: number): OnboardEvent[] {
  const events: OnboardEvent[] = [];
  if (after.voltageV < UNDERVOLTAGE_V && before.voltageV >= UNDERVOLTAGE_V) {
    events.push({ timeMs, name: 'BATTERY_UNDERVOLTAGE', severity: SEVERITY.CRITICAL, arg: after.voltageV });
  }
  if (after.powerMode !== before.powerMode) {
    if (after.powerMode === POWER_MODE.POWER_SAVE)
      events.push({ timeMs, name: 'POWER_SAVE_ENTRY', severity: SEVERITY.WARNING, arg: after.powerMode });
    if (after.powerMode === POWER_MODE.SAFE)
      events.push({ timeMs, name: 'SAFE_MODE_ENTRY', severity: SEVERITY.CRITICAL, arg: after.powerMode });
  }
  return events;
}
