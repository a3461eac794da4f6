import type {
  Dictionary,
  PacketDef,
  ParameterDef,
  Partner,
  PartnerId,
  SpacecraftDef,
  StationDef,
} from './types';
import { packetParameters } from './derived';

export * from './types';
export { APID, EVENT_CODES, EVENT_SEVERITIES } from './onboard';
export { TEXTS, textCode } from './texts';
export { appendDerived, packetParameters, parameterOfSpacecraft } from './derived';

/**
 * Whether yellow and red limits apply to a parameter: a measured number. An enumeration's alarms are per
 * state, and a time (a date) and a string have no limits.
 */
export function isMeasured(parameter: Pick<ParameterDef, 'states' | 'time' | 'string'>): boolean {
  return parameter.states === undefined && parameter.time === undefined && parameter.string === undefined;
}

/** Lookup tables built once from a dictionary, for code that resolves ids on hot paths. */
export interface DictionaryIndex {
  dictionary: Dictionary;
  partnerById: ReadonlyMap<PartnerId, Partner>;
  spacecraftById: ReadonlyMap<string, SpacecraftDef>;
  spacecraftByScid: ReadonlyMap<number, SpacecraftDef>;
  stationById: ReadonlyMap<string, StationDef>;
  packetByApid: ReadonlyMap<number, PacketDef>;
  parameterById: ReadonlyMap<string, ParameterDef>;
  /** The packet that carries each parameter. */
  packetOfParameter: ReadonlyMap<string, PacketDef>;
}

/** The packets a spacecraft sends: those of its packet set. */
export function packetsOf(dictionary: Dictionary, spacecraft: SpacecraftDef): PacketDef[] {
  const apids = spacecraft.apids;
  return apids ? dictionary.packets.filter((p) => apids.includes(p.apid)) : dictionary.packets;
}

export function indexDictionary(dictionary: Dictionary): DictionaryIndex {
  const parameterById = new Map<string, ParameterDef>();
  const packetOfParameter = new Map<string, PacketDef>();
  for (const packet of dictionary.packets) {
    for (const parameter of packetParameters(packet)) {
      parameterById.set(parameter.id, parameter);
      packetOfParameter.set(parameter.id, packet);
    }
  }
  return {
    dictionary,
    partnerById: new Map(dictionary.partners.map((p) => [p.id, p])),
    spacecraftById: new Map(dictionary.spacecraft.map((s) => [s.id, s])),
    spacecraftByScid: new Map(dictionary.spacecraft.map((s) => [s.scid, s])),
    stationById: new Map(dictionary.stations.map((s) => [s.id, s])),
    packetByApid: new Map(dictionary.packets.map((p) => [p.apid, p])),
    parameterById,
    packetOfParameter,
  };
}
