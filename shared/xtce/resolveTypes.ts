// Parameter types flattened through baseType: a derived type starts from its base and replaces what it
// declares itself. A chain that comes back on itself is an error at the type that closes the loop.
import type { XtceType } from './database';
import type { DataEncoding, ParameterTypeDecl, ParameterTypeKind } from './model';
import { lookup, type SystemNode } from './names';
import { problemAt, type Problem } from './problems';

const ENCODINGS_ALLOWED: Record<ParameterTypeKind, DataEncoding['kind'][]> = {
  integer: ['integer'],
  float: ['float', 'integer'],
  enumerated: ['integer'],
  boolean: ['integer'],
  string: ['string'],
  absoluteTime: ['integer', 'float'],
};

export interface TypeResolver {
  resolve(system: SystemNode, ref: string): XtceType | undefined;
  /** The type declared by decl in system, resolved. */
  resolveDecl(system: SystemNode, decl: ParameterTypeDecl): XtceType | undefined;
  /** Type → the system that declares it, for resolving the parameter references in its context alarms. */
  readonly systemOf: Map<XtceType, SystemNode>;
  readonly declOf: Map<XtceType, ParameterTypeDecl>;
}

export function createTypeResolver(root: SystemNode, problems: Problem[]): TypeResolver {
  const done = new Map<ParameterTypeDecl, XtceType | undefined>();
  const visiting: ParameterTypeDecl[] = [];
  const systemOf = new Map<XtceType, SystemNode>();
  const declOf = new Map<XtceType, ParameterTypeDecl>();
  const report = (decl: ParameterTypeDecl, message: string) =>
    problems.push(problemAt(decl.loc.file, decl.loc.line, message));

  function resolveDecl(system: SystemNode, decl: ParameterTypeDecl): XtceType | undefined {
    if (done.has(decl)) return done.get(decl);
    if (visiting.includes(decl)) {
      const loop = [...visiting.slice(visiting.indexOf(decl)), decl].map((d) => d.name).join(' → ');
      report(decl, `parameter type "${decl.name}" refers to itself through baseType (${loop})`);
      done.set(decl, undefined);
      return undefined;
    }
    visiting.push(decl);
    const type = build(system, decl);
    visiting.pop();
    done.set(decl, type);
    if (type) {
      systemOf.set(type, system);
      declOf.set(type, decl);
    }
    return type;
  }

  function build(system: SystemNode, decl: ParameterTypeDecl): XtceType | undefined {
    let base: XtceType | undefined;
    if (decl.baseType) {
      const found = lookup(root, system, 'types', decl.baseType);
      if (!found)
        return void report(
          decl,
          `baseType "${decl.baseType}" of type "${decl.name}" names no parameter type`,
        );
      base = resolveDecl(found.system, found.item);
      if (!base) return undefined;
      if (base.kind !== decl.kind) {
        return void report(
          decl,
          `type "${decl.name}" (${decl.kind}) cannot derive from "${decl.baseType}" (${base.kind})`,
        );
      }
    }
    const encoding = decl.encoding ?? base?.encoding;
    if (!encoding) return void report(decl, `parameter type "${decl.name}" has no data encoding`);
    if (!ENCODINGS_ALLOWED[decl.kind].includes(encoding.kind)) {
      return void report(
        decl,
        `a ${decl.kind} type cannot be carried in a ${encoding.kind} encoding ("${decl.name}")`,
      );
    }
    const epoch = decl.time?.epoch ?? base?.time?.epoch;
    if (decl.kind === 'absoluteTime' && !epoch)
      return void report(decl, `time type "${decl.name}" has no ReferenceTime epoch`);
    const time = epoch && {
      epoch,
      scale: decl.time?.scale ?? base?.time?.scale ?? 1,
      offset: decl.time?.offset ?? base?.time?.offset ?? 0,
    };
    const type: XtceType = {
      kind: decl.kind,
      qualifiedName: `${system.path}/${decl.name}`,
      loc: decl.loc,
      unit: decl.unit ?? base?.unit ?? '',
      encoding,
      contextAlarms: base?.contextAlarms ?? [],
      enumeration: decl.enumeration ?? base?.enumeration ?? [],
      booleanLabels: decl.booleanLabels ?? base?.booleanLabels ?? { zero: 'False', one: 'True' },
    };
    const description = decl.description ?? base?.description;
    if (description) type.description = description;
    const validRange = decl.validRange ?? base?.validRange;
    if (validRange) type.validRange = validRange;
    const defaultAlarm = decl.defaultAlarm ?? base?.defaultAlarm;
    if (defaultAlarm) type.defaultAlarm = defaultAlarm;
    if (time) type.time = time;
    return type;
  }

  return {
    resolveDecl,
    resolve(system, ref) {
      const found = lookup(root, system, 'types', ref);
      return found && resolveDecl(found.system, found.item);
    },
    systemOf,
    declOf,
  };
}
