// Static checks of a packet tree, worded for the mission engineer: bits read twice or outside any packet,
// containers no packet can match, limits outside the parameter's valid range. Positions are worked out as
// the decoder would, with every conditional entry present; two conditional entries may share bits (they are
// alternatives), so those are not reported as overlapping.
import type { XtceContainer, XtceDatabase, XtceEntry, XtceType } from './database';
import type { AlarmRange, Located, NumericAlarm } from './model';
import { problemAt, type Problem } from './problems';

/** The largest CCSDS space packet: 6-byte header and 65,536 bytes of data field. */
const MAX_PACKET_BITS = 65_542 * 8;

interface Placed {
  entry: XtceEntry & { kind: 'parameter' };
  at: number;
  bits: number;
  conditional: boolean;
}

function layout(
  entries: readonly XtceEntry[],
  position: number,
  containerStart: number,
  out: Placed[],
  conditional: boolean,
): number {
  let end = position;
  for (const entry of entries) {
    const at =
      (entry.location?.reference === 'containerStart' ? containerStart : end) + (entry.location?.bits ?? 0);
    const isConditional = conditional || entry.include !== undefined;
    if (entry.kind === 'container') {
      const chain: XtceContainer[] = [];
      for (let c: XtceContainer | undefined = entry.container; c; c = c.base?.container) chain.unshift(c);
      end = layout(
        chain.flatMap((c) => c.entries),
        at,
        at,
        out,
        isConditional,
      );
      continue;
    }
    const bits = entry.parameter.type.encoding.sizeInBits;
    out.push({ entry, at, bits, conditional: isConditional });
    end = at + bits;
  }
  return end;
}

const report = (problems: Problem[], loc: Located, message: string) =>
  problems.push(problemAt(loc.file, loc.line, message));

function checkBits(container: XtceContainer, placed: readonly Placed[], problems: Problem[]): void {
  for (const p of placed) {
    const name = p.entry.parameter.name;
    if (p.at < 0)
      report(
        problems,
        p.entry.loc,
        `${name} starts ${-p.at} bits before the start of the packet (${container.name})`,
      );
    else if (p.at + p.bits > MAX_PACKET_BITS)
      report(
        problems,
        p.entry.loc,
        `${name} ends past the largest possible CCSDS packet (65,542 bytes) in ${container.name}`,
      );
  }
  for (let i = 0; i < placed.length; i++) {
    for (let j = i + 1; j < placed.length; j++) {
      const a = placed[i]!;
      const b = placed[j]!;
      if (a.conditional && b.conditional) continue;
      if (a.at < b.at + b.bits && b.at < a.at + a.bits) {
        const from = Math.max(a.at, b.at);
        const to = Math.min(a.at + a.bits, b.at + b.bits) - 1;
        report(
          problems,
          b.entry.loc,
          `in ${container.name}, bits ${from}–${to} are read both as ${a.entry.parameter.name} and as ${b.entry.parameter.name} (overlapping bits)`,
        );
      }
    }
  }
}

function rawLimit(type: XtceType): [number, number] | undefined {
  const e = type.encoding;
  if (e.kind !== 'integer') return undefined;
  if (e.encoding === 'unsigned') return [0, 2 ** e.sizeInBits - 1];
  return [-(2 ** (e.sizeInBits - 1)) + (e.encoding === 'signMagnitude' ? 1 : 0), 2 ** (e.sizeInBits - 1) - 1];
}

function checkMatchable(
  container: XtceContainer,
  readBefore: ReadonlySet<unknown>,
  required: Map<unknown, number | string>,
  problems: Problem[],
): boolean {
  const why = (reason: string) => {
    report(problems, container.loc, `no packet can match container ${container.name}: ${reason}`);
    return false;
  };
  for (const c of container.base?.restriction ?? []) {
    const name = c.parameter.name;
    if (!readBefore.has(c.parameter))
      return why(`its restriction on ${name} is checked before ${name} is read`);
    const range = !c.useCalibratedValue ? rawLimit(c.parameter.type) : undefined;
    if (
      range &&
      typeof c.value === 'number' &&
      c.operator === '==' &&
      (c.value < range[0] || c.value > range[1])
    ) {
      return why(`${name} can only hold ${range[0]}…${range[1]}, never ${c.value}`);
    }
    if (c.operator === '==') {
      const earlier = required.get(c.parameter);
      if (earlier !== undefined && earlier !== c.value)
        return why(`${name} must already be ${earlier} to reach it, so it cannot be ${c.value}`);
      required.set(c.parameter, c.value);
    }
  }
  return true;
}

function sameRestriction(a: XtceContainer, b: XtceContainer): boolean {
  const key = (c: XtceContainer) =>
    JSON.stringify(
      (c.base?.restriction ?? []).map((r) => [
        r.parameter.qualifiedName,
        r.operator,
        r.value,
        r.useCalibratedValue,
      ]),
    );
  return key(a) === key(b);
}

function checkTree(root: XtceContainer, problems: Problem[], reached: Set<XtceContainer>): void {
  const visit = (
    container: XtceContainer,
    inherited: XtceEntry[],
    required: Map<unknown, number | string>,
  ) => {
    reached.add(container);
    const entries = [...inherited, ...container.entries];
    const placed: Placed[] = [];
    layout(entries, 0, 0, placed, false);
    if (!container.abstract) checkBits(container, placed, problems);
    const read = new Set(placed.map((p) => p.entry.parameter));
    container.derived.forEach((child, i) => {
      const shadow = container.derived.slice(0, i).find((earlier) => sameRestriction(earlier, child));
      if (shadow) {
        reached.add(child);
        report(
          problems,
          child.loc,
          `no packet can match container ${child.name}: ${shadow.name} has the same restriction and is tried first`,
        );
        return;
      }
      reached.add(child);
      const childRequired = new Map(required);
      if (checkMatchable(child, read, childRequired, problems)) visit(child, entries, childRequired);
    });
  };
  visit(root, [], new Map());
}

function checkRange(type: XtceType, alarm: NumericAlarm, problems: Problem[]): void {
  const valid = type.validRange;
  if (!valid) return;
  const outside = (value: number) =>
    (valid.min !== undefined && value < valid.min) || (valid.max !== undefined && value > valid.max);
  const bounds = (range: AlarmRange | undefined) =>
    [range?.minInclusive, range?.minExclusive, range?.maxInclusive, range?.maxExclusive].filter(
      (v): v is number => v !== undefined,
    );
  for (const [level, range] of [
    ['warning', alarm.warning],
    ['critical', alarm.critical],
  ] as const) {
    for (const bound of bounds(range)) {
      if (outside(bound)) {
        report(
          problems,
          alarm.loc,
          `the ${level} limit ${bound} of ${type.qualifiedName} lies outside its valid range ${valid.min ?? '−∞'}…${valid.max ?? '∞'} (limit outside valid range)`,
        );
      }
    }
  }
}

/** Problems of the packet tree under root, and of the limits of every type of the database. */
export function analyseDatabase(database: XtceDatabase, root: XtceContainer): Problem[] {
  const problems: Problem[] = [];
  const reached = new Set<XtceContainer>();
  checkTree(root, problems, reached);
  const referenced = new Set<XtceContainer>();
  for (const container of database.containerByName.values()) {
    for (const entry of container.entries) if (entry.kind === 'container') referenced.add(entry.container);
  }
  for (const container of database.containerByName.values()) {
    if (!container.abstract && !reached.has(container) && !referenced.has(container)) {
      report(
        problems,
        container.loc,
        `no packet can match container ${container.name}: it does not derive from ${root.qualifiedName}`,
      );
    }
  }
  for (const type of database.typeByName.values()) {
    if (type.defaultAlarm?.kind === 'numeric') checkRange(type, type.defaultAlarm, problems);
    for (const context of type.contextAlarms)
      if (context.alarm.kind === 'numeric') checkRange(type, context.alarm, problems);
  }
  return problems;
}
