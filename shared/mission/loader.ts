// The mission loader: mission.yaml and the XTCE files it names to a Dictionary, with every problem found.
// Pure: files come in through `readFile`, so the server, the check tool and tests share one loader. Each XTCE
// file is read and resolved once however many spacecraft name it.
import { analyseDatabase } from '../xtce/analyse';
import type { XtceDatabase } from '../xtce/database';
import { hasErrors, problemAt, type Problem } from '../xtce/problems';
import { loadXtce } from '../xtce/resolve';
import { packetsFromXtce } from './fromXtce';
import { parseMissionYaml, type MissionFile } from './missionFile';
import type { Dictionary, PacketDef, ParameterDef, SpacecraftDef } from '../dictionary/types';
import type { PhysicalChannelConfig } from '../link/config';
import { checkPacketsFit, checkTimeCodeFits, linkOf } from './linkChecks';
import { describedTimeCode } from './packetLayout';
import { attachDerived } from './derived';

export const MISSION_FILE = 'mission.yaml';

export type FileRead = { ok: true; text: string } | { ok: false; error: string };

export interface SpacecraftSummary {
  id: string;
  xtce: string;
  packetContainer: string;
  containers: string[];
  parameters: number;
  /** The physical channel its frames are read with (`link:`, or the default). */
  link: PhysicalChannelConfig;
  /** True when mission.yaml gives no `link:` and the default applies. */
  defaultLink: boolean;
}

export interface LoadedMission {
  /** Present only when there is no error: a mission that can run. */
  dictionary?: Dictionary;
  mission?: MissionFile;
  problems: Problem[];
  spacecraft: SpacecraftSummary[];
  databases: ReadonlyMap<string, XtceDatabase>;
  /** The physical channel of every spacecraft, by id: what ingest and the simulator fly. */
  links: ReadonlyMap<string, PhysicalChannelConfig>;
  /** Derived parameters that loaded, as the check prints them: "eps.batt_power = … (EPS_HK)". */
  derived: string[];
}

function toSpacecraftDef(s: MissionFile['spacecraft'][number]): SpacecraftDef {
  const def: SpacecraftDef = {
    id: s.id,
    name: s.name,
    partner: s.partner,
    noradId: s.noradId,
    scid: s.scid,
    tle: s.tle,
    ...s.simulator,
  };
  if (s.notional) def.notional = true;
  return def;
}

/** What the rest of Ortaq knows a packet by: its APID, name and parameters (not the file they came from). */
const shapeOf = (packet: PacketDef) =>
  JSON.stringify([packet.apid, packet.name, packet.parameters.map(({ source: _, ...p }) => p)]);

interface PacketSet {
  packets: PacketDef[];
  /** Bits of the packet container. */
  headerBits: number;
  /** The first spacecraft flying it, and where mission.yaml names its XTCE. */
  from: string;
  line: number;
}

/** Where a parameter is declared: its XTCE file and qualified name, which make it one parameter. */
const declaredAt = (parameter: ParameterDef) =>
  `${parameter.source?.file}\u0000${parameter.source?.qualifiedName}`;

/**
 * The dictionary's packets: those of every packet set, each once. A spacecraft sends the packets of the
 * APIDs its set uses, and a parameter is known by its id across the mission, so two packet sets may share an
 * APID only with the same packets (one set may send several on one APID, told apart by other header
 * fields), and an id names one parameter: several packets may carry it (a container they all include), but
 * two parameters declared apart may not share an id.
 */
function unitePacketSets(sets: readonly PacketSet[], problems: Problem[]): PacketDef[] {
  const byKey = new Map<string, PacketDef>();
  const apidOwner = new Map<number, PacketSet>();
  const firstCarrier = new Map<string, { packet: PacketDef; parameter: ParameterDef }>();
  const united: PacketDef[] = [];
  for (const set of sets) {
    for (const packet of set.packets) {
      const key = `${packet.apid}\u0000${packet.name}`;
      const known = byKey.get(key);
      const owner = apidOwner.get(packet.apid) ?? set;
      if (owner !== set || known) {
        if (!known || shapeOf(known) !== shapeOf(packet)) {
          const message = `${set.from} sends APID ${packet.apid} as ${packet.name}, ${owner.from} as other packets; spacecraft flying different packets must give them different APIDs`;
          problems.push(problemAt(MISSION_FILE, set.line, message));
        }
        continue;
      }
      apidOwner.set(packet.apid, set);
      byKey.set(key, packet);
      united.push(packet);
      for (const parameter of packet.parameters) {
        const first = firstCarrier.get(parameter.id);
        if (!first) firstCarrier.set(parameter.id, { packet, parameter });
        else if (declaredAt(first.parameter) !== declaredAt(parameter)) {
          const [a, b] = [first.parameter.source, parameter.source];
          const message = `parameter id ${parameter.id} is ${a?.qualifiedName} (${a?.file}) in ${first.packet.name} and ${b?.qualifiedName} (${b?.file}) in ${packet.name} of ${set.from}'s packets; an id names one parameter of the mission (give one an Alias nameSpace="ortaq" of its own)`;
          problems.push(problemAt(MISSION_FILE, set.line, message));
        }
      }
    }
  }
  return united;
}

/**
 * How the check prints a derived parameter: each declaration, with the packets it is computed in (each that
 * carries its inputs) and the spacecraft it is for.
 */
function derivedLines(parameter: ParameterDef, packets: readonly PacketDef[]): string[] {
  const names = packets.map((p) => p.name).join(', ');
  const line = (expression: string, spacecraft: readonly string[] | undefined) =>
    `${parameter.id} = ${expression} (${names}${spacecraft?.length ? `; ${spacecraft.join(', ')}` : ''})`;
  return [
    line(parameter.derived!.expression, parameter.derived!.spacecraft),
    ...(parameter.variants ?? []).map((v) => line(v.derived.expression, v.spacecraft)),
  ];
}

/** A parameter shared by several packets is reported once, not once per packet; problems in file order. */
function distinct(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  const kept = problems.filter((p) => {
    const key = `${p.file}\u0000${p.line}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return kept.sort((a, b) =>
    a.file === b.file ? a.line - b.line : a.file === MISSION_FILE ? -1 : b.file === MISSION_FILE ? 1 : 0,
  );
}

/** Loads a mission folder through readFile (paths relative to the folder). */
export function loadMissionFrom(readFile: (path: string) => FileRead): LoadedMission {
  const databases = new Map<string, XtceDatabase>();
  const links = new Map<string, PhysicalChannelConfig>();
  const result: LoadedMission = { problems: [], spacecraft: [], databases, links, derived: [] };
  const yaml = readFile(MISSION_FILE);
  if (!yaml.ok) {
    result.problems.push(problemAt(MISSION_FILE, 1, `cannot read the mission file: ${yaml.error}`));
    return result;
  }
  const parsed = parseMissionYaml(yaml.text, MISSION_FILE);
  result.problems.push(...parsed.problems);
  const mission = parsed.mission;
  if (!mission) return result;
  result.mission = mission;

  const setsByKey = new Map<string, PacketSet>();
  const apidsOf = new Map<string, number[]>();
  mission.spacecraft.forEach((spacecraft, i) => {
    links.set(spacecraft.id, linkOf(spacecraft));
    const loc = { file: MISSION_FILE, line: parsed.lineOf(['spacecraft', i, 'xtce']) };
    let database = databases.get(spacecraft.xtce);
    if (!database && !result.problems.some((p) => p.file === spacecraft.xtce)) {
      const text = readFile(spacecraft.xtce);
      if (!text.ok)
        return void result.problems.push(
          problemAt(loc.file, loc.line, `cannot read ${spacecraft.xtce}: ${text.error}`),
        );
      const loaded = loadXtce(text.text, spacecraft.xtce);
      result.problems.push(...loaded.problems);
      database = loaded.database;
      if (database) databases.set(spacecraft.xtce, database);
    }
    if (!database) return;
    const key = `${spacecraft.xtce}\u0000${spacecraft.packetContainer}`;
    let set = setsByKey.get(key);
    if (!set) {
      const containerLoc = { file: MISSION_FILE, line: parsed.lineOf(['spacecraft', i, 'packetContainer']) };
      const converted = packetsFromXtce(database, spacecraft.packetContainer, containerLoc);
      result.problems.push(...converted.problems);
      const root = database.containerByName.get(spacecraft.packetContainer);
      if (root) result.problems.push(...analyseDatabase(database, root));
      set = {
        packets: converted.packets,
        headerBits: converted.headerBits,
        from: spacecraft.id,
        line: loc.line,
      };
      setsByKey.set(key, set);
    }
    const packets = set.packets;
    apidsOf.set(spacecraft.id, [...new Set(packets.map((p) => p.apid))]);
    const header = database.containerByName.get(spacecraft.packetContainer);
    const time = header && describedTimeCode(header, linkOf(spacecraft).packetTime);
    if (time)
      checkTimeCodeFits(set.headerBits, time, ['spacecraft', i, 'link'], (path, message) =>
        result.problems.push(problemAt(MISSION_FILE, parsed.lineOf(path), `${path.join('.')}: ${message}`)),
      );
    checkPacketsFit(linkOf(spacecraft), packets, ['spacecraft', i, 'link'], (path, message) =>
      result.problems.push(problemAt(MISSION_FILE, parsed.lineOf(path), `${path.join('.')}: ${message}`)),
    );
    result.spacecraft.push({
      id: spacecraft.id,
      xtce: spacecraft.xtce,
      packetContainer: spacecraft.packetContainer,
      containers: packets.map((p) => p.name),
      parameters: new Set(packets.flatMap((p) => p.parameters.map((q) => q.id))).size,
      link: linkOf(spacecraft),
      defaultLink: spacecraft.link === undefined,
    });
  });
  const sets = [...setsByKey.values()];
  const packets = unitePacketSets(sets, result.problems);
  if (mission.derived) {
    // A derived parameter goes with the packet its inputs come in, so it is computed by exactly the
    // spacecraft that send that packet: those flying its packet set.
    result.problems.push(...attachDerived(mission.derived, packets, MISSION_FILE, parsed.lineOf, apidsOf));
    const carriers = new Map<ParameterDef, PacketDef[]>();
    for (const packet of packets)
      for (const p of packet.derived ?? []) carriers.set(p, [...(carriers.get(p) ?? []), packet]);
    for (const [p, carrying] of carriers) result.derived.push(...derivedLines(p, carrying));
  }
  result.problems = distinct(result.problems);
  if (hasErrors(result.problems) || sets.length === 0) return result;
  // With one packet set every spacecraft sends every packet; with several, each lists the APIDs it sends.
  const spacecraft = mission.spacecraft.map(toSpacecraftDef);
  if (sets.length > 1) for (const def of spacecraft) def.apids = apidsOf.get(def.id) ?? [];
  result.dictionary = {
    partners: mission.partners,
    stations: mission.stations,
    spacecraft,
    packets,
  };
  return result;
}
