// A resolved XTCE database: every reference tied to what it names, types flattened through baseType, values
// in comparisons read against their parameter's type. This is what the decoder, the limit checker and the
// mission check work from.
import type {
  Alarm,
  ComparisonOperator,
  DataEncoding,
  Located,
  ParameterTypeKind,
  TimeReference,
  ValidRange,
} from './model';

export interface XtceType {
  kind: ParameterTypeKind;
  qualifiedName: string;
  loc: Located;
  unit: string;
  description?: string;
  encoding: DataEncoding;
  validRange?: ValidRange;
  defaultAlarm?: Alarm;
  contextAlarms: XtceContextAlarm[];
  enumeration: { value: number; maxValue: number; label: string }[];
  booleanLabels: { zero: string; one: string };
  time?: TimeReference;
}

export interface XtceParameter {
  /** Position in XtceDatabase.parameters: decoders keep per-parameter state in arrays by this index. */
  index: number;
  name: string;
  qualifiedName: string;
  /** Qualified name of the SpaceSystem that declares it. */
  systemPath: string;
  loc: Located;
  description?: string;
  aliases: Record<string, string>;
  type: XtceType;
}

export interface XtceComparison {
  parameter: XtceParameter;
  operator: ComparisonOperator;
  /** Read against the parameter's type: a number, or a label for enumerations, booleans and strings. */
  value: number | string;
  useCalibratedValue: boolean;
  loc: Located;
}

export interface XtceContextAlarm {
  name?: string;
  context: XtceComparison[];
  alarm: Alarm;
  loc: Located;
}

export type XtceEntry =
  | {
      kind: 'parameter';
      parameter: XtceParameter;
      location?: EntryLocationBits;
      include?: XtceComparison[];
      loc: Located;
    }
  | {
      kind: 'container';
      container: XtceContainer;
      location?: EntryLocationBits;
      include?: XtceComparison[];
      loc: Located;
    };

export interface EntryLocationBits {
  reference: 'containerStart' | 'previousEntry';
  bits: number;
}

export interface XtceContainer {
  name: string;
  qualifiedName: string;
  loc: Located;
  abstract: boolean;
  description?: string;
  ancillary: Record<string, string>;
  base?: { container: XtceContainer; restriction: XtceComparison[] };
  entries: XtceEntry[];
  /** Containers whose BaseContainer is this one, in declaration order. */
  derived: XtceContainer[];
}

export interface XtceDatabase {
  file: string;
  rootName: string;
  parameters: XtceParameter[];
  parameterByName: ReadonlyMap<string, XtceParameter>;
  containerByName: ReadonlyMap<string, XtceContainer>;
  typeByName: ReadonlyMap<string, XtceType>;
}
