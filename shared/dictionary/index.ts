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

/**
 * Whether a value of the parameter can ever meet a limit or an alarm state: a measured value (its limits may
 * be set at run time), or one with alarm states or context limits. A text, a time or an enumeration without
 * alarm states is never judged, so no limit verdict is shown for it.
 */
export function mayBeJudged(
  parameter: Pick<ParameterDef, 'states' | 'time' | 'string' | 'alarmStates' | 'contextLimits'>,
): boolean {
  return isMeasured(parameter) || parameter.alarmStates !== undefined || !!parameter.contextLimits;
}

/** Lookup tables built once from a dictionary, for code that resolves ids on hot paths. */
export interface DictionaryIndex {
  dictionary: Dictionary;
  partnerById: ReadonlyMap<PartnerId, Partner>;
  spacecraftById: ReadonlyMap<string, SpacecraftDef>;
  spacecraftByScid: ReadonlyMap<number, SpacecraftDef>;
  stationById: ReadonlyMap<string, StationDef>;
  parameterById: ReadonlyMap<string, ParameterDef>;
  /**
   * The packets that carry each parameter, in dictionary order: one, or several when packets include one
   * container (each of them is a sample of the parameter).
   */
  packetsOfParameter: ReadonlyMap<string, readonly PacketDef[]>;
  /** The packets filed under each APID (several when a secondary header field tells them apart). */
  packetsByApid: ReadonlyMap<number, readonly PacketDef[]>;
}

/** The packets a spacecraft sends: those of its packet set. */
export function packetsOf(dictionary: Dictionary, spacecraft: SpacecraftDef): PacketDef[] {
  const apids = spacecraft.apids;
  return apids ? dictionary.packets.filter((p) => apids.includes(p.apid)) : dictionary.packets;
}

/**
 * Each parameter the packets carry, once, in packet order: a container several packets include gives one
 * parameter, not one per packet.
 */
export function distinctParameters(packets: readonly PacketDef[]): ParameterDef[] {
  const byId = new Map<string, ParameterDef>();
  for (const packet of packets)
    for (const parameter of packetParameters(packet))
      if (!byId.has(parameter.id)) byId.set(parameter.id, parameter);
  return [...byId.values()];
}

/**
 * The packet a decoded frame is, from what the archive record keeps of it: its APID and its parameter ids.
 * Several packets may share an APID and several packets may carry a parameter, so the packet is the one of
 * the APID carrying exactly these parameters (the first, should two of an APID carry the same ones).
 */
export function packetOfFrame(
  index: DictionaryIndex,
  apid: number,
  parameterIds: readonly string[],
): PacketDef | undefined {
  const candidates = index.packetsByApid.get(apid);
  if (!candidates || candidates.length <= 1) return candidates?.[0];
  return candidates.find((packet) => {
    const parameters = packetParameters(packet);
    return parameters.length === parameterIds.length && parameters.every((p, i) => p.id === parameterIds[i]);
  });
}

export function indexDictionary(dictionary: Dictionary): DictionaryIndex {
  const parameterById = new Map<string, ParameterDef>();
  const packetsOfParameter = new Map<string, PacketDef[]>();
  const packetsByApid = new Map<number, PacketDef[]>();
  for (const packet of dictionary.packets) {
    packetsByApid.set(packet.apid, [...(packetsByApid.get(packet.apid) ?? []), packet]);
    for (const parameter of packetParameters(packet)) {
      // The packets carrying one parameter hold the same definition of it (the loader refuses one id for two).
      if (!parameterById.has(parameter.id)) parameterById.set(parameter.id, parameter);
      packetsOfParameter.set(parameter.id, [...(packetsOfParameter.get(parameter.id) ?? []), packet]);
    }
  }
  return {
    dictionary,
    partnerById: new Map(dictionary.partners.map((p) => [p.id, p])),
    spacecraftById: new Map(dictionary.spacecraft.map((s) => [s.id, s])),
    spacecraftByScid: new Map(dictionary.spacecraft.map((s) => [s.scid, s])),
    stationById: new Map(dictionary.stations.map((s) => [s.id, s])),
    parameterById,
    packetsOfParameter,
    packetsByApid,
  };
}
