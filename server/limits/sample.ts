// Engineering value → raw → limit state → current value: the one way a telemetry sample is judged. Ingest
// processing, the live catch-up, the cluster relay and the restore at start all call these, so the same
// sample is coloured the same whichever path brought it to a dashboard.
import { packetParameters, TEXTS, type PacketDef, type ParameterDef } from '../../shared/dictionary';
import { rawOf } from '../../shared/mission/calibration';
import type { LiveSample } from '../../shared/protocol/live';
import type { LimitState } from '../../shared/protocol/status';
import { checkLimits, isMonitored, type ContextLookup } from './check';

const NOMINAL: LimitState = { level: 'nominal' };

/** Raw (unconverted) value of an engineering value, as the limit check and enum states use it. */
export { rawOf };

/**
 * NaN is no sample, nothing to judge or show: a derived value that is not a number (a division by zero), or
 * a parameter its include condition left out of this packet. Every path that judges samples asks this.
 */
export const isSample = (value: number): boolean => !Number.isNaN(value);

/** What a value is, without judging it: its raw value and its text (an enum state's name, a string's text). */
export interface DescribedValue {
  raw: number;
  text: string | undefined;
}

/** The text a value shows: a string's (its code looked up in TEXTS) or its enum state's name. */
function textOf(parameter: ParameterDef, value: number, raw: number): string | undefined {
  return parameter.string ? TEXTS.textOf(value) : parameter.states?.[raw];
}

export function describeValue(parameter: ParameterDef, value: number): DescribedValue {
  const raw = rawOf(parameter, value);
  return { raw, text: textOf(parameter, value, raw) };
}

export interface JudgedSample extends DescribedValue {
  limit: LimitState;
}

/**
 * A sample judged against its limits. `context` reads other parameters' raw values (see frameContext);
 * `previous` is the parameter's last live state, for hysteresis: give it for realtime samples in the order
 * they became current, and never for playback.
 */
export function judgeSample(
  parameter: ParameterDef,
  value: number,
  context: ContextLookup,
  previous: LimitState | undefined,
): JudgedSample {
  // describeValue's work inline: one object per sample judged, not two.
  const raw = rawOf(parameter, value);
  const limit = isMonitored(parameter) ? checkLimits(parameter, value, raw, context, previous) : NOMINAL;
  return { raw, text: textOf(parameter, value, raw), limit };
}

/** Parameter id → position in its packet, built once per packet. */
const positionsByPacket = new WeakMap<PacketDef, Map<string, number>>();

function positionsOf(packet: PacketDef): Map<string, number> {
  let positions = positionsByPacket.get(packet);
  if (!positions) {
    positions = new Map(packetParameters(packet).map((p, i) => [p.id, i]));
    positionsByPacket.set(packet, positions);
  }
  return positions;
}

/**
 * Context for limits of a frame's parameters: a value in the same frame first (the condition at the time the
 * sample was taken), then `held` (what is known of the spacecraft otherwise).
 */
export function frameContext(
  packet: PacketDef,
  values: ArrayLike<number>,
  held: ContextLookup,
): ContextLookup {
  const positions = positionsOf(packet);
  return (parameterId, calibrated) => {
    const at = positions.get(parameterId);
    if (at === undefined) return held(parameterId, calibrated);
    return calibrated ? values[at]! : rawOf(packetParameters(packet)[at]!, values[at]!);
  };
}

/** A context lookup over held values (a spacecraft's current values, a replay's): raw, or engineering. */
export function heldLookup(
  get: (parameterId: string) => { raw: number; value: number } | undefined,
): ContextLookup {
  return (parameterId, calibrated) => {
    const held = get(parameterId);
    return held && (calibrated ? held.value : held.raw);
  };
}

/**
 * A judged sample as dashboards receive it: ingest processing and the catch-up build it here, so a string's
 * text rides with its code on both.
 */
export function liveSample(
  spacecraftId: string,
  parameter: ParameterDef,
  timeMs: number,
  value: number,
  judged: JudgedSample,
  live: boolean,
): LiveSample {
  const sample: LiveSample = {
    spacecraftId,
    parameterId: parameter.id,
    t: timeMs,
    v: value,
    limit: judged.limit,
  };
  if (!live) sample.playback = true;
  if (parameter.string) sample.text = judged.text ?? '';
  return sample;
}
