// Attitude determination and control. The attitude follows the mode's guidance (nadir frame from position
// and velocity, a target's line of sight, the Sun) at a bounded slew rate; body rates are the rotation
// actually applied, and reaction wheels absorb the body's momentum, so wheel speeds move with every slew.
import { cross, norm, normalize, scale, type Vec3 } from '../../../shared/orbit';
import type { Environment } from './environment';
import {
  angleBetweenAttitudes,
  conjugate,
  pointing,
  rotate,
  slewToward,
  type Quaternion,
} from './quaternion';
import type { Random } from './random';
import { ADCS_MODE, SEVERITY, type AdcsMode, type AdcsState, type OnboardEvent } from './state';
import { lineOfSight, type ImagingTarget } from './targets';

export interface AdcsInput {
  dtS: number;
  env: Environment;
  /** What the mission planner asks for in nominal operations. */
  requested: typeof ADCS_MODE.NADIR | typeof ADCS_MODE.TARGET_POINTING;
  target: ImagingTarget | null;
  /** The OBC wants the spacecraft safe (OBC safe mode, power safe mode). */
  safeRequested: boolean;
  /** The OBC just rebooted: the ADCS restarts from detumbling. */
  rebooted: boolean;
  /** Seconds since the wheel over-speed fault was injected, if it is. */
  wheelFaultAgeS?: number;
}

const DEG = Math.PI / 180;
/** Agile platform: up to 1.2°/s in nominal modes, gentler in sun-pointing and safe modes. */
const SLEW_RATE_DEG_S: Record<AdcsMode, number> = { 0: 0, 1: 0.4, 2: 1.2, 3: 1.2, 4: 0.4 };
const WHEEL_BIAS_RPM: readonly [number, number, number] = [1200, -900, 600];
/** Wheel speed change per body rate: wheel inertia against a ~30 kg·m² body. */
const RPM_PER_DEG_S = -1500;
/** A jammed momentum-management loop lets wheel 1 run away at 8 rpm/s until it is stopped. */
const RUNAWAY_RPM_PER_S = 8;
const RUNAWAY_MAX_RPM = 6150;
const OVERSPEED_RPM = 6000;
const SUN_POINTING_SETTLE_MS = 5 * 60_000;
/** adcs.pointing_error is a u16 in millidegrees: the sensor chain reports at most 65°. */
const MAX_REPORTED_ERROR_DEG = 65;

/** The attitude each mode's guidance asks for now, or null for detumbling (no guidance). */
export function guidance(mode: AdcsMode, env: Environment, target: ImagingTarget | null): Quaternion | null {
  const nadir = scale(env.positionKm, -1);
  switch (mode) {
    case ADCS_MODE.DETUMBLE:
      return null;
    case ADCS_MODE.NADIR:
      return pointing(nadir, env.velocityKmS);
    case ADCS_MODE.TARGET_POINTING:
      return pointing(target ? lineOfSight(target, env.positionKm, env.timeMs) : nadir, env.velocityKmS);
    case ADCS_MODE.SUN_POINTING:
    case ADCS_MODE.SAFE:
      // The array on the body's −Z face turns to the Sun.
      return pointing(scale(env.sun, -1), cross(env.positionKm, env.velocityKmS));
  }
}

function nextMode(adcs: AdcsState, input: AdcsInput, wheelOverspeed: boolean): AdcsMode {
  const t = input.env.timeMs;
  if (input.rebooted) return ADCS_MODE.DETUMBLE;
  if (wheelOverspeed || input.safeRequested) return ADCS_MODE.SAFE;
  switch (adcs.mode) {
    case ADCS_MODE.DETUMBLE:
      return norm(adcs.rateDegS) < 0.2 ? ADCS_MODE.SUN_POINTING : ADCS_MODE.DETUMBLE;
    case ADCS_MODE.SAFE:
      return ADCS_MODE.SUN_POINTING;
    case ADCS_MODE.SUN_POINTING:
      return t - adcs.modeSinceMs >= SUN_POINTING_SETTLE_MS ? input.requested : ADCS_MODE.SUN_POINTING;
    default:
      return input.requested;
  }
}

function detumble(adcs: AdcsState, dtS: number): { attitude: Quaternion; rateDegS: Vec3 } {
  // Magnetorquers (B-dot) damp the body rates with a ~3 min time constant.
  const rateDegS = scale(adcs.rateDegS, Math.exp(-dtS / 180));
  const rotationBody = scale(rateDegS, dtS * DEG);
  const angle = norm(rotationBody);
  if (angle < 1e-12) return { attitude: adcs.attitude, rateDegS };
  const axis = scale(rotationBody, Math.sin(angle / 2) / angle);
  const step = { w: Math.cos(angle / 2), x: axis.x, y: axis.y, z: axis.z };
  const q = adcs.attitude;
  // Body-frame rotation composes on the right.
  const attitude = {
    w: q.w * step.w - q.x * step.x - q.y * step.y - q.z * step.z,
    x: q.w * step.x + q.x * step.w + q.y * step.z - q.z * step.y,
    y: q.w * step.y - q.x * step.z + q.y * step.w + q.z * step.x,
    z: q.w * step.z + q.x * step.y - q.y * step.x + q.z * step.w,
  };
  const length = Math.hypot(attitude.w, attitude.x, attitude.y, attitude.z);
  return {
    attitude: {
      w: attitude.w / length,
      x: attitude.x / length,
      y: attitude.y / length,
      z: attitude.z / length,
    },
    rateDegS,
  };
}

function wheelSpeeds(rateDegS: Vec3, input: AdcsInput, random: Random): [number, number, number] {
  // Slow momentum build-up from gravity-gradient and drag torques, dumped by the magnetorquers each orbit.
  const drift = 150 * Math.sin((input.env.timeMs / 5_900_000) * 2 * Math.PI);
  const runaway =
    input.wheelFaultAgeS === undefined
      ? 0
      : Math.min(RUNAWAY_MAX_RPM - WHEEL_BIAS_RPM[0], RUNAWAY_RPM_PER_S * input.wheelFaultAgeS);
  const rates = [rateDegS.x, rateDegS.y, rateDegS.z];
  return WHEEL_BIAS_RPM.map((bias, i) => {
    const speed = bias + RPM_PER_DEG_S * rates[i]! + (i === 0 ? runaway : drift) + 3 * random.gaussian();
    return Math.round(speed);
  }) as [number, number, number];
}

interface AttitudeUpdate {
  attitude: Quaternion;
  rateDegS: Vec3;
  pointingErrorDeg: number;
}

/** Moves the attitude along the mode's guidance, or lets it tumble while the magnetorquers detumble it. */
function updateAttitude(
  adcs: AdcsState,
  mode: AdcsMode,
  command: Quaternion | null,
  input: AdcsInput,
  random: Random,
): AttitudeUpdate {
  if (!command) {
    const tumbling = input.rebooted ? { ...adcs, rateDegS: tumbleRates(random) } : adcs;
    return {
      ...detumble(tumbling, input.dtS),
      pointingErrorDeg: Math.min(MAX_REPORTED_ERROR_DEG, 30 + 30 * random.next()),
    };
  }
  const slew = slewToward(adcs.attitude, command, SLEW_RATE_DEG_S[mode] * DEG * input.dtS);
  const rateDegS = scale(rotate(conjugate(slew.attitude), slew.rotationEci), 1 / (input.dtS * DEG));
  // Tracking error against the guidance profile: small, larger while the slew accelerates. Sun-pointing and
  // safe modes report the remaining angle instead, as their control is coarse.
  const trackingDeg = 0.02 + 0.01 * Math.abs(random.gaussian()) + 0.05 * norm(rateDegS);
  const fine = mode === ADCS_MODE.NADIR || mode === ADCS_MODE.TARGET_POINTING;
  const remainingDeg = angleBetweenAttitudes(slew.attitude, command) / DEG;
  return {
    attitude: slew.attitude,
    rateDegS,
    pointingErrorDeg: fine ? trackingDeg : Math.min(MAX_REPORTED_ERROR_DEG, remainingDeg + trackingDeg),
  };
}

function modeEvents(adcs: AdcsState, mode: AdcsMode, overspeed: boolean, timeMs: number): OnboardEvent[] {
  const events: OnboardEvent[] = [];
  if (overspeed && adcs.mode !== ADCS_MODE.SAFE) {
    const worst = Math.max(...adcs.wheelRpm.map(Math.abs));
    events.push({ timeMs, name: 'WHEEL_OVERSPEED', severity: SEVERITY.CRITICAL, arg: worst });
  }
  if (mode !== adcs.mode) {
    events.push({ timeMs, name: 'ADCS_MODE_CHANGE', severity: SEVERITY.INFO, arg: mode });
    if (mode === ADCS_MODE.SAFE)
      events.push({ timeMs, name: 'SAFE_MODE_ENTRY', severity: SEVERITY.CRITICAL, arg: mode });
  }
  return events;
}

export function stepAdcs(
  adcs: AdcsState,
  input: AdcsInput,
  random: Random,
): { adcs: AdcsState; events: OnboardEvent[] } {
  const t = input.env.timeMs;
  const overspeed = adcs.wheelRpm.some((rpm) => Math.abs(rpm) > OVERSPEED_RPM);
  const mode = nextMode(adcs, input, overspeed);
  const target = mode === ADCS_MODE.TARGET_POINTING ? input.target : null;
  const update = updateAttitude(adcs, mode, guidance(mode, input.env, target), input, random);
  return {
    adcs: {
      mode,
      ...update,
      wheelRpm: wheelSpeeds(update.rateDegS, input, random),
      modeSinceMs: mode === adcs.mode ? adcs.modeSinceMs : t,
      target: target?.name ?? null,
    },
    events: modeEvents(adcs, mode, overspeed, t),
  };
}

/** Residual rates after a reboot: the controller lost its state mid-manoeuvre. */
function tumbleRates(random: Random): Vec3 {
  return scale(normalize({ x: random.gaussian(), y: random.gaussian(), z: random.gaussian() }), 1.5);
}

/** Remaining slew to the guidance attitude, degrees: the planner starts imaging once it is settled. */
export function slewRemainingDeg(adcs: AdcsState, env: Environment, target: ImagingTarget | null): number {
  const command = guidance(adcs.mode, env, target);
  return command ? angleBetweenAttitudes(adcs.attitude, command) / DEG : 180;
}
