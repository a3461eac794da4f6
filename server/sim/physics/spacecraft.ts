// One step of a spacecraft: the environment, then each subsystem in the order information flows (OBC →
// planner → ADCS → payload → comms → EPS → thermal), collecting the onboard events they raise.
import type { SpacecraftDef, StationDef } from '../../../shared/dictionary/types';
import type { FaultKind } from '../../../shared/protocol/sim';
import type { Orbit, StationSite } from '../../../shared/orbit';
import { slewRemainingDeg, stepAdcs, guidance } from './adcs';
import { stepComms, type CompletedDownlink } from './comms';
import { environmentAt, type Environment } from './environment';
import { ageingSeverity, agedBudget } from './ageing';
import { stepEps } from './eps';
import { stepObc } from './obc';
import { SETTLED_DEG, canImage, plan, stepPayload } from './payload';
import type { Random } from './random';
import {
  ADCS_MODE,
  OBC_MODE,
  PAYLOAD_MODE,
  POWER_MODE,
  SEVERITY,
  TX_STATE,
  faultAgeS,
  initialState,
  powerBudget,
  type ActiveFaults,
  type AdcsMode,
  type OnboardEvent,
  type PowerBudget,
  type SpacecraftState,
} from './state';
import { stepThermal } from './thermal';

/** What stays fixed for a spacecraft while it flies. */
export interface SpacecraftModel {
  def: SpacecraftDef;
  orbit: Orbit;
  budget: PowerBudget;
  sites: readonly StationSite[];
  stations: ReadonlyMap<string, StationDef>;
  stationIndex: ReadonlyMap<string, number>;
}

export interface StepResult {
  state: SpacecraftState;
  env: Environment;
  events: OnboardEvent[];
  completedDownlink?: CompletedDownlink;
}

export function spacecraftModel(
  def: SpacecraftDef,
  orbit: Orbit,
  sites: readonly StationSite[],
  stations: readonly StationDef[],
): SpacecraftModel {
  return {
    def,
    orbit,
    budget: powerBudget(def),
    sites,
    stations: new Map(stations.map((s) => [s.id, s])),
    stationIndex: new Map(stations.map((s, i) => [s.id, i + 1])),
  };
}

/** A spacecraft in nominal operations at a time, already pointing at nadir. */
export function startState(model: SpacecraftModel, timeMs: number, random: Random): SpacecraftState {
  const state = initialState(model.def, timeMs, random);
  const env = environmentAt(model.orbit, model.sites, timeMs);
  if (!env) return state;
  const attitude = guidance(ADCS_MODE.NADIR, env, null) ?? state.adcs.attitude;
  return { ...state, eclipse: env.eclipse, adcs: { ...state.adcs, attitude } };
}

/** Share of the array's peak power the attitude allows (one-axis drive; off-pointing costs a little). */
function sunFactor(mode: AdcsMode, env: Environment): number {
  const incidence =
    mode === ADCS_MODE.SUN_POINTING || mode === ADCS_MODE.SAFE
      ? 1
      : mode === ADCS_MODE.DETUMBLE
        ? 0.3
        : mode === ADCS_MODE.TARGET_POINTING
          ? 0.85 * env.arrayCosine
          : env.arrayCosine;
  return incidence * (1 - env.shadowFraction);
}

function loadW(state: SpacecraftState, budget: PowerBudget): number {
  const saving = state.eps.powerMode === POWER_MODE.NOMINAL ? 1 : 0.8;
  return (
    budget.baseLoadW * saving +
    (state.payload.mode === PAYLOAD_MODE.IMAGING ? budget.imagingLoadW : 0) +
    (state.comms.tx === TX_STATE.ON ? budget.txLoadW : 0) +
    0.002 * Math.abs(state.adcs.wheelRpm[0]) +
    0.002 * Math.abs(state.adcs.wheelRpm[1]) +
    0.002 * Math.abs(state.adcs.wheelRpm[2])
  );
}

function contactEvents(before: SpacecraftState, env: Environment, model: SpacecraftModel): OnboardEvent[] {
  const t = env.timeMs;
  const events: OnboardEvent[] = [];
  if (env.eclipse !== before.eclipse) {
    events.push({
      timeMs: t,
      name: env.eclipse ? 'ECLIPSE_ENTRY' : 'ECLIPSE_EXIT',
      severity: SEVERITY.INFO,
      arg: 0,
    });
  }
  const now = env.stations.filter((s) => s.inContact).map((s) => s.stationId);
  for (const id of now) {
    if (!before.contacts.includes(id))
      events.push({ timeMs: t, name: 'AOS', severity: SEVERITY.INFO, arg: model.stationIndex.get(id) ?? 0 });
  }
  for (const id of before.contacts) {
    if (!now.includes(id))
      events.push({ timeMs: t, name: 'LOS', severity: SEVERITY.INFO, arg: model.stationIndex.get(id) ?? 0 });
  }
  return events;
}

interface StepContext {
  model: SpacecraftModel;
  env: Environment;
  dtS: number;
  timeMs: number;
  random: Random;
  age: (kind: FaultKind) => number | undefined;
}

/** OBC, mission planning and attitude: who is in charge and where the spacecraft points. */
function stepControl(state: SpacecraftState, ctx: StepContext) {
  const { env, dtS, timeMs, random } = ctx;
  const obcStep = stepObc(
    state.obc,
    {
      dtS,
      timeMs,
      eclipse: env.eclipse,
      imaging: state.payload.mode === PAYLOAD_MODE.IMAGING,
      downlinking: state.comms.tx === TX_STATE.ON,
      rebootFaultAgeS: ctx.age('obc_reboot_loop'),
    },
    random,
  );
  const planned = plan(state, env, ctx.model.def.storageBytes);
  const adcsStep = stepAdcs(
    state.adcs,
    {
      dtS,
      env,
      requested: planned.requested,
      target: planned.target,
      safeRequested: obcStep.obc.mode === OBC_MODE.SAFE || state.eps.powerMode === POWER_MODE.SAFE,
      rebooted: obcStep.rebooted,
      wheelFaultAgeS: ctx.age('wheel_overspeed'),
    },
    random,
  );
  const onTarget =
    adcsStep.adcs.mode === ADCS_MODE.TARGET_POINTING &&
    slewRemainingDeg(adcsStep.adcs, env, planned.target) < SETTLED_DEG;
  return { obcStep, adcsStep, onTarget, events: [...obcStep.events, ...adcsStep.events] };
}

/** Temperatures and the imager, which may only run while the OBC is nominal and the target settled. */
function stepImager(state: SpacecraftState, control: ReturnType<typeof stepControl>, ctx: StepContext) {
  const { env, dtS, timeMs, model } = ctx;
  const thermal = stepThermal(state.thermal, {
    dtS,
    eclipse: env.eclipse,
    transmitting: state.comms.tx === TX_STATE.ON,
    imaging: state.payload.mode === PAYLOAD_MODE.IMAGING,
    runawayAgeS: ctx.age('thermal_runaway'),
  });
  const payloadStep = stepPayload(state.payload, {
    dtS,
    timeMs,
    onTarget: control.onTarget,
    target: control.adcsStep.adcs.target,
    allowed: canImage(state, env, model.def.storageBytes) && control.obcStep.obc.mode === OBC_MODE.NOMINAL,
    payloadTempC: thermal.payloadTempC,
    imagingBytesPerS: model.def.imagingBytesPerS,
  });
  return { thermal, payloadStep };
}

function stepDownlink(
  state: SpacecraftState,
  obc: ReturnType<typeof stepObc>,
  imagedBytes: number,
  ctx: StepContext,
) {
  const { model } = ctx;
  const commsStep = stepComms(state.comms, {
    dtS: ctx.dtS,
    env: ctx.env,
    stations: model.stations,
    stationIndex: model.stationIndex,
    storageBytes: model.def.storageBytes,
    imagedBytes,
    txFaultAgeS: ctx.age('tx_failure'),
    obcUp: obc.obc.mode !== OBC_MODE.BOOT,
    silenced: ctx.age('silent') !== undefined,
  });
  // The downlinked-bytes counter lives in OBC memory: it restarts with the computer.
  const comms = obc.rebooted ? { ...commsStep.comms, bytesDownlinkedSinceBoot: 0 } : commsStep.comms;
  return { ...commsStep, comms };
}

/** Advances a spacecraft to timeMs. Returns null when its orbit cannot be propagated there. */
export function stepSpacecraft(
  model: SpacecraftModel,
  state: SpacecraftState,
  faults: ActiveFaults,
  timeMs: number,
  random: Random,
): StepResult | null {
  const env = environmentAt(model.orbit, model.sites, timeMs);
  if (!env) return null;
  const dtS = Math.max(0.001, (timeMs - state.timeMs) / 1000);
  const ctx: StepContext = {
    model,
    env,
    dtS,
    timeMs,
    random,
    age: (kind) => faultAgeS(faults, kind, timeMs),
  };
  const control = stepControl(state, ctx);
  const { thermal, payloadStep } = stepImager(state, control, ctx);
  const commsStep = stepDownlink(state, control.obcStep, payloadStep.imagedBytes, ctx);
  const adcs = control.adcsStep.adcs;
  const partial: SpacecraftState = {
    ...state,
    adcs,
    payload: payloadStep.payload,
    comms: commsStep.comms,
    obc: control.obcStep.obc,
  };
  const epsInput = {
    dtS,
    timeMs,
    sunFactor: sunFactor(adcs.mode, env),
    eclipse: env.eclipse,
    loadW: loadW(partial, model.budget),
    degradationAgeS: ctx.age('battery_degradation'),
  };
  const budget = agedBudget(model.budget, ageingSeverity(ctx.age('battery_ageing')));
  const epsStep = stepEps(state.eps, budget, epsInput, random);
  const contacts = env.stations.filter((s) => s.inContact).map((s) => s.stationId);
  return {
    state: { ...partial, timeMs, eclipse: env.eclipse, contacts, eps: epsStep.eps, thermal },
    env,
    events: [
      ...contactEvents(state, env, model),
      ...control.events,
      ...payloadStep.events,
      ...commsStep.events,
      ...epsStep.events,
    ],
    completedDownlink: commsStep.completed,
  };
}
