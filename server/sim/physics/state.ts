// The simulated state of one spacecraft, by subsystem. Every model is a pure function from the previous
// state, the environment and the elapsed time to the next state; faults come in as "seconds since injected".
import type { FaultKind } from '../../../shared/protocol/sim';
import type { SpacecraftDef } from '../../../shared/dictionary/types';
import { EVENT_CODES } from '../../../shared/dictionary';
import type { Quaternion } from './quaternion';
import type { Random } from './random';
import type { Vec3 } from '../../../shared/orbit';

export const ADCS_MODE = { DETUMBLE: 0, SUN_POINTING: 1, NADIR: 2, TARGET_POINTING: 3, SAFE: 4 } as const;
export type AdcsMode = (typeof ADCS_MODE)[keyof typeof ADCS_MODE];
export const POWER_MODE = { NOMINAL: 0, POWER_SAVE: 1, SAFE: 2 } as const;
export type PowerMode = (typeof POWER_MODE)[keyof typeof POWER_MODE];
export const OBC_MODE = { BOOT: 0, NOMINAL: 1, SAFE: 2, MAINTENANCE: 3 } as const;
export type ObcMode = (typeof OBC_MODE)[keyof typeof OBC_MODE];
export const TX_STATE = { OFF: 0, ON: 1, FAULT: 2 } as const;
export type TxState = (typeof TX_STATE)[keyof typeof TX_STATE];
export const PAYLOAD_MODE = { OFF: 0, STANDBY: 1, IMAGING: 2, FAULT: 3 } as const;
export type PayloadMode = (typeof PAYLOAD_MODE)[keyof typeof PAYLOAD_MODE];

export interface EpsState {
  /** Charge held by the healthy cells, ampere-hours. */
  chargeAh: number;
  /** Charge held by the weakest cell; equal to chargeAh while the battery is healthy. */
  weakCellAh: number;
  voltageV: number;
  /** Battery current, + charging. */
  currentA: number;
  solarCurrentA: number;
  busVoltageV: number;
  loadW: number;
  tempC: number;
  heaterOn: boolean;
  powerMode: PowerMode;
}

export interface AdcsState {
  mode: AdcsMode;
  attitude: Quaternion;
  /** Body rates, degrees per second. */
  rateDegS: Vec3;
  wheelRpm: [number, number, number];
  pointingErrorDeg: number;
  /** Time the current mode was entered. */
  modeSinceMs: number;
  /** Imaging target being tracked, by name. */
  target: string | null;
}

export interface CommsState {
  tx: TxState;
  downlinkBps: number;
  /** Station the downlink is aimed at, or null. */
  downlinkStation: string | null;
  storedBytes: number;
  bytesDownlinkedSinceBoot: number;
  /** Bytes delivered to the current downlink station since the downlink started. */
  passBytes: number;
  txTempC: number;
}

export interface ObcState {
  mode: ObcMode;
  bootMs: number;
  rebootCount: number;
  tempC: number;
  cpuLoadPercent: number;
  /** Seconds the CPU has been saturated (the watchdog reboots after a while). */
  saturatedS: number;
  /** Watchdog reboots since the reboot-loop fault was injected. */
  faultReboots: number;
}

export interface ThermalState {
  payloadTempC: number;
  structureTempC: number;
  radiatorTempC: number;
}

export interface PayloadState {
  mode: PayloadMode;
  imagesCaptured: number;
  focalPlaneTempC: number;
  /** Fractional image in progress, so captured counts advance at any step size. */
  imageProgress: number;
  /** Targets imaged recently: name → time, so a target is taken once per pass. */
  recentTargets: Record<string, number>;
}

export interface SpacecraftState {
  timeMs: number;
  eclipse: boolean;
  /** Stations in contact at the last step. */
  contacts: string[];
  eps: EpsState;
  adcs: AdcsState;
  comms: CommsState;
  obc: ObcState;
  thermal: ThermalState;
  payload: PayloadState;
}

/** Faults active on a spacecraft: kind → injection time. */
export type ActiveFaults = ReadonlyMap<FaultKind, number>;

/** Seconds since a fault was injected, or undefined when it is not active (yet). */
export function faultAgeS(faults: ActiveFaults, kind: FaultKind, timeMs: number): number | undefined {
  const since = faults.get(kind);
  return since === undefined || timeMs < since ? undefined : (timeMs - since) / 1000;
}

const EVENT_NAMES = [
  'ADCS_MODE_CHANGE',
  'OBC_MODE_CHANGE',
  'ECLIPSE_ENTRY',
  'ECLIPSE_EXIT',
  'AOS',
  'LOS',
  'IMAGING_START',
  'IMAGING_END',
  'OBC_REBOOT',
  'WHEEL_OVERSPEED',
  'SAFE_MODE_ENTRY',
  'TX_FAULT',
  'BATTERY_UNDERVOLTAGE',
  'PAYLOAD_OVERTEMP',
  'POWER_SAVE_ENTRY',
  'DOWNLINK_START',
  'DOWNLINK_END',
  'STORAGE_FULL',
] as const;
export type EventName = (typeof EVENT_NAMES)[number];

const EVENT_CODE_BY_NAME = new Map(Object.entries(EVENT_CODES).map(([code, name]) => [name, Number(code)]));
for (const name of EVENT_NAMES) {
  if (!EVENT_CODE_BY_NAME.has(name)) throw new Error(`event ${name} missing from the dictionary`);
}
export const eventCode = (name: EventName): number => EVENT_CODE_BY_NAME.get(name)!;

export const SEVERITY = { INFO: 0, WARNING: 1, CRITICAL: 2 } as const;
export type Severity = (typeof SEVERITY)[keyof typeof SEVERITY];

export interface OnboardEvent {
  timeMs: number;
  name: EventName;
  severity: Severity;
  arg: number;
}

/** Sizing of the power system from the battery class of a spacecraft (round figures, not specs). */
export interface PowerBudget {
  capacityAh: number;
  /** Pack internal resistance, ohms. */
  resistanceOhm: number;
  maxChargeA: number;
  arrayPeakW: number;
  baseLoadW: number;
  imagingLoadW: number;
  txLoadW: number;
  heaterW: number;
}

/** 8S Li-ion: 3.6 V nominal per cell. */
export const PACK_NOMINAL_V = 8 * 3.6;

export function powerBudget(spacecraft: Pick<SpacecraftDef, 'batteryWh'>): PowerBudget {
  const capacityAh = spacecraft.batteryWh / PACK_NOMINAL_V;
  return {
    capacityAh,
    resistanceOhm: 2.5 / capacityAh,
    // 0.25 C, and below the 8 A yellow limit of the battery current.
    maxChargeA: Math.min(6, 0.25 * capacityAh),
    arrayPeakW: 260 + 0.1 * spacecraft.batteryWh,
    baseLoadW: 40 + 0.03 * spacecraft.batteryWh,
    imagingLoadW: 60 + 0.03 * spacecraft.batteryWh,
    txLoadW: 45,
    heaterW: 20,
  };
}

export function initialState(spacecraft: SpacecraftDef, timeMs: number, random: Random): SpacecraftState {
  const budget = powerBudget(spacecraft);
  const soc = 0.94 + 0.05 * random.next();
  return {
    timeMs,
    eclipse: false,
    contacts: [],
    eps: {
      chargeAh: soc * budget.capacityAh,
      weakCellAh: soc * budget.capacityAh,
      voltageV: 31.5,
      currentA: 0,
      solarCurrentA: 0,
      busVoltageV: 28,
      loadW: budget.baseLoadW,
      tempC: 13 + 3 * random.next(),
      heaterOn: false,
      powerMode: POWER_MODE.NOMINAL,
    },
    adcs: {
      mode: ADCS_MODE.NADIR,
      attitude: { w: 1, x: 0, y: 0, z: 0 },
      rateDegS: { x: 0, y: 0, z: 0 },
      wheelRpm: [1200, -900, 600],
      pointingErrorDeg: 0.03,
      modeSinceMs: timeMs,
      target: null,
    },
    comms: {
      tx: TX_STATE.OFF,
      downlinkBps: 0,
      downlinkStation: null,
      storedBytes: spacecraft.storageBytes * (0.15 + 0.2 * random.next()),
      bytesDownlinkedSinceBoot: 0,
      passBytes: 0,
      txTempC: 12 + 4 * random.next(),
    },
    obc: {
      mode: OBC_MODE.NOMINAL,
      bootMs: timeMs - Math.floor(random.next() * 30 * 86_400_000),
      rebootCount: Math.floor(random.next() * 4),
      tempC: 22,
      cpuLoadPercent: 25,
      saturatedS: 0,
      faultReboots: 0,
    },
    thermal: { payloadTempC: 20, structureTempC: 10 + 10 * random.next(), radiatorTempC: -10 },
    payload: {
      mode: PAYLOAD_MODE.STANDBY,
      imagesCaptured: Math.floor(random.next() * 50_000),
      focalPlaneTempC: 19,
      imageProgress: 0,
      recentTargets: {},
    },
  };
}

/** First-order approach of a temperature (or any quantity) to its equilibrium with time constant tauS. */
export const relax = (value: number, equilibrium: number, dtS: number, tauS: number): number =>
  equilibrium + (value - equilibrium) * Math.exp(-dtS / tauS);
