// The mission loader: mission.yaml and the XTCE files it names to a Dictionary, with every problem found.
// Pure: files come in through `readFile`, so the server, the check tool and tests share one loader. Each XTCE
// file is read and resolved once however many spacecraft name it.
import { analyseDatabase } from '../xtce/analyse';
import type { XtceDatabase } from '../xtce/database';
import { hasErrors, problemAt, type Problem } from '../xtce/problems';
import { loadXtce } from '../xtce/resolve';
import { packetsFromXtce } from './fromXtce';
import { parseMissionYaml, type MissionFile } from './missionFile';
import type { Dictionary, PacketDef, SpacecraftDef } from '../dictionary/types';
import type { PhysicalChannelConfig } from '../link/config';
import { checkPacketsFit, linkOf } from './linkChecks';
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

/** Same packets, same layout: what the one-packet-set frame codec needs of every spacecraft. */
function samePackets(a: readonly PacketDef[], b: readonly PacketDef[]): boolean {
  const shape = (packets: readonly PacketDef[]) =>
    JSON.stringify(packets.map((p) => [p.apid, p.parameters.map((q) => [q.id, q.type])]));
  return shape(a) === shape(b);
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

  const packetsByKey = new Map<string, PacketDef[]>();
  let fleetPackets: { packets: PacketDef[]; from: string } | undefined;
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
    let packets = packetsByKey.get(key);
    if (!packets) {
      const containerLoc = { file: MISSION_FILE, line: parsed.lineOf(['spacecraft', i, 'packetContainer']) };
      const converted = packetsFromXtce(database, spacecraft.packetContainer, containerLoc);
      result.problems.push(...converted.problems);
      const root = database.containerByName.get(spacecraft.packetContainer);
      if (root) result.problems.push(...analyseDatabase(database, root));
      packets = converted.packets;
      packetsByKey.set(key, packets);
    }
    checkPacketsFit(linkOf(spacecraft), packets, ['spacecraft', i, 'link'], (path, message) =>
      result.problems.push(problemAt(MISSION_FILE, parsed.lineOf(path), `${path.join('.')}: ${message}`)),
    );
    result.spacecraft.push({
      id: spacecraft.id,
      xtce: spacecraft.xtce,
      packetContainer: spacecraft.packetContainer,
      containers: packets.map((p) => p.name),
      parameters: packets.reduce((n, p) => n + p.parameters.length, 0),
      link: linkOf(spacecraft),
      defaultLink: spacecraft.link === undefined,
    });
    if (!fleetPackets) fleetPackets = { packets, from: spacecraft.id };
    else if (!samePackets(fleetPackets.packets, packets)) {
      result.problems.push(
        problemAt(
          loc.file,
          loc.line,
          `${spacecraft.id} sends other packets than ${fleetPackets.from}; Ortaq's live ingest takes one packet set for the whole fleet`,
        ),
      );
    }
  });
  if (fleetPackets && mission.derived) {
    result.problems.push(
      ...attachDerived(mission.derived, fleetPackets.packets, MISSION_FILE, parsed.lineOf),
    );
    for (const packet of fleetPackets.packets) {
      for (const p of packet.derived ?? [])
        result.derived.push(`${p.id} = ${p.derived!.expression} (${packet.name})`);
    }
  }
  result.problems = distinct(result.problems);
  if (hasErrors(result.problems) || !fleetPackets) return result;
  result.dictionary = {
    partners: mission.partners,
    stations: mission.stations,
    spacecraft: mission.spacecraft.map(toSpacecraftDef),
    packets: fleetPackets.packets,
  };
  return result;
}
