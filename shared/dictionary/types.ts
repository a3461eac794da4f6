// The telemetry dictionary: the one typed description of partners, spacecraft, stations and packets that the
// client, the server and the simulator all read. It is plain data so that GET /api/dictionary can serve it as
// JSON and outside tools can encode frames from it.
import type { TimeEpoch } from '../time/epochs';

/**
 * A partner's id ("KZ", "TR"): declared in the mission folder, never in code, so a partner joins without a
 * release. Upper-case letters and digits, starting with a letter, 2 to 8 characters.
 */
export type PartnerId = string;
export const PARTNER_ID_PATTERN = /^[A-Z][A-Z0-9]{1,7}$/;

export const SUBSYSTEMS = ['EPS', 'ADCS', 'COMMS', 'OBC', 'THERMAL', 'PAYLOAD'] as const;
export type Subsystem = (typeof SUBSYSTEMS)[number];

export const RAW_TYPES = ['u8', 'u16', 'u32', 'i16', 'i32', 'f32', 'f64'] as const;
export type RawType = (typeof RAW_TYPES)[number];

export interface Partner {
  id: PartnerId;
  name: string;
  /** Two-letter ISO 3166 code, used for the flag. */
  country: string;
  /** IANA time zone of the partner's operations centre (notification rotas); UTC when not given. */
  timeZone?: string;
  /** The partner's colour in every chart, "#RRGGBB"; the dashboard picks a free one when not given. */
  colour?: string;
  /** The partner's name in other interface languages, by language code ("kk", "ru", "tr"...). */
  names?: Record<string, string>;
}

export interface SpacecraftDef {
  /** Stable lower-case id used in URLs and the archive, e.g. "kazeosat-1". */
  id: string;
  name: string;
  /** The partner that operates (owns) the spacecraft. */
  partner: PartnerId;
  noradId: number;
  /** CCSDS spacecraft id, 10 bits. */
  scid: number;
  /** Bundled two-line elements; operators may replace them with a fresh TLE file at run time. */
  tle: [string, string];
  /** True for a spacecraft that does not exist in orbit (a planned joint mission). */
  notional?: boolean;
  /** Payload data rate while imaging, bytes per second, used by the simulator's storage model. */
  imagingBytesPerS: number;
  /** Onboard mass memory, bytes. */
  storageBytes: number;
  /** Usable battery capacity, watt-hours. */
  batteryWh: number;
  /**
   * The APIDs of the packets it sends, when the mission flies several packet sets (XTCE files); absent, it
   * sends every packet of the dictionary.
   */
  apids?: number[];
}

export type Band = 'S' | 'X' | 'S/X';

export interface StationDef {
  id: string;
  name: string;
  partner: PartnerId;
  lat: number;
  lon: number;
  altM: number;
  minElevationDeg: number;
  band: Band;
  /** Best downlink rate at high elevation, bits per second. */
  maxDownlinkBps: number;
}

export interface LimitBand {
  low?: number;
  high?: number;
  /** True when a value equal to `low` is already out (XTCE minExclusive); by default `low` itself is in. */
  lowExclusive?: boolean;
  /** True when a value equal to `high` is already out (XTCE maxExclusive). */
  highExclusive?: boolean;
}

export interface Limits {
  yellow?: LimitBand;
  red?: LimitBand;
  /** Consecutive samples beyond a limit before its alarm shows (XTCE minViolations); 1 when not given. */
  minViolations?: number;
}

export type ComparisonOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** One comparison of a context: another parameter's raw value (or engineering value, when `calibrated`). */
export interface ContextCondition {
  parameter: string;
  operator: ComparisonOperator;
  value: number;
  calibrated?: boolean;
}

/** When a context holds: the parameter is in one of the states, or every condition holds. */
export type ContextWhen = { parameter: string; states: number[] } | { all: ContextCondition[] };

/**
 * Limits that replace the default ones while another parameter of the same spacecraft is in one of the
 * given states (e.g. battery discharge limits in eclipse, wheel-speed limits while imaging). The first
 * matching context wins.
 */
export interface ContextLimits {
  when: ContextWhen;
  limits: Limits;
  /** For an enumerated parameter: the states that are alarms while the context holds, by raw value. */
  alarmStates?: Partial<Record<number, AlarmLevel>>;
  /** Short label for the context, shown next to the limits ("eclipse", "imaging"). */
  label: string;
}

export type AlarmLevel = 'yellow' | 'red';

/** A calibration that is not raw × scale + offset (those parameters have scale 1 and offset 0). */
export type Calibration =
  /** Coefficient i multiplies raw^i. */
  | { kind: 'polynomial'; coefficients: number[] }
  /** Piecewise between points sorted by raw value; order 0 holds the lower point's value, 1 interpolates. */
  | { kind: 'spline'; order: 0 | 1; extrapolate: boolean; points: { raw: number; calibrated: number }[] };

/**
 * The field on the wire when it is not exactly `type` (which then names the nearest number type): an
 * integer of any width from 1 to 64 bits, in any of XTCE's integer encodings.
 */
export interface FieldEncoding {
  bits: number;
  encoding: 'unsigned' | 'twosComplement' | 'signMagnitude';
}

export interface ParameterDef {
  id: string;
  name: string;
  subsystem: Subsystem;
  type: RawType;
  /** engineering = raw × scale + offset (unless `calibration` is given) */
  scale: number;
  offset: number;
  /** A non-linear calibration (then scale is 1 and offset 0). */
  calibration?: Calibration;
  /** The field's encoding, when it is not exactly `type`. */
  field?: FieldEncoding;
  /**
   * An absolute time (XTCE AbsoluteTimeParameterType): raw × scale + offset counts seconds from `epoch`, and
   * the engineering value is UTC milliseconds since 1970 (leap seconds taken out), shown as a date and time.
   * A time has no limits.
   */
  time?: { epoch: TimeEpoch };
  /**
   * A string (XTCE StringParameterType of a fixed size): its text, up to the first NUL. On every numeric path
   * its value is the text's code (shared/dictionary/texts.ts; `type` is then f64, scale 1, offset 0), and
   * what is shown or sent carries the text. A string has no limits.
   */
  string?: { sizeBytes: number };
  unit: string;
  /** Enumerated raw values and their names (for mode and state parameters). */
  states?: Record<number, string>;
  /** Enum states that are alarms, by raw value. */
  alarmStates?: Partial<Record<number, AlarmLevel>>;
  limits?: Limits;
  contextLimits?: ContextLimits[];
  /** Where the mission database declares it: XTCE file (relative to the mission folder) and qualified name. */
  source?: ParameterSource;
  /** Present on a derived parameter: computed from others of its packet, never read from the wire. */
  derived?: DerivedSpec;
  /**
   * A derived parameter declared again for some spacecraft (mission.yaml `spacecraft:`): those spacecraft
   * compute it with their variant's expression and judge it by its limits (parameterOfSpacecraft).
   */
  variants?: DerivedVariant[];
}

/** What differs for the spacecraft of one declaration of a derived parameter. */
export interface DerivedVariant {
  spacecraft: string[];
  derived: DerivedSpec;
  limits?: Limits;
  contextLimits?: ContextLimits[];
  source?: ParameterSource;
}

export interface ParameterSource {
  /** The file relative to the mission folder: an XTCE file, or mission.yaml for a derived parameter. */
  file: string;
  /** The XTCE qualified name; a derived parameter's own id. */
  qualifiedName: string;
  /** Line of the declaration (given for derived parameters). */
  line?: number;
}

export interface DerivedSpec {
  /** As written in the mission file (docs/mission.md#derived-parameters). */
  expression: string;
  /** Parameter ids the expression reads, measured or derived, in the order they first appear. */
  inputs: string[];
  /**
   * The only spacecraft that compute it with this expression (mission.yaml `spacecraft:`); absent: every
   * spacecraft sending the packet that no variant names. Any other spacecraft has no sample of it.
   */
  spacecraft?: string[];
}

/** Housekeeping packets carry parameters to archive and limit-check; event packets feed the event log. */
export type PacketKind = 'housekeeping' | 'event';

export interface PacketDef {
  apid: number;
  name: string;
  kind: PacketKind;
  description: string;
  /** Parameters in the order they stand in the packet's user data. */
  parameters: ParameterDef[];
  /** The XTCE container it is read with (file relative to the mission folder, qualified name). */
  source?: ParameterSource;
  /**
   * Derived parameters computed from this packet's values, each after those it reads. A decoded frame's
   * values list `parameters` then these (packetParameters in ./derived).
   */
  derived?: ParameterDef[];
}

export interface Dictionary {
  partners: Partner[];
  spacecraft: SpacecraftDef[];
  stations: StationDef[];
  packets: PacketDef[];
}
