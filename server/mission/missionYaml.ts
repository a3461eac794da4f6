// A mission written as mission.yaml, in the layout of the shipped file (docs/mission.md): one key a line,
// virtual channels and packet time as flow mappings, defaults left out. Used to write generated missions,
// so what it writes must read back (shared/mission/missionFile.ts) to the same mission.
import type { MissionFile, MissionSpacecraft } from '../../shared/mission/missionFile';
import { DEFAULT_LINK } from '../../shared/link/config';

/** A plain YAML scalar when it cannot be read as anything but this text, else single-quoted. */
function scalar(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  const plain =
    /^[\p{L}\d/][\p{L}\d .()/+-]*$/u.test(value) &&
    !/^[-+.\d]+$/.test(value) &&
    !/^(true|false|null|yes|no|on|off|~)$/i.test(value) &&
    !value.endsWith(' ');
  return plain ? value : `'${value.replaceAll("'", "''")}'`;
}

function flow(entries: Record<string, string | number | boolean>): string {
  return `{ ${Object.entries(entries)
    .map(([key, value]) => `${key}: ${scalar(value)}`)
    .join(', ')} }`;
}

function block(indent: string, entries: Record<string, string | number | boolean | undefined>): string[] {
  return Object.entries(entries)
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
    .map(([key, value], i) => `${i === 0 ? `${indent}- ` : `${indent}  `}${key}: ${scalar(value)}`);
}

function linkLines(link: NonNullable<MissionSpacecraft['link']>): string[] {
  const lines = [
    '    link:',
    `      frameBytes: ${link.frameBytes}`,
    `      fecf: ${link.fecf}`,
    `      frameSecondaryHeaderBytes: ${link.frameSecondaryHeaderBytes}`,
    '      virtualChannels:',
    ...link.virtualChannels.map(
      (vc) => `        - ${flow({ vcid: vc.vcid, role: vc.role, ...(vc.ocf ? { ocf: true } : {}) })}`,
    ),
    `      packetTime: ${flow({ ...link.packetTime })}`,
  ];
  if (link.maxPacketBytes !== DEFAULT_LINK.maxPacketBytes)
    lines.push(`      maxPacketBytes: ${link.maxPacketBytes}`);
  return lines;
}

function spacecraftLines(s: MissionSpacecraft): string[] {
  return [
    ...block('  ', {
      id: s.id,
      name: s.name,
      partner: s.partner,
      noradId: s.noradId,
      scid: s.scid,
      notional: s.notional,
    }),
    '    tle:',
    ...s.tle.map((line) => `      - ${scalar(line)}`),
    `    xtce: ${scalar(s.xtce)}`,
    `    packetContainer: ${scalar(s.packetContainer)}`,
    ...(s.link ? linkLines(s.link) : []),
    '    simulator:',
    ...Object.entries(s.simulator).map(([key, value]) => `      ${key}: ${value}`),
  ];
}

/** The mission as the text of mission.yaml, `header` (comment lines without '#') first. */
export function missionYaml(mission: MissionFile, header: readonly string[]): string {
  const lines = [
    ...header.map((line) => (line ? `# ${line}` : '#')),
    '',
    'partners:',
    ...mission.partners.flatMap((p) => [
      ...block('  ', {
        id: p.id,
        name: p.name,
        country: p.country,
        timeZone: p.timeZone,
        colour: p.colour,
      }),
      ...(p.names ? [`    names: ${flow(p.names)}`] : []),
    ]),
    'stations:',
    ...mission.stations.flatMap((s) =>
      block('  ', {
        id: s.id,
        name: s.name,
        partner: s.partner,
        lat: s.lat,
        lon: s.lon,
        altM: s.altM,
        minElevationDeg: s.minElevationDeg,
        band: s.band,
        maxDownlinkBps: s.maxDownlinkBps,
      }),
    ),
    'spacecraft:',
    ...mission.spacecraft.flatMap(spacecraftLines),
  ];
  return `${lines.join('\n')}\n`;
}
