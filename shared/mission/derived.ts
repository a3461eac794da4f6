// Derived parameters declared in mission.yaml (`derived:`), checked and attached to the packets whose values
// they are computed from. Everything a mission engineer can get wrong is reported at the line of the
// declaration: an expression that does not read (with its column), an unknown name or function, an id
// already taken, parameters that refer to each other in a cycle, inputs no one packet carries, limits the
// expression can never reach from the ranges of its inputs, a context on an unknown parameter or state, and
// declarations of one id for spacecraft that overlap or do not send its packet.
import {
  checkExpression,
  namesIn,
  parseExpression,
  rangeOfExpression,
  UNBOUNDED,
  type Expr,
  type Interval,
} from '../expression';
import { hull } from '../expression/interval';
import { problemAt, type Problem } from '../xtce/problems';
import {
  SUBSYSTEMS,
  type DerivedVariant,
  type PacketDef,
  type ParameterDef,
  type Subsystem,
} from '../dictionary/types';
import { closestName, findCycles } from './graph';
import { buildContexts, limitsReachable, measuredRange, type ContextNames } from './derivedLimits';
import type { DerivedDeclaration } from './derivedSchema';

export {
  derivedListSchema,
  derivedSchema,
  MAX_DERIVED_PARAMETERS,
  type DerivedDeclaration,
} from './derivedSchema';

type LineOf = (path: readonly (string | number)[]) => number;

/** One declaration of an id: for every spacecraft, or for those it names. */
interface Variant {
  declaration: DerivedDeclaration;
  index: number;
  expr: Expr;
  names: string[];
}

interface Declared {
  variants: Variant[];
  /** Every name any of its declarations reads. */
  names: string[];
}

class DerivedBuilder {
  readonly problems: Problem[] = [];
  /** Each measured parameter and the packets carrying it (several when they include one container). */
  private readonly measured = new Map<string, { parameter: ParameterDef; packets: PacketDef[] }>();
  /** The packets each derived parameter is computed in, once attached. */
  private readonly carriers = new Map<string, readonly PacketDef[]>();
  private readonly declared = new Map<string, Declared>();

  constructor(
    private readonly file: string,
    private readonly lineOf: LineOf,
    packets: readonly PacketDef[],
    /** The APIDs each spacecraft sends, by id. */
    private readonly apidsOf: ReadonlyMap<string, readonly number[]>,
  ) {
    for (const packet of packets)
      for (const parameter of packet.parameters) {
        const known = this.measured.get(parameter.id);
        if (known) known.packets.push(packet);
        else this.measured.set(parameter.id, { parameter, packets: [packet] });
      }
  }

  private report(index: number, path: string | readonly (string | number)[], message: string): void {
    const at = typeof path === 'string' ? [path] : path;
    this.problems.push(problemAt(this.file, this.lineOf(['derived', index, ...at]), message));
  }

  /** Parses each declaration; keeps those that read, with ids of their own. */
  declare(declarations: readonly DerivedDeclaration[]): void {
    declarations.forEach((declaration, index) => {
      const { id } = declaration;
      const measured = this.measured.get(id);
      if (measured) {
        const from = measured.parameter.source;
        return this.report(
          index,
          'id',
          `derived parameter ${id}: ${id} is already a measured parameter${from ? ` (${from.file}, ${from.qualifiedName})` : ''}; give the derived one an id of its own`,
        );
      }
      if (!this.subsystemOf(declaration)) {
        return this.report(
          index,
          'id',
          `derived parameter ${id}: "${id.split('.')[0]}" is not a subsystem (${SUBSYSTEMS.join(', ')}); start the id with one or give subsystem:`,
        );
      }
      const known = this.declared.get(id);
      if (known && !this.fitsBeside(known, declaration, index)) return;
      if (!this.spacecraftKnown(declaration, index)) return;
      const parsed = parseExpression(declaration.expression);
      if (!parsed.ok) {
        return this.report(
          index,
          'expression',
          `derived parameter ${id}: the expression does not read at column ${parsed.error.column}: ${parsed.error.message}`,
        );
      }
      const names = namesIn(parsed.expr).map((n) => n.name);
      const variant = { declaration, index, expr: parsed.expr, names };
      if (known) {
        known.variants.push(variant);
        known.names = [...new Set([...known.names, ...names])];
      } else this.declared.set(id, { variants: [variant], names });
    });
  }

  /**
   * A second declaration of an id is for other spacecraft than the first (each spacecraft computes one
   * expression) and names the same parameter: the same name, unit and subsystem.
   */
  private fitsBeside(known: Declared, declaration: DerivedDeclaration, index: number): boolean {
    const { id } = declaration;
    const first = known.variants[0]!.declaration;
    const taken = (v: Variant) => v.declaration.spacecraft;
    if (!declaration.spacecraft && known.variants.some((v) => !taken(v))) {
      this.report(
        index,
        'id',
        `derived parameter ${id} is declared twice; to compute it differently on some spacecraft, list them under spacecraft:`,
      );
      return false;
    }
    const twice = (declaration.spacecraft ?? []).filter((s) =>
      known.variants.some((v) => taken(v)?.includes(s)),
    );
    if (twice.length > 0) {
      this.report(index, 'spacecraft', `derived parameter ${id} is declared twice for ${twice.join(', ')}`);
      return false;
    }
    for (const key of ['name', 'unit', 'subsystem'] as const) {
      if (declaration[key] === first[key]) continue;
      const line = this.lineOf(['derived', known.variants[0]!.index, 'id']);
      this.report(
        index,
        key in declaration ? key : 'id',
        `derived parameter ${id}: every declaration of it names one parameter, with the same ${key} (line ${line} gives ${JSON.stringify(first[key] ?? null)})`,
      );
      return false;
    }
    return true;
  }

  private spacecraftKnown(declaration: DerivedDeclaration, index: number): boolean {
    let known = true;
    (declaration.spacecraft ?? []).forEach((spacecraftId, k) => {
      if (this.apidsOf.has(spacecraftId)) return;
      known = false;
      const hint = closestName(spacecraftId, [...this.apidsOf.keys()]);
      this.report(
        index,
        ['spacecraft', k],
        `derived parameter ${declaration.id}: there is no spacecraft ${spacecraftId} in the mission${hint ? `; did you mean ${hint}?` : ''}`,
      );
    });
    return known;
  }

  private subsystemOf(declaration: DerivedDeclaration): Subsystem | undefined {
    if (declaration.subsystem) return declaration.subsystem;
    const prefix = declaration.id.split('.')[0]!.toUpperCase();
    return (SUBSYSTEMS as readonly string[]).includes(prefix) ? (prefix as Subsystem) : undefined;
  }

  private everyName(): string[] {
    return [...this.measured.keys(), ...this.declared.keys()];
  }

  /** Unknown names and functions, then cycles; keeps the declarations still standing. */
  resolve(): void {
    const known = (name: string) => this.measured.has(name) || this.declared.has(name);
    for (const [id, d] of [...this.declared]) {
      d.variants = d.variants.filter((v) => this.expressionKnown(id, v, known));
      if (d.variants.length === 0) this.declared.delete(id);
    }
    const edges = new Map(
      [...this.declared].map(([id, d]) => [id, d.names.filter((n) => this.declared.has(n))]),
    );
    for (const cycle of findCycles(edges)) {
      const first = this.declared.get(cycle[0]!)!;
      const path = [...cycle, cycle[0]].join(' → ');
      this.report(
        first.variants[0]!.index,
        'expression',
        cycle.length === 1
          ? `derived parameter ${cycle[0]} is computed from itself`
          : `derived parameters ${cycle.join(', ')} refer to each other in a cycle (${path}); none of them can be computed first`,
      );
      for (const id of cycle) this.declared.delete(id);
    }
    // Whatever read a parameter dropped above cannot be computed either; it was reported through that one.
    let dropped = true;
    while (dropped) {
      dropped = false;
      for (const [id, d] of [...this.declared]) {
        if (d.variants.every((v) => v.names.every(known))) continue;
        this.declared.delete(id);
        dropped = true;
      }
    }
  }

  private expressionKnown(id: string, v: Variant, known: (name: string) => boolean): boolean {
    // A string's value on the numeric paths is its text's code: no arithmetic means anything on it.
    const strings = v.names.filter((name) => this.measured.get(name)?.parameter.string);
    for (const name of strings) {
      this.report(
        v.index,
        'expression',
        `derived parameter ${id} reads ${name}, a string; expressions compute with numbers only`,
      );
    }
    if (strings.length > 0) return false;
    const errors = checkExpression(v.expr, known);
    for (const error of errors) {
      const hint = error.message.startsWith('unknown parameter ')
        ? closestName(error.message.slice('unknown parameter '.length), this.everyName())
        : undefined;
      this.report(
        v.index,
        'expression',
        `derived parameter ${id}: ${error.message} (column ${error.column})${hint ? `; did you mean ${hint}?` : ''}`,
      );
    }
    return errors.length === 0;
  }

  /** Every measured packet the inputs of a derived parameter (directly or through another) come in. */
  private packetsRead(id: string, seen = new Set<string>()): Set<PacketDef> {
    const packets = new Set<PacketDef>();
    if (seen.has(id)) return packets;
    seen.add(id);
    for (const name of this.declared.get(id)?.names ?? []) {
      const measured = this.measured.get(name);
      if (measured) for (const p of measured.packets) packets.add(p);
      else for (const p of this.packetsRead(name, seen)) packets.add(p);
    }
    return packets;
  }

  /**
   * The packets carrying every input of a derived parameter: one, or each of several that include the
   * container its inputs are in. Derived inputs are attached before what reads them (inputOrder).
   */
  private carrying(id: string): PacketDef[] {
    const names = this.declared.get(id)?.names ?? [];
    const carriersOf = (name: string) => this.measured.get(name)?.packets ?? this.carriers.get(name) ?? [];
    const [first = [], ...rest] = names.map(carriersOf);
    return first.filter((packet) => rest.every((packets) => packets.includes(packet)));
  }

  /** The packets a derived parameter is computed in, or undefined (reported) when there is none. */
  private packetsFor(id: string, d: Declared): PacketDef[] | undefined {
    const index = d.variants[0]!.index;
    const packetsRead = [...this.packetsRead(id)];
    if (packetsRead.length === 0) {
      this.report(index, 'expression', `derived parameter ${id} reads no telemetry parameter`);
      return undefined;
    }
    const carrying = this.carrying(id);
    if (carrying.length === 0) {
      this.report(
        index,
        'expression',
        `derived parameter ${id} reads parameters of ${packetsRead.map((p) => p.name).join(' and ')}; a derived parameter is computed from the values of one packet, so every parameter it reads must come in the same packet`,
      );
      return undefined;
    }
    const packets = carrying.filter((packet) => packet.kind === 'housekeeping');
    if (packets.length === 0) {
      this.report(
        index,
        'expression',
        `derived parameter ${id} reads the event packet ${carrying[0]!.name}; derived parameters are computed from housekeeping`,
      );
      return undefined;
    }
    let sent = true;
    for (const v of d.variants) {
      for (const [k, spacecraftId] of (v.declaration.spacecraft ?? []).entries()) {
        if (packets.some((packet) => this.apidsOf.get(spacecraftId)?.includes(packet.apid))) continue;
        sent = false;
        this.report(
          v.index,
          ['spacecraft', k],
          `derived parameter ${id} is declared for ${spacecraftId}, which does not send ${packets.map((p) => p.name).join(' or ')}, the packet its inputs come in`,
        );
      }
    }
    return sent ? packets : undefined;
  }

  /** Attaches each remaining declaration to its packet, in an order where inputs come first. */
  attach(packets: readonly PacketDef[]): void {
    const derivedByPacket = new Map<PacketDef, ParameterDef[]>();
    const ranges = new Map<string, Interval>();
    const rangeOf = (name: string): Interval =>
      ranges.get(name) ??
      (this.measured.has(name) ? measuredRange(this.measured.get(name)!.parameter) : UNBOUNDED);
    for (const id of this.inputOrder()) {
      const d = this.declared.get(id)!;
      const carrying = this.packetsFor(id, d);
      if (!carrying) continue;
      this.carriers.set(id, carrying);
      const built = d.variants.map((v) => {
        const range = rangeOfExpression(v.expr, rangeOf);
        return { variant: v, range, made: this.variant(v, range) };
      });
      ranges.set(id, built.map((b) => b.range).reduce(hull));
      if (built.some((b) => !b.made)) continue;
      // Computed in every packet carrying its inputs: each of them is a sample of it, as of a measured one.
      const parameter = this.parameter(built.map((b) => b.made!));
      for (const packet of carrying)
        derivedByPacket.set(packet, [...(derivedByPacket.get(packet) ?? []), parameter]);
    }
    for (const packet of packets) {
      const derived = derivedByPacket.get(packet);
      if (derived) packet.derived = derived;
    }
  }

  /** Declared ids with every derived input before the parameter that reads it (the graph has no cycle now). */
  private inputOrder(): string[] {
    const order: string[] = [];
    const placed = new Set<string>();
    const place = (id: string): void => {
      if (placed.has(id)) return;
      placed.add(id);
      for (const name of this.declared.get(id)?.names ?? []) if (this.declared.has(name)) place(name);
      order.push(id);
    };
    for (const id of this.declared.keys()) place(id);
    return order;
  }

  private contextNames(): ContextNames {
    return {
      states: (id) => {
        const measured = this.measured.get(id);
        if (measured) return measured.parameter.states;
        return this.declared.has(id) ? undefined : null;
      },
      ids: this.everyName(),
    };
  }

  /** One declaration as the dictionary keeps it, or undefined when its limits or contexts are wrong. */
  private variant(v: Variant, range: Interval): DerivedVariant | undefined {
    const { declaration, index } = v;
    const what = `derived parameter ${declaration.id}`;
    const report = (path: readonly (string | number)[], message: string) => this.report(index, path, message);
    const made: DerivedVariant = {
      spacecraft: declaration.spacecraft ?? [],
      derived: { expression: declaration.expression, inputs: v.names },
      source: { file: this.file, qualifiedName: declaration.id, line: this.lineOf(['derived', index]) },
    };
    let valid = true;
    if (declaration.limits) {
      valid = limitsReachable(what, declaration.unit, declaration.limits, range, ['limits'], report);
      made.limits = declaration.limits;
    }
    if (declaration.contexts) {
      const contexts = buildContexts(
        what,
        declaration.unit,
        declaration.contexts,
        range,
        this.contextNames(),
        report,
      );
      if (contexts) made.contextLimits = contexts;
      else valid = false;
    }
    return valid ? made : undefined;
  }

  /**
   * The dictionary's parameter: the declaration for every spacecraft (or else the first) gives its
   * expression, limits and contexts; the others are variants for the spacecraft they name.
   */
  private parameter(variants: readonly DerivedVariant[]): ParameterDef {
    const d = this.declared.get(variants[0]!.source!.qualifiedName)!;
    const main = Math.max(
      0,
      d.variants.findIndex((v) => !v.declaration.spacecraft),
    );
    const declaration = d.variants[main]!.declaration;
    const primary = variants[main]!;
    const parameter: ParameterDef = {
      id: declaration.id,
      name: declaration.name,
      subsystem: this.subsystemOf(declaration)!,
      type: 'f64',
      scale: 1,
      offset: 0,
      unit: declaration.unit,
      source: primary.source!,
      derived: declaration.spacecraft
        ? { ...primary.derived, spacecraft: primary.spacecraft }
        : primary.derived,
    };
    if (primary.limits) parameter.limits = primary.limits;
    if (primary.contextLimits) parameter.contextLimits = primary.contextLimits;
    const others = variants.filter((_, i) => i !== main);
    if (others.length > 0) parameter.variants = others;
    return parameter;
  }
}

/**
 * Builds the derived parameters of `declarations` onto `packets` (each packet's `derived`), with every problem
 * found. `lineOf` places a path of mission.yaml (["derived", i, key]); `apidsOf` gives the APIDs each
 * spacecraft sends.
 */
export function attachDerived(
  declarations: readonly DerivedDeclaration[],
  packets: readonly PacketDef[],
  file: string,
  lineOf: LineOf,
  apidsOf: ReadonlyMap<string, readonly number[]>,
): Problem[] {
  const builder = new DerivedBuilder(file, lineOf, packets, apidsOf);
  builder.declare(declarations);
  builder.resolve();
  builder.attach(packets);
  return builder.problems;
}
