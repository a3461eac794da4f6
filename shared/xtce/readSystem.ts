// SpaceSystem, TelemetryMetaData, ParameterSet and ContainerSet: an XML tree to declarations. Pure: no file
// is read here, the caller hands in the text and the name to report problems against.
import type { ContainerDecl, EntryDecl, EntryLocation, ParameterDecl, SpaceSystemDecl } from './model';
import type { Problem } from './problems';
import { readCriteria } from './readCriteria';
import { first, ReadContext } from './readContext';
import { PARAMETER_TYPE_ELEMENTS, readParameterType } from './readTypes';
import { parseXml, type XmlElement, type XmlLimits } from './xml';

export type ReadResult = { system?: SpaceSystemDecl; problems: Problem[] };

function aliasesOf(element: XmlElement): Record<string, string> {
  const aliases: Record<string, string> = {};
  const set = element.children.find((child) => child.name === 'AliasSet');
  for (const alias of set?.children ?? []) {
    const { nameSpace, alias: value } = alias.attributes;
    if (alias.name === 'Alias' && nameSpace && value) aliases[nameSpace] = value;
  }
  return aliases;
}

function ancillaryOf(element: XmlElement): Record<string, string> {
  const data: Record<string, string> = {};
  const set = element.children.find((child) => child.name === 'AncillaryDataSet');
  for (const item of set?.children ?? []) if (item.attributes.name) data[item.attributes.name] = item.text;
  return data;
}

function readParameter(ctx: ReadContext, element: XmlElement): ParameterDecl | undefined {
  ctx.children(element, ['ParameterProperties']);
  const name = ctx.required(element, 'name');
  const typeRef = ctx.required(element, 'parameterTypeRef');
  if (!name || !typeRef) return undefined;
  const parameter: ParameterDecl = { name, typeRef, loc: ctx.loc(element), aliases: aliasesOf(element) };
  if (element.attributes.shortDescription) parameter.description = element.attributes.shortDescription;
  return parameter;
}

function readLocation(ctx: ReadContext, element: XmlElement): EntryLocation | undefined {
  const reference = element.attributes.referenceLocation ?? 'previousEntry';
  const value = first(ctx.children(element, ['FixedValue']), 'FixedValue');
  if (reference !== 'containerStart' && reference !== 'previousEntry') {
    return void ctx.unsupported(element, `referenceLocation "${reference}"`);
  }
  if (!value) return void ctx.unsupported(element, 'LocationInContainerInBits without a FixedValue');
  const bits = ctx.parseNumber(value, value.text, 'LocationInContainerInBits');
  if (bits === undefined) return undefined;
  if (!Number.isInteger(bits)) return void ctx.error(value, 'a location in bits must be a whole number');
  return { reference, bits };
}

function readEntry(ctx: ReadContext, element: XmlElement): EntryDecl | undefined {
  const byName = ctx.children(element, ['LocationInContainerInBits', 'IncludeCondition']);
  const isParameter = element.name === 'ParameterRefEntry';
  const ref = ctx.required(element, isParameter ? 'parameterRef' : 'containerRef');
  if (!ref) return undefined;
  const entry: EntryDecl = { kind: isParameter ? 'parameter' : 'container', ref, loc: ctx.loc(element) };
  const location = first(byName, 'LocationInContainerInBits');
  if (location) entry.location = readLocation(ctx, location);
  const include = first(byName, 'IncludeCondition');
  if (include) entry.includeCondition = readCriteria(ctx, include);
  return entry;
}

function readContainer(ctx: ReadContext, element: XmlElement): ContainerDecl | undefined {
  const byName = ctx.children(element, ['EntryList', 'BaseContainer', 'DefaultRateInStream']);
  const name = ctx.required(element, 'name');
  if (!name) return undefined;
  const container: ContainerDecl = {
    name,
    loc: ctx.loc(element),
    abstract: ctx.boolean(element, 'abstract', false),
    entries: [],
    ancillary: ancillaryOf(element),
  };
  if (element.attributes.shortDescription) container.description = element.attributes.shortDescription;
  const entryList = first(byName, 'EntryList');
  if (entryList) {
    const entries = ctx.children(entryList, ['ParameterRefEntry', 'ContainerRefEntry']);
    // Entries keep document order whatever their kind.
    for (const entryElement of entryList.children) {
      if (!entries.get(entryElement.name)?.includes(entryElement)) continue;
      const entry = readEntry(ctx, entryElement);
      if (entry) container.entries.push(entry);
    }
  }
  const base = first(byName, 'BaseContainer');
  if (base) {
    const ref = ctx.required(base, 'containerRef');
    const criteria = first(ctx.children(base, ['RestrictionCriteria']), 'RestrictionCriteria');
    const restriction = criteria ? (readCriteria(ctx, criteria) ?? []) : [];
    if (ref) container.base = { ref, restriction, loc: ctx.loc(base) };
  }
  return container;
}

function readTelemetry(ctx: ReadContext, element: XmlElement, system: SpaceSystemDecl): void {
  const byName = ctx.children(element, ['ParameterTypeSet', 'ParameterSet', 'ContainerSet']);
  for (const set of byName.get('ParameterTypeSet') ?? []) {
    for (const child of ctx.children(set, PARAMETER_TYPE_ELEMENTS).values()) {
      for (const typeElement of child) {
        const type = readParameterType(ctx, typeElement);
        if (type) system.types.push(type);
      }
    }
  }
  for (const set of byName.get('ParameterSet') ?? []) {
    for (const parameterElement of ctx.children(set, ['Parameter']).get('Parameter') ?? []) {
      const parameter = readParameter(ctx, parameterElement);
      if (parameter) system.parameters.push(parameter);
    }
  }
  for (const set of byName.get('ContainerSet') ?? []) {
    for (const containerElement of ctx.children(set, ['SequenceContainer']).get('SequenceContainer') ?? []) {
      const container = readContainer(ctx, containerElement);
      if (container) system.containers.push(container);
    }
  }
}

function readSpaceSystem(ctx: ReadContext, element: XmlElement): SpaceSystemDecl {
  const byName = ctx.children(element, ['TelemetryMetaData', 'CommandMetaData', 'SpaceSystem']);
  const name = ctx.required(element, 'name') ?? '?';
  const system: SpaceSystemDecl = {
    name,
    loc: ctx.loc(element),
    types: [],
    parameters: [],
    containers: [],
    children: [],
  };
  if (name.includes('/') || name === '.' || name === '..')
    ctx.error(element, `"${name}" cannot be a SpaceSystem name`);
  for (const telemetry of byName.get('TelemetryMetaData') ?? []) readTelemetry(ctx, telemetry, system);
  for (const command of byName.get('CommandMetaData') ?? []) {
    ctx.note(command, 'CommandMetaData is skipped: Ortaq receives telemetry only');
  }
  for (const child of byName.get('SpaceSystem') ?? []) system.children.push(readSpaceSystem(ctx, child));
  return system;
}

/** Reads one XTCE document into declarations, with every problem found on the way. */
export function readXtce(text: string, file: string, limits?: XmlLimits): ReadResult {
  const parsed = parseXml(text, file, limits);
  if (!parsed.ok) return { problems: [parsed.problem] };
  const ctx = new ReadContext(file);
  if (parsed.root.name !== 'SpaceSystem') {
    ctx.error(parsed.root, `the root element is ${parsed.root.name}; an XTCE file starts with a SpaceSystem`);
    return { problems: ctx.problems };
  }
  return { system: readSpaceSystem(ctx, parsed.root), problems: ctx.problems };
}
