// mission.yaml: partners, stations and spacecraft, each spacecraft pointing at the XTCE file and packet
// container its telemetry is described by. Parsed with the yaml package (no custom tags, aliases capped) and
// checked with zod; every problem is placed at the line of the value it is about.
import { isNode, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { parseTle } from '../orbit/tle';
import { problemAt, type Problem } from '../xtce/problems';
import { partnerIdSchema } from '../protocol/partner';
import { physicalChannelSchema } from '../link/config';
import { checkLinkSection } from './linkChecks';
import { derivedListSchema } from './derivedSchema';

/** A mission file is a few hundred lines; a megabyte is a mistake or an attack. */
export const MAX_MISSION_YAML_BYTES = 1024 * 1024;

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'an id is lower-case letters, digits and dashes');

const partnerSchema = z.strictObject({
  id: partnerIdSchema,
  name: z.string().min(1),
  country: z.string().regex(/^[A-Z]{2}$/, 'a two-letter ISO 3166 country code'),
  timeZone: z.string().refine(isTimeZone, 'an IANA time zone such as Asia/Baku').optional(),
  colour: z
    .string()
    .regex(/^#[0-9A-Fa-f]{6}$/, 'a colour written #RRGGBB')
    .optional(),
  names: z
    .record(z.string().regex(/^[a-z]{2,3}$/, 'a language code such as kk'), z.string().min(1))
    .optional(),
});

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const stationSchema = z.strictObject({
  id,
  name: z.string().min(1),
  partner: partnerIdSchema,
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  altM: z.number().min(-500).max(10_000),
  minElevationDeg: z.number().min(0).max(90),
  band: z.enum(['S', 'X', 'S/X']),
  maxDownlinkBps: z.number().positive(),
});

const spacecraftSchema = z.strictObject({
  id,
  name: z.string().min(1),
  partner: partnerIdSchema,
  noradId: z.number().int().min(1).max(999_999),
  scid: z.number().int().min(0).max(1023),
  notional: z.boolean().optional(),
  tle: z.tuple([z.string(), z.string()]),
  xtce: z.string().min(1),
  packetContainer: z.string().startsWith('/', 'the qualified name of a container, starting with /'),
  simulator: z.strictObject({
    imagingBytesPerS: z.number().nonnegative(),
    storageBytes: z.number().positive(),
    batteryWh: z.number().positive(),
  }),
  /** The physical channel of its TM transfer frames (docs/link.md); DEFAULT_LINK when absent. */
  link: physicalChannelSchema.optional(),
});

export const missionSchema = z.strictObject({
  partners: z.array(partnerSchema).min(1),
  stations: z.array(stationSchema),
  spacecraft: z.array(spacecraftSchema).min(1),
  /** Parameters computed from others of the same packet (docs/mission.md#derived-parameters). */
  derived: derivedListSchema.optional(),
});

export type MissionFile = z.infer<typeof missionSchema>;
export type MissionSpacecraft = MissionFile['spacecraft'][number];

export interface ParsedMission {
  mission?: MissionFile;
  problems: Problem[];
  /** Line of the value at a path of the file (1 when the path is not in the file). */
  lineOf(path: readonly (string | number)[]): number;
}

function duplicates<T>(items: readonly T[], key: (item: T) => string | number): number[] {
  const seen = new Set<string | number>();
  return items.flatMap((item, i) => {
    const k = key(item);
    if (seen.has(k)) return [i];
    seen.add(k);
    return [];
  });
}

function crossChecks(
  mission: MissionFile,
  report: (path: (string | number)[], message: string) => void,
): void {
  const partners = new Set(mission.partners.map((p) => p.id));
  for (const i of duplicates(mission.partners, (p) => p.id))
    report(['partners', i, 'id'], 'this partner id is listed twice');
  mission.partners.forEach((p, i) => {
    const first = mission.partners.findIndex((q) => q.colour?.toLowerCase() === p.colour?.toLowerCase());
    if (p.colour && first !== i)
      report(['partners', i, 'colour'], 'two partners share this colour; charts could not tell them apart');
  });
  for (const i of duplicates(mission.stations, (s) => s.id))
    report(['stations', i, 'id'], 'this station id is listed twice');
  for (const i of duplicates(mission.spacecraft, (s) => s.id))
    report(['spacecraft', i, 'id'], 'this spacecraft id is listed twice');
  for (const i of duplicates(mission.spacecraft, (s) => s.scid)) {
    report(['spacecraft', i, 'scid'], 'two spacecraft share this SCID; frames could not be told apart');
  }
  mission.stations.forEach((s, i) => {
    if (!partners.has(s.partner))
      report(['stations', i, 'partner'], `partner ${s.partner} is not in the partners list`);
  });
  mission.spacecraft.forEach((s, i) => {
    if (!partners.has(s.partner))
      report(['spacecraft', i, 'partner'], `partner ${s.partner} is not in the partners list`);
    const tle = parseTle(s.tle);
    if (!tle.ok) report(['spacecraft', i, 'tle'], `the two-line elements do not read: ${tle.error}`);
    if (s.link) checkLinkSection(s.link, ['spacecraft', i, 'link'], report);
  });
}

/** Parses and checks mission.yaml. `file` is the name problems are reported against. */
export function parseMissionYaml(text: string, file: string): ParsedMission {
  const lineCounter = new LineCounter();
  const noLines = () => 1;
  if (text.length > MAX_MISSION_YAML_BYTES) {
    return {
      problems: [problemAt(file, 1, `the file is larger than ${MAX_MISSION_YAML_BYTES} bytes`)],
      lineOf: noLines,
    };
  }
  const document = parseDocument(text, {
    lineCounter,
    uniqueKeys: true,
    prettyErrors: false,
  });
  const lineOf = (path: readonly (string | number)[]) => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node: unknown = document.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return 1;
  };
  const problems: Problem[] = document.errors.map((error) =>
    problemAt(file, error.linePos?.[0].line ?? 1, `YAML: ${error.message.split('\n')[0]}`),
  );
  if (problems.length > 0) return { problems, lineOf };
  let data: unknown;
  try {
    // toJS throws on alias expansion bombs ("billion laughs" in YAML), which it refuses past 50 aliases.
    data = document.toJS({ maxAliasCount: 50 });
  } catch (error) {
    return {
      problems: [problemAt(file, 1, `YAML: ${error instanceof Error ? error.message : String(error)}`)],
      lineOf,
    };
  }
  const parsed = missionSchema.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      const where = path.length > 0 ? `${path.join('.')}: ` : '';
      problems.push(problemAt(file, lineOf(path), `${where}${issue.message}`));
    }
    return { problems, lineOf };
  }
  crossChecks(parsed.data, (path, message) =>
    problems.push(problemAt(file, lineOf(path), `${path.join('.')}: ${message}`)),
  );
  return { mission: parsed.data, problems, lineOf };
}
