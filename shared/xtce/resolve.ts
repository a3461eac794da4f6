// Declarations to a resolved database: parameters to their types, comparisons to their parameters (values read
// against the parameter's type), containers to their bases and entries. Every reference that names nothing,
// and every loop (a container inheriting or including itself), is a problem at the line that wrote it.
import type {
  XtceComparison,
  XtceContainer,
  XtceDatabase,
  XtceEntry,
  XtceParameter,
  XtceType,
} from './database';
import type { Comparison, ContainerDecl, Located, SpaceSystemDecl } from './model';
import { buildTree, describeKind, lookup, type NameKind, type SystemNode } from './names';
import { hasErrors, problemAt, type Problem } from './problems';
import { createTypeResolver } from './resolveTypes';
import { readXtce } from './readSystem';
import type { XmlLimits } from './xml';

export type LoadResult = { database?: XtceDatabase; problems: Problem[] };

function* systems(node: SystemNode): Generator<SystemNode> {
  yield node;
  for (const child of node.children.values()) yield* systems(child);
}

/** A comparison value as the parameter's type reads it, or an explanation of why it cannot be. */
export function comparisonValue(
  type: XtceType,
  text: string,
  calibrated: boolean,
): number | string | { error: string } {
  if (type.kind === 'string') return text;
  if (calibrated && type.kind === 'enumerated') {
    return type.enumeration.some((e) => e.label === text)
      ? text
      : { error: `"${text}" is not a label of enumeration ${type.qualifiedName}` };
  }
  if (calibrated && type.kind === 'boolean') {
    const { zero, one } = type.booleanLabels;
    if (text === one || text === 'true') return one;
    if (text === zero || text === 'false') return zero;
    return { error: `"${text}" is neither ${zero} nor ${one}` };
  }
  const value = Number(text);
  return text.trim() !== '' && Number.isFinite(value) ? value : { error: `"${text}" is not a number` };
}

class Resolver {
  readonly problems: Problem[] = [];
  readonly parameters: XtceParameter[] = [];
  readonly parameterOf = new Map<object, XtceParameter>();
  readonly containerOf = new Map<ContainerDecl, XtceContainer>();
  readonly types;

  constructor(readonly root: SystemNode) {
    this.types = createTypeResolver(root, this.problems);
  }

  report(loc: Located, message: string): void {
    this.problems.push(problemAt(loc.file, loc.line, message));
  }

  missing(loc: Located, kind: NameKind, ref: string): undefined {
    this.report(loc, `"${ref}" names no ${describeKind(kind)} (unknown ${describeKind(kind)} reference)`);
    return undefined;
  }

  parameter(system: SystemNode, ref: string, loc: Located): XtceParameter | undefined {
    const found = lookup(this.root, system, 'parameters', ref);
    return found ? this.parameterOf.get(found.item) : this.missing(loc, 'parameters', ref);
  }

  comparisons(system: SystemNode, comparisons: readonly Comparison[]): XtceComparison[] | undefined {
    const resolved: XtceComparison[] = [];
    for (const comparison of comparisons) {
      const parameter = this.parameter(system, comparison.parameterRef, comparison.loc);
      if (!parameter) return undefined;
      const value = comparisonValue(parameter.type, comparison.value, comparison.useCalibratedValue);
      if (typeof value === 'object')
        return void this.report(comparison.loc, `comparison with ${parameter.name}: ${value.error}`);
      resolved.push({
        parameter,
        operator: comparison.operator,
        value,
        useCalibratedValue: comparison.useCalibratedValue,
        loc: comparison.loc,
      });
    }
    return resolved;
  }

  declareParameters(): void {
    for (const system of systems(this.root)) {
      for (const decl of system.parameters.values()) {
        const type = this.types.resolve(system, decl.typeRef);
        if (!type) {
          if (!lookup(this.root, system, 'types', decl.typeRef))
            this.missing(decl.loc, 'types', decl.typeRef);
          continue;
        }
        const parameter: XtceParameter = {
          index: this.parameters.length,
          name: decl.name,
          qualifiedName: `${system.path}/${decl.name}`,
          systemPath: system.path,
          loc: decl.loc,
          aliases: decl.aliases,
          type,
        };
        if (decl.description) parameter.description = decl.description;
        this.parameters.push(parameter);
        this.parameterOf.set(decl, parameter);
      }
      // Types no parameter uses are still checked.
      for (const decl of system.types.values()) this.types.resolveDecl(system, decl);
    }
  }

  /** Context alarms refer to parameters, so they are tied once every parameter exists. */
  resolveContextAlarms(): void {
    for (const [type, decl] of this.types.declOf) {
      const system = this.types.systemOf.get(type)!;
      if (!decl.contextAlarms) continue;
      type.contextAlarms = decl.contextAlarms.flatMap((alarm) => {
        const context = this.comparisons(system, alarm.context);
        return context
          ? [{ ...(alarm.name ? { name: alarm.name } : {}), context, alarm: alarm.alarm, loc: alarm.loc }]
          : [];
      });
    }
  }

  declareContainers(): void {
    for (const system of systems(this.root)) {
      for (const decl of system.containers.values()) {
        this.containerOf.set(decl, {
          name: decl.name,
          qualifiedName: `${system.path}/${decl.name}`,
          loc: decl.loc,
          abstract: decl.abstract,
          ancillary: decl.ancillary,
          entries: [],
          derived: [],
          ...(decl.description ? { description: decl.description } : {}),
        });
      }
    }
    for (const system of systems(this.root)) {
      for (const decl of system.containers.values())
        this.linkContainer(system, decl, this.containerOf.get(decl)!);
    }
  }

  linkContainer(system: SystemNode, decl: ContainerDecl, container: XtceContainer): void {
    if (decl.base) {
      const found = lookup(this.root, system, 'containers', decl.base.ref);
      const base = found
        ? this.containerOf.get(found.item)
        : this.missing(decl.base.loc, 'containers', decl.base.ref);
      const restriction = this.comparisons(system, decl.base.restriction);
      if (base && restriction) {
        container.base = { container: base, restriction };
        base.derived.push(container);
      }
    }
    for (const entry of decl.entries) {
      const include = entry.includeCondition && this.comparisons(system, entry.includeCondition);
      if (entry.includeCondition && !include) continue;
      const common = {
        loc: entry.loc,
        ...(entry.location ? { location: entry.location } : {}),
        ...(include ? { include } : {}),
      };
      if (entry.kind === 'parameter') {
        const parameter = this.parameter(system, entry.ref, entry.loc);
        if (parameter) container.entries.push({ kind: 'parameter', parameter, ...common } as XtceEntry);
      } else {
        const found = lookup(this.root, system, 'containers', entry.ref);
        const target = found
          ? this.containerOf.get(found.item)
          : this.missing(entry.loc, 'containers', entry.ref);
        if (target) container.entries.push({ kind: 'container', container: target, ...common } as XtceEntry);
      }
    }
  }

  /** A container that inherits from or includes itself would never finish decoding. */
  checkLoops(): void {
    const state = new Map<XtceContainer, 'visiting' | 'done'>();
    const visit = (container: XtceContainer, via: XtceContainer[]): boolean => {
      if (state.get(container) === 'done') return true;
      if (state.get(container) === 'visiting') {
        const loop = [...via.slice(via.indexOf(container)), container].map((c) => c.name).join(' → ');
        this.report(
          container.loc,
          `container "${container.name}" contains or inherits from itself (${loop})`,
        );
        return false;
      }
      state.set(container, 'visiting');
      const next = [
        container.base?.container,
        ...container.entries.map((e) => (e.kind === 'container' ? e.container : undefined)),
      ];
      const ok = next.every((c) => !c || visit(c, [...via, container]));
      state.set(container, 'done');
      if (!ok) {
        container.base = undefined;
        container.entries = container.entries.filter((e) => e.kind === 'parameter');
      }
      return ok;
    };
    for (const container of this.containerOf.values()) visit(container, []);
  }
}

export function resolveXtce(decl: SpaceSystemDecl, file: string): LoadResult {
  const problems: Problem[] = [];
  const root = buildTree(decl, problems);
  const resolver = new Resolver(root);
  resolver.declareParameters();
  resolver.resolveContextAlarms();
  resolver.declareContainers();
  resolver.checkLoops();
  problems.push(...resolver.problems);
  const containers = [...resolver.containerOf.values()];
  const types = [...resolver.types.declOf.keys()];
  const database: XtceDatabase = {
    file,
    rootName: root.name,
    parameters: resolver.parameters,
    parameterByName: new Map(resolver.parameters.map((p) => [p.qualifiedName, p])),
    containerByName: new Map(containers.map((c) => [c.qualifiedName, c])),
    typeByName: new Map(types.map((t) => [t.qualifiedName, t])),
  };
  return { database, problems };
}

/** Reads and resolves one XTCE document. The database is absent only when the XML itself could not be read. */
export function loadXtce(text: string, file: string, limits?: XmlLimits): LoadResult {
  const read = readXtce(text, file, limits);
  if (!read.system) return { problems: read.problems };
  const resolved = resolveXtce(read.system, file);
  return { database: resolved.database, problems: [...read.problems, ...resolved.problems] };
}

export { hasErrors };
