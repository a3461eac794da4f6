// A large mission made up for the load-time benchmark: one XTCE of `parameters` calibrated, limit-checked
// parameters in packets of 50, flown by `spacecraft` spacecraft that all name it. Text in memory, so the
// figure is the loader's, not the disk's.
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import type { FileRead } from '../../shared/mission/loader';
import { SHIPPED_MISSION } from '../../server/mission/shipped';

const SUBSYSTEMS = ['EPS', 'ADCS', 'COMMS', 'OBC', 'THERMAL', 'PAYLOAD'];
/** Parameters a packet by default; each is 16 bits, calibrated and limit-checked. */
const PER_PACKET = 50;

function header(): string {
  const fields: [string, number][] = [
    ['Version', 3],
    ['Type', 1],
    ['SecHdr', 1],
    ['APID', 11],
    ['Flags', 2],
    ['Seq', 14],
    ['Length', 16],
    ['Time', 48],
  ];
  const types = fields
    .map(
      ([n, b]) =>
        `<IntegerParameterType name="${n}_T"><IntegerDataEncoding sizeInBits="${b}"/></IntegerParameterType>`,
    )
    .join('\n');
  const params = fields.map(([n]) => `<Parameter name="${n}" parameterTypeRef="${n}_T"/>`).join('\n');
  const entries = fields.map(([n]) => `<ParameterRefEntry parameterRef="${n}"/>`).join('\n');
  return `<ParameterTypeSet>${types}</ParameterTypeSet><ParameterSet>${params}</ParameterSet>
<ContainerSet><SequenceContainer name="CCSDSPacket" abstract="true"><AncillaryDataSet><AncillaryData name="ortaq.time">archive</AncillaryData></AncillaryDataSet><EntryList>${entries}</EntryList></SequenceContainer>`;
}

export function syntheticXtce(parameters: number, perPacket = PER_PACKET): string {
  const bySystem = new Map<string, string[]>(SUBSYSTEMS.map((s) => [s, []]));
  const packets: string[][] = [];
  for (let i = 0; i < parameters; i++) {
    const system = SUBSYSTEMS[i % SUBSYSTEMS.length]!;
    bySystem.get(system)!.push(`p${i}`);
    (packets[Math.floor(i / perPacket)] ??= []).push(`${system}/p${i}`);
  }
  const containers = packets
    .map(
      (
        refs,
        k,
      ) => `<SequenceContainer name="HK_${k}"><EntryList>${refs.map((r) => `<ParameterRefEntry parameterRef="${r}"/>`).join('')}</EntryList>
<BaseContainer containerRef="CCSDSPacket"><RestrictionCriteria><Comparison parameterRef="APID" value="${k + 1}"/></RestrictionCriteria></BaseContainer></SequenceContainer>`,
    )
    .join('\n');
  const systems = [...bySystem]
    .map(([system, names]) => {
      const types = names
        .map(
          (
            n,
          ) => `<FloatParameterType name="${n}_T"><UnitSet><Unit>V</Unit></UnitSet><IntegerDataEncoding sizeInBits="16"><DefaultCalibrator><PolynomialCalibrator><Term exponent="1" coefficient="0.01"/></PolynomialCalibrator></DefaultCalibrator></IntegerDataEncoding>
<DefaultAlarm><StaticAlarmRanges><WarningRange minInclusive="10" maxInclusive="500"/><CriticalRange minInclusive="5" maxInclusive="600"/></StaticAlarmRanges></DefaultAlarm></FloatParameterType>`,
        )
        .join('\n');
      const params = names.map((n) => `<Parameter name="${n}" parameterTypeRef="${n}_T"/>`).join('\n');
      return `<SpaceSystem name="${system}"><TelemetryMetaData><ParameterTypeSet>${types}</ParameterTypeSet><ParameterSet>${params}</ParameterSet></TelemetryMetaData></SpaceSystem>`;
    })
    .join('\n');
  return `<?xml version="1.0"?>\n<SpaceSystem name="Big"><TelemetryMetaData>${header()}\n${containers}</ContainerSet></TelemetryMetaData>\n${systems}</SpaceSystem>\n`;
}

/** `defaultLink`: the spacecraft fly the default physical channel (1115-octet frames) instead of the template's. */
export function syntheticMissionYaml(spacecraft: number, defaultLink = false): string {
  const shipped = SHIPPED_MISSION.mission!;
  const { link, ...withoutLink } = shipped.spacecraft[shipped.spacecraft.length - 1]!;
  const template = defaultLink ? withoutLink : { ...withoutLink, link };
  return stringify({
    partners: shipped.partners,
    stations: shipped.stations,
    spacecraft: Array.from({ length: spacecraft }, (_, i) => ({
      ...structuredClone(template),
      id: `sat-${i + 1}`,
      name: `Sat ${i + 1}`,
      scid: 500 + i,
      xtce: 'big.xml',
      packetContainer: '/Big/CCSDSPacket',
    })),
  });
}

function syntheticMissionTexts(
  parameters: number,
  spacecraft: number,
  perPacket: number,
  defaultLink = false,
): Map<string, string> {
  return new Map([
    ['mission.yaml', syntheticMissionYaml(spacecraft, defaultLink)],
    ['big.xml', syntheticXtce(parameters, perPacket)],
  ]);
}

/**
 * The made-up mission as a folder (for a server process to load, as ORTAQ_MISSION names one), its spacecraft
 * flying the default physical channel.
 */
export function writeSyntheticMission(
  dir: string,
  parameters: number,
  spacecraft: number,
  perPacket: number,
): void {
  for (const [name, text] of syntheticMissionTexts(parameters, spacecraft, perPacket, true)) {
    fs.writeFileSync(path.join(dir, name), text);
  }
}

/** readFile for loadMissionFrom over the made-up files. */
export function syntheticMissionFiles(
  parameters: number,
  spacecraft: number,
  perPacket = PER_PACKET,
): (path: string) => FileRead {
  const files = syntheticMissionTexts(parameters, spacecraft, perPacket);
  return (path) => {
    const text = files.get(path);
    return text === undefined ? { ok: false, error: 'no such file' } : { ok: true, text };
  };
}
