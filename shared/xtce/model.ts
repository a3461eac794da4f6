// The part of XTCE (OMG XML Telemetric and Command Exchange 1.2, CCSDS 660.0-B) that Ortaq reads, as plain
// data. References stay as written (qualified or relative names) until resolve.ts ties them together, so a
// reader of this file sees what the database said, and every declaration keeps the file and line it came from.
import type { TimeEpoch } from '../time/epochs';

export interface Located {
  file: string;
  line: number;
}

export type IntegerEncodingKind = 'unsigned' | 'twosComplement' | 'signMagnitude';

export type Calibrator =
  /** Coefficient i multiplies raw^i. */
  | { kind: 'polynomial'; coefficients: number[] }
  /** Piecewise between points sorted by raw value; order 0 holds the lower point's value, 1 interpolates. */
  | { kind: 'spline'; order: 0 | 1; extrapolate: boolean; points: { raw: number; calibrated: number }[] };

export type DataEncoding =
  | { kind: 'integer'; sizeInBits: number; encoding: IntegerEncodingKind; calibrator?: Calibrator }
  | { kind: 'float'; sizeInBits: 32 | 64; calibrator?: Calibrator }
  /** Fixed-size string, ASCII/UTF-8 bytes, NUL padding dropped. */
  | { kind: 'string'; sizeInBits: number };

export interface AlarmRange {
  minInclusive?: number;
  minExclusive?: number;
  maxInclusive?: number;
  maxExclusive?: number;
}

export type AlarmLevelName = 'warning' | 'critical';

/** StaticAlarmRanges: each range is where the value is acceptable; outside it the level applies. */
export interface NumericAlarm {
  kind: 'numeric';
  warning?: AlarmRange;
  critical?: AlarmRange;
  /** Consecutive violations needed before the alarm shows. */
  minViolations: number;
  loc: Located;
}

export interface EnumerationAlarm {
  kind: 'enumeration';
  /** Label → level; labels not listed are nominal. */
  states: { label: string; level: AlarmLevelName }[];
  minViolations: number;
  loc: Located;
}

export type Alarm = NumericAlarm | EnumerationAlarm;

export type ComparisonOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';

export interface Comparison {
  parameterRef: string;
  operator: ComparisonOperator;
  /** As written: a number, an enumeration label or a boolean label, read against the parameter's type. */
  value: string;
  useCalibratedValue: boolean;
  loc: Located;
}

/** All comparisons must hold (a Comparison is a list of one). */
export type MatchCriteria = Comparison[];

export interface ContextAlarm {
  /** The alarm's name attribute: a short label for the context ("eclipse"), shown beside the limits. */
  name?: string;
  context: MatchCriteria;
  alarm: Alarm;
  loc: Located;
}

export type ParameterTypeKind = 'integer' | 'float' | 'enumerated' | 'boolean' | 'string' | 'absoluteTime';

export interface TimeReference {
  epoch: TimeEpoch;
  /** Encoded value × scale + offset = seconds since the epoch. */
  scale: number;
  offset: number;
}

export interface ValidRange {
  min?: number;
  max?: number;
  minInclusive: boolean;
  maxInclusive: boolean;
}

/** A parameter type as declared: fields left undefined are inherited from baseType when there is one. */
export interface ParameterTypeDecl {
  kind: ParameterTypeKind;
  name: string;
  loc: Located;
  baseType?: string;
  unit?: string;
  description?: string;
  encoding?: DataEncoding;
  validRange?: ValidRange;
  defaultAlarm?: Alarm;
  contextAlarms?: ContextAlarm[];
  enumeration?: { value: number; maxValue: number; label: string }[];
  booleanLabels?: { zero: string; one: string };
  /** What the type itself says; the rest comes from its baseType. */
  time?: Partial<TimeReference>;
}

export interface ParameterDecl {
  name: string;
  typeRef: string;
  loc: Located;
  description?: string;
  /** AliasSet entries by name space. */
  aliases: Record<string, string>;
}

export interface EntryLocation {
  reference: 'containerStart' | 'previousEntry';
  bits: number;
}

export interface EntryDecl {
  kind: 'parameter' | 'container';
  ref: string;
  location?: EntryLocation;
  includeCondition?: MatchCriteria;
  loc: Located;
}

export interface ContainerDecl {
  name: string;
  loc: Located;
  abstract: boolean;
  description?: string;
  base?: { ref: string; restriction: MatchCriteria; loc: Located };
  entries: EntryDecl[];
  /** AncillaryData by name (Ortaq reads "ortaq.kind"). */
  ancillary: Record<string, string>;
}

export interface SpaceSystemDecl {
  name: string;
  loc: Located;
  types: ParameterTypeDecl[];
  parameters: ParameterDecl[];
  containers: ContainerDecl[];
  children: SpaceSystemDecl[];
}
