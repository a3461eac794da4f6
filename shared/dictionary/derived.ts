// Derived parameters at run time: the one place their values are computed. The frame codec calls
// appendDerived on every frame it decodes, so live ingest, the live catch-up, restore at start, history and
// rollups all read the same numbers from the same bytes, each spacecraft with the expressions declared for
// it. The dictionary is plain JSON (served to dashboards and tools), so each packet's expressions are
// compiled here once per spacecraft variant, on first use, from their text.
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

/** Per packet with variants: spacecraft id → its evaluators. */
const evaluatorsBySpacecraft = new WeakMap<PacketDef, Map<string, readonly Evaluate[]>>();
const variantsOf = new WeakMap<ParameterDef, Map<string, ParameterDef>>();

const variantPackets = new WeakMap<PacketDef, boolean>();

/** Whether any derived parameter of the packet is computed differently (or not at all) by some spacecraft. */
function hasVariants(packet: PacketDef): boolean {
  let has = variantPackets.get(packet);
  if (has === undefined) {
    has = (packet.derived ?? []).some((p) => !!p.variants?.length || !!p.derived?.spacecraft);
    variantPackets.set(packet, has);
  }
  return has;
}

/**
 * A derived parameter as one spacecraft computes and judges it: the variant declared for that spacecraft
 * (its expression, limits and context limits) or the parameter itself. Every path that judges a sample
 * reads a parameter through this (LimitOverrides.parameterFor), so a spacecraft's variant is the same live,
 * in the catch-up and at a restore. One object per parameter and spacecraft.
 */
export function parameterOfSpacecraft(parameter: ParameterDef, spacecraftId: string): ParameterDef {
  if (!parameter.variants?.length) return parameter;
  let bySpacecraft = variantsOf.get(parameter);
  if (!bySpacecraft) variantsOf.set(parameter, (bySpacecraft = new Map()));
  let resolved = bySpacecraft.get(spacecraftId);
  if (resolved) return resolved;
  const variant = parameter.variants.find((v) => v.spacecraft.includes(spacecraftId));
  if (variant) {
    const { variants: _, limits: __, contextLimits: ___, ...common } = parameter;
    resolved = { ...common, derived: variant.derived };
    if (variant.limits) resolved.limits = variant.limits;
    if (variant.contextLimits) resolved.contextLimits = variant.contextLimits;
    if (variant.source) resolved.source = variant.source;
  } else resolved = parameter;
  bySpacecraft.set(spacecraftId, resolved);
  return resolved;
}

/** Whether a spacecraft computes a derived parameter at all (a declaration for it, or one for every one). */
function computedBy(parameter: ParameterDef, spacecraftId: string | undefined): boolean {
  const only = parameter.derived?.spacecraft;
  return !only || (spacecraftId !== undefined && only.includes(spacecraftId));
}

function compileFor(packet: PacketDef, spacecraftId: string | undefined): readonly Evaluate[] {
  const slots = new Map(packetParameters(packet).map((p, i) => [p.id, i]));
  return (packet.derived ?? []).map((declared, j) => {
    const parameter = spacecraftId === undefined ? declared : parameterOfSpacecraft(declared, spacecraftId);
    if (parameter === declared && !computedBy(declared, spacecraftId)) return noSample;
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
}

/**
 * The evaluators of the packet's derived values, in packetParameters order after its own, as `spacecraftId`
 * computes them (its variants; no sample of a parameter declared only for others). Compiled once per packet
 * and spacecraft: a frame decoder keeps the array beside its packet plan, so decoding looks nothing up.
 */
export function derivedEvaluators(packet: PacketDef, spacecraftId: string | undefined): readonly Evaluate[] {
  let compiled = evaluators.get(packet);
  if (!compiled) evaluators.set(packet, (compiled = compileFor(packet, undefined)));
  if (spacecraftId === undefined || !hasVariants(packet)) return compiled;
  let bySpacecraft = evaluatorsBySpacecraft.get(packet);
  if (!bySpacecraft) evaluatorsBySpacecraft.set(packet, (bySpacecraft = new Map()));
  let own = bySpacecraft.get(spacecraftId);
  if (!own) bySpacecraft.set(spacecraftId, (own = compileFor(packet, spacecraftId)));
  return own;
}

/**
 * Appends derived values to a frame's engineering (and raw) values, from the evaluators derivedEvaluators
 * gave. A value that is not a finite number is NaN: no sample, which every consumer leaves out.
 */
export function appendEvaluated(evaluate: readonly Evaluate[], eng: number[], raw?: number[]): void {
  for (let i = 0; i < evaluate.length; i++) {
    const value = evaluate[i]!(eng);
    eng.push(value);
    raw?.push(value);
  }
}

/** appendEvaluated with the packet's evaluators for `spacecraftId`, looked up on every call. */
export function appendDerived(packet: PacketDef, eng: number[], raw?: number[], spacecraftId?: string): void {
  if (!packet.derived?.length) return;
  appendEvaluated(derivedEvaluators(packet, spacecraftId), eng, raw);
}
