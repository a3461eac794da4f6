// Derived parameters at run time: the one place their values are computed. The frame codec calls
// appendDerived on every frame it decodes, so live ingest, the live catch-up, restore at start, history and
// rollups all read the same numbers from the same bytes. The dictionary is plain JSON (served to dashboards
// and tools), so each packet's expressions are compiled here once, on first use, from their text.
import { compileExpression, parseExpression, type Evaluate } from '../expression';
import type { PacketDef, ParameterDef } from './types';

const allParameters = new WeakMap<PacketDef, readonly ParameterDef[]>();
const evaluators = new WeakMap<PacketDef, readonly Evaluate[]>();

/** Measured then derived: the order of a decoded frame's values. */
export function packetParameters(packet: PacketDef): readonly ParameterDef[] {
  let parameters = allParameters.get(packet);
  if (!parameters) {
    parameters = packet.derived?.length ? [...packet.parameters, ...packet.derived] : packet.parameters;
    allParameters.set(packet, parameters);
  }
  return parameters;
}

const noSample: Evaluate = () => NaN;

function evaluatorsOf(packet: PacketDef): readonly Evaluate[] {
  let compiled = evaluators.get(packet);
  if (compiled) return compiled;
  const slots = new Map(packetParameters(packet).map((p, i) => [p.id, i]));
  compiled = (packet.derived ?? []).map((parameter, j) => {
    const parsed = parseExpression(parameter.derived?.expression ?? '');
    // The loader refuses a mission whose expressions do not parse or read unknown or later parameters; a
    // dictionary built by hand that slips past it gives no sample rather than a wrong one.
    if (!parsed.ok) return noSample;
    const own = packet.parameters.length + j;
    let usable = true;
    const evaluate = compileExpression(parsed.expr, (name) => {
      const at = slots.get(name);
      if (at === undefined || at >= own) usable = false;
      return at ?? -1;
    });
    return usable ? evaluate : noSample;
  });
  evaluators.set(packet, compiled);
  return compiled;
}

/**
 * Appends the packet's derived values to a frame's engineering (and raw) values, in packetParameters order.
 * A value that is not a finite number is NaN: no sample, which every consumer leaves out.
 */
export function appendDerived(packet: PacketDef, eng: number[], raw?: number[]): void {
  if (!packet.derived?.length) return;
  for (const evaluate of evaluatorsOf(packet)) {
    const value = evaluate(eng);
    eng.push(value);
    raw?.push(value);
  }
}
