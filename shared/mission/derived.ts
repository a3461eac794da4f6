// Derived parameters declared in mission.yaml (`derived:`), checked and attached to the packets whose values
// they are computed from. Everything a mission engineer can get wrong is reported at the line of the
// declaration: an expression that does not read (with its column), an unknown name or function, an id
// already taken, parameters that refer to each other in a cycle, inputs from two packets, and limits the
// expression can never reach from the ranges of its inputs.
import { z } from 'zod';
import {
  checkExpression,
  namesIn,
  parseExpression,
  rangeOfExpression,
  UNBOUNDED,
  type Expr,
  type Interval,
} from '../expression';
import { limitsSchema } from '../protocol/limits';
import { problemAt, type Problem } from '../xtce/problems';
import {
  SUBSYSTEMS,
  type LimitBand,
  type PacketDef,
  type ParameterDef,
  type RawType,
  type Subsystem,
} from '../dictionary/types';
import { closestName, findCycles } from './graph';
import { fieldEncoding } from './calibration';
import { rawDomain } from '../xtce/inverse';

/** Far more than a mission declares; a bound on what a hostile file can make the loader do. */
export const MAX_DERIVED_PARAMETERS = 500;

export const derivedSchema = z.strictObject({
  id: z
    .string()
    .regex(
      /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/,
      'a parameter id is lower case, its subsystem, a dot and a name (eps.batt_power)',
    ),
  name: z.string().min(1).max(100),
  unit: z.string().max(20),
  expression: z.string().min(1),
  /** Default: the id's prefix (eps → EPS). */
  subsystem: z.enum(SUBSYSTEMS).optional(),
  limits: limitsSchema.optional(),
});

export const derivedListSchema = z.array(derivedSchema).max(MAX_DERIVED_PARAMETERS);
export type DerivedDeclaration = z.infer<typeof derivedSchema>;

type LineOf = (path: readonly (string | number)[]) => number;

interface Declared {
  declaration: DerivedDeclaration;
  index: number;
  expr: Expr;
  names: string[];
}

const RAW_SPAN: Partial<Record<RawType, [number, number]>> = {
  u8: [0, 0xff],
  u16: [0, 0xffff],
  u32: [0, 0xffff_ffff],
  i16: [-0x8000, 0x7fff],
  i32: [-0x8000_0000, 0x7fff_ffff],
};

/** Every engineering value a measured parameter's field can give (floats: any). */
function measuredRange(parameter: ParameterDef): Interval {
  const calibration = parameter.calibration;
  if (calibration?.kind === 'spline' && !calibration.extrapolate) {
    // Beyond its points a spline gives no value (no sample): the points bound what it can give.
    const values = calibration.points.map((p) => p.calibrated);
    return { min: Math.min(...values), max: Math.max(...values) };
  }
  if (calibration) return UNBOUNDED;
  const span = parameter.field ? rawDomain(fieldEncoding(parameter)) : RAW_SPAN[parameter.type];
  if (!span) return UNBOUNDED;
  const [a, b] = span.map((raw) => raw * parameter.scale + parameter.offset) as [number, number];
  return { min: Math.min(a, b), max: Math.max(a, b) };
}

class DerivedBuilder {
  readonly problems: Problem[] = [];
  private readonly measured = new Map<string, { parameter: ParameterDef; packet: PacketDef }>();
  private readonly declared = new Map<string, Declared>();

  constructor(
    private readonly file: string,
    private readonly lineOf: LineOf,
    packets: readonly PacketDef[],
  ) {
    for (const packet of packets)
      for (const parameter of packet.parameters) this.measured.set(parameter.id, { parameter, packet });
  }

  private report(index: number, key: string, message: string): void {
    this.problems.push(problemAt(this.file, this.lineOf(['derived', index, key]), message));
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
      if (this.declared.has(id)) return this.report(index, 'id', `derived parameter ${id} is declared twice`);
      if (!declaration.subsystem && !this.subsystemOf(declaration)) {
        return this.report(
          index,
          'id',
          `derived parameter ${id}: "${id.split('.')[0]}" is not a subsystem (${SUBSYSTEMS.join(', ')}); start the id with one or give subsystem:`,
        );
      }
      const parsed = parseExpression(declaration.expression);
      if (!parsed.ok) {
        return this.report(
          index,
          'expression',
          `derived parameter ${id}: the expression does not read at column ${parsed.error.column}: ${parsed.error.message}`,
        );
      }
      const names = namesIn(parsed.expr).map((n) => n.name);
      this.declared.set(id, { declaration, index, expr: parsed.expr, names });
    });
  }

  private subsystemOf(declaration: DerivedDeclaration): Subsystem | undefined {
    if (declaration.subsystem) return declaration.subsystem;
    const prefix = declaration.id.split('.')[0]!.toUpperCase();
    return (SUBSYSTEMS as readonly string[]).includes(prefix) ? (prefix as Subsystem) : undefined;
  }

  /** Unknown names and functions, then cycles; returns the declarations still standing. */
  resolve(): void {
    const known = (name: string) => this.measured.has(name) || this.declared.has(name);
    const everyName = [...this.measured.keys(), ...this.declared.keys()];
    for (const [id, d] of [...this.declared]) {
      const errors = checkExpression(d.expr, known);
      if (errors.length === 0) continue;
      this.declared.delete(id);
      for (const error of errors) {
        const hint = error.message.startsWith('unknown parameter ')
          ? closestName(error.message.slice('unknown parameter '.length), everyName)
          : undefined;
        this.report(
          d.index,
          'expression',
          `derived parameter ${id}: ${error.message} (column ${error.column})${hint ? `; did you mean ${hint}?` : ''}`,
        );
      }
    }
    const edges = new Map(
      [...this.declared].map(([id, d]) => [id, d.names.filter((n) => this.declared.has(n))]),
    );
    for (const cycle of findCycles(edges)) {
      const first = this.declared.get(cycle[0]!)!;
      const path = [...cycle, cycle[0]].join(' → ');
      this.report(
        first.index,
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
        if (d.names.every(known)) continue;
        this.declared.delete(id);
        dropped = true;
      }
    }
  }

  /** The measured packet every input of a derived parameter (directly or through another) comes from. */
  private packetOf(id: string, seen = new Set<string>()): Set<PacketDef> {
    const packets = new Set<PacketDef>();
    if (seen.has(id)) return packets;
    seen.add(id);
    for (const name of this.declared.get(id)?.names ?? []) {
      const measured = this.measured.get(name);
      if (measured) packets.add(measured.packet);
      else for (const p of this.packetOf(name, seen)) packets.add(p);
    }
    return packets;
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
      const packetsRead = [...this.packetOf(id)];
      const packet = packetsRead[0];
      if (!packet) {
        this.report(d.index, 'expression', `derived parameter ${id} reads no telemetry parameter`);
        continue;
      }
      if (packetsRead.length > 1) {
        this.report(
          d.index,
          'expression',
          `derived parameter ${id} reads parameters of ${packetsRead.map((p) => p.name).join(' and ')}; a derived parameter is computed from the values of one packet, so every parameter it reads must come in the same packet`,
        );
        continue;
      }
      if (packet.kind !== 'housekeeping') {
        this.report(
          d.index,
          'expression',
          `derived parameter ${id} reads the event packet ${packet.name}; derived parameters are computed from housekeeping`,
        );
        continue;
      }
      const range = rangeOfExpression(d.expr, rangeOf);
      ranges.set(id, range);
      const parameter = this.parameter(d, range);
      if (!parameter) continue;
      const list = derivedByPacket.get(packet) ?? [];
      list.push(parameter);
      derivedByPacket.set(packet, list);
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

  private parameter(d: Declared, range: Interval): ParameterDef | undefined {
    const { declaration } = d;
    const parameter: ParameterDef = {
      id: declaration.id,
      name: declaration.name,
      subsystem: this.subsystemOf(declaration)!,
      type: 'f64',
      scale: 1,
      offset: 0,
      unit: declaration.unit,
      source: {
        file: this.file,
        qualifiedName: declaration.id,
        line: this.lineOf(['derived', d.index]),
      },
      derived: { expression: declaration.expression, inputs: d.names },
    };
    if (declaration.limits) {
      if (!this.limitsReachable(d, declaration.limits, range)) return undefined;
      parameter.limits = declaration.limits;
    }
    return parameter;
  }

  /** A limit the expression can never cross is a mistake (a wrong unit, a misplaced decimal point). */
  private limitsReachable(d: Declared, limits: { yellow?: LimitBand; red?: LimitBand }, range: Interval) {
    let reachable = true;
    const unit = d.declaration.unit ? ` ${d.declaration.unit}` : '';
    const slack = (x: number) => Math.abs(x) * 1e-9;
    for (const level of ['yellow', 'red'] as const) {
      const band = limits[level];
      for (const side of ['low', 'high'] as const) {
        const bound = band?.[side];
        if (bound === undefined) continue;
        const below = bound < range.min - slack(range.min);
        const above = bound > range.max + slack(range.max);
        if (!below && !above) continue;
        reachable = false;
        this.problems.push(
          problemAt(
            this.file,
            this.lineOf(['derived', d.index, 'limits', level, side]),
            `derived parameter ${d.declaration.id}: the ${level} ${side} limit ${bound}${unit} lies ${below ? 'below the smallest' : 'above the largest'} value the expression can take from the ranges of its inputs (${format(below ? range.min : range.max)}${unit}), so it could never be crossed`,
          ),
        );
      }
    }
    return reachable;
  }
}

function format(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
}

/**
 * Builds the derived parameters of `declarations` onto `packets` (each packet's `derived`), with every problem
 * found. `lineOf` places a path of mission.yaml (["derived", i, key]).
 */
export function attachDerived(
  declarations: readonly DerivedDeclaration[],
  packets: readonly PacketDef[],
  file: string,
  lineOf: LineOf,
): Problem[] {
  const builder = new DerivedBuilder(file, lineOf, packets);
  builder.declare(declarations);
  builder.resolve();
  builder.attach(packets);
  return builder.problems;
}
