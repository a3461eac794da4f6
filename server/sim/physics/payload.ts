// Mission planning and the imager: which target to point at, when the imager runs, and what it produces.
import type { Environment } from './environment';
import {
  ADCS_MODE,
  OBC_MODE,
  PAYLOAD_MODE,
  POWER_MODE,
  SEVERITY,
  type OnboardEvent,
  type PayloadState,
  type SpacecraftState,
} from './state';
import {
  IMAGING_TARGETS,
  TARGET_REACH_KM,
  groundDistanceKm,
  targetInReach,
  type ImagingTarget,
} from './targets';
import { focalPlaneTemperature } from './thermal';

/** A target is taken once per pass: it cools down for 20 min after being chosen. */
const TARGET_COOLDOWN_MS = 20 * 60_000;
/** Imaging stops above this memory fill, so nominal operations keep clear of the 85 % limit. */
const STORAGE_IMAGING_LIMIT = 0.8;
const SECONDS_PER_IMAGE = 4;
const OVERTEMP_C = 35;
/** The imager starts once the slew to the target has settled to this, degrees. */
export const SETTLED_DEG = 0.3;

export interface Plan {
  requested: typeof ADCS_MODE.NADIR | typeof ADCS_MODE.TARGET_POINTING;
  target: ImagingTarget | null;
}

export function canImage(state: SpacecraftState, env: Environment, storageBytes: number): boolean {
  return (
    state.payload.mode !== PAYLOAD_MODE.FAULT &&
    state.eps.powerMode === POWER_MODE.NOMINAL &&
    state.obc.mode === OBC_MODE.NOMINAL &&
    state.comms.storedBytes < STORAGE_IMAGING_LIMIT * storageBytes &&
    !env.eclipse
  );
}

export function plan(state: SpacecraftState, env: Environment, storageBytes: number): Plan {
  const nominalAttitude =
    state.adcs.mode === ADCS_MODE.NADIR || state.adcs.mode === ADCS_MODE.TARGET_POINTING;
  if (!nominalAttitude || !canImage(state, env, storageBytes))
    return { requested: ADCS_MODE.NADIR, target: null };
  const { latDeg, lonDeg } = env.geodetic;
  const current = IMAGING_TARGETS.find((target) => target.name === state.adcs.target);
  if (current && groundDistanceKm(latDeg, lonDeg, current.lat, current.lon) < TARGET_REACH_KM) {
    return { requested: ADCS_MODE.TARGET_POINTING, target: current };
  }
  const recent = state.payload.recentTargets;
  const next = targetInReach(
    latDeg,
    lonDeg,
    (t) => env.timeMs - (recent[t.name] ?? -Infinity) < TARGET_COOLDOWN_MS,
  );
  return next
    ? { requested: ADCS_MODE.TARGET_POINTING, target: next }
    : { requested: ADCS_MODE.NADIR, target: null };
}

export interface PayloadInput {
  dtS: number;
  timeMs: number;
  /** The spacecraft points at a target and has settled. */
  onTarget: boolean;
  target: string | null;
  allowed: boolean;
  payloadTempC: number;
  imagingBytesPerS: number;
}

export function stepPayload(
  payload: PayloadState,
  input: PayloadInput,
): { payload: PayloadState; events: OnboardEvent[]; imagedBytes: number } {
  const t = input.timeMs;
  const events: OnboardEvent[] = [];
  const wasImaging = payload.mode === PAYLOAD_MODE.IMAGING;
  let mode = payload.mode;
  const focalPlaneTempC = focalPlaneTemperature(
    payload.focalPlaneTempC,
    input.payloadTempC,
    wasImaging,
    input.dtS,
  );
  if (mode !== PAYLOAD_MODE.FAULT && focalPlaneTempC > OVERTEMP_C) {
    mode = PAYLOAD_MODE.FAULT;
    events.push({ timeMs: t, name: 'PAYLOAD_OVERTEMP', severity: SEVERITY.CRITICAL, arg: focalPlaneTempC });
  } else if (mode === PAYLOAD_MODE.FAULT && focalPlaneTempC < 25) {
    mode = PAYLOAD_MODE.STANDBY;
  } else if (mode !== PAYLOAD_MODE.FAULT) {
    mode =
      input.onTarget && input.allowed
        ? PAYLOAD_MODE.IMAGING
        : input.allowed
          ? PAYLOAD_MODE.STANDBY
          : PAYLOAD_MODE.OFF;
  }
  const imaging = mode === PAYLOAD_MODE.IMAGING;
  const recentTargets = { ...payload.recentTargets };
  if (imaging && !wasImaging) {
    const index = IMAGING_TARGETS.findIndex((target) => target.name === input.target);
    events.push({ timeMs: t, name: 'IMAGING_START', severity: SEVERITY.INFO, arg: index + 1 });
    if (input.target) recentTargets[input.target] = t;
  }
  if (!imaging && wasImaging)
    events.push({ timeMs: t, name: 'IMAGING_END', severity: SEVERITY.INFO, arg: payload.imagesCaptured });
  const progress = payload.imageProgress + (imaging ? input.dtS / SECONDS_PER_IMAGE : 0);
  const whole = Math.floor(progress);
  return {
    payload: {
      mode,
      imagesCaptured: payload.imagesCaptured + whole,
      focalPlaneTempC,
      imageProgress: progress - whole,
      recentTargets,
    },
    events,
    imagedBytes: imaging ? input.imagingBytesPerS * input.dtS : 0,
  };
}
