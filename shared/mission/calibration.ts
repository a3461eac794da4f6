// Raw ↔ engineering values of a dictionary parameter: raw × scale + offset, or the parameter's own
// calibration (a polynomial, a spline) when the mission gives one, or for a time, UTC ms from the seconds its
// field counts from an epoch. The limit check names enumeration states and compares contexts on raw values,
// on every path (live, catch-up, relay, restore) through rawOf.
import { inverseCalibration, rawDomain, rawForEngineering } from '../xtce/inverse';
import { utcMsToEpochSeconds } from '../xtce/time';
import type { DataEncoding } from '../xtce/model';
import type { ParameterDef, RawType } from '../dictionary/types';

const RAW_BITS: Record<RawType, number> = { u8: 8, u16: 16, u32: 32, i16: 16, i32: 32, f32: 32, f64: 64 };

/** The parameter's field as XTCE describes it. */
export function fieldEncoding(parameter: Pick<ParameterDef, 'type' | 'field'>): DataEncoding {
  if (parameter.field)
    return { kind: 'integer', sizeInBits: parameter.field.bits, encoding: parameter.field.encoding };
  const bits = RAW_BITS[parameter.type];
  if (parameter.type === 'f32' || parameter.type === 'f64')
    return { kind: 'float', sizeInBits: bits as 32 | 64 };
  return {
    kind: 'integer',
    sizeInBits: bits,
    encoding: parameter.type.startsWith('i') ? 'twosComplement' : 'unsigned',
  };
}

const toRaw = new WeakMap<object, (value: number) => number>();

/**
 * The raw value an engineering value stands for. Without a calibration: (value − offset) / scale, whole for
 * integer fields (not clamped: a value beyond the field still names its state). With one: the calibration
 * inverted within the field's raw values (see shared/xtce/inverse.ts).
 */
export function rawOf(parameter: ParameterDef, value: number): number {
  const calibration = parameter.calibration;
  if (!calibration) {
    // A time's engineering value is UTC ms; its field counts (scaled) seconds from its epoch.
    const counted = parameter.time ? utcMsToEpochSeconds(parameter.time.epoch, value) : value;
    const raw = (counted - parameter.offset) / parameter.scale;
    return parameter.type === 'f32' || parameter.type === 'f64' ? raw : Math.round(raw);
  }
  let inverse = toRaw.get(calibration);
  if (!inverse) {
    const encoding = fieldEncoding(parameter);
    inverse =
      encoding.kind === 'integer'
        ? rawForEngineering(encoding, calibration)
        : inverseCalibration(calibration, rawDomain(encoding));
    toRaw.set(calibration, inverse);
  }
  return inverse(value);
}
