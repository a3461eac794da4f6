import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_MISSION_YAML_BYTES, parseMissionYaml } from '../../shared/mission/missionFile';
import { formatProblem } from '../../shared/xtce';
import { SHIPPED_MISSION_DIR } from '../../server/mission/folder';

const shipped = fs.readFileSync(path.join(SHIPPED_MISSION_DIR, 'mission.yaml'), 'utf8');
const problems = (text: string) => parseMissionYaml(text, 'mission.yaml').problems.map(formatProblem);

describe('mission.yaml', () => {
  it('reads the shipped mission', () => {
    const parsed = parseMissionYaml(shipped, 'mission.yaml');
    expect(parsed.problems).toEqual([]);
    expect(parsed.mission!.spacecraft.map((s) => s.id)).toEqual([
      'kazeosat-1',
      'kazeosat-2',
      'gokturk-2',
      'gokturk-1a',
      'imece',
      'ortaq-1',
    ]);
  });

  it('places a schema problem at the line of the value', () => {
    const text = shipped.replace('scid: 102', 'scid: 4096');
    const line = text.split('\n').findIndex((l) => l.includes('scid: 4096')) + 1;
    expect(problems(text)).toEqual([
      `mission.yaml:${line}: spacecraft.1.scid: Too big: expected number to be <=1023`,
    ]);
  });

  it('refuses unknown keys, so a misspelt field is not silently ignored', () => {
    const text = shipped.replace(
      '    packetContainer: /Ortaq/CCSDSPacket\n',
      '    packetContainr: /Ortaq/CCSDSPacket\n',
    );
    expect(problems(text).join('\n')).toMatch(/spacecraft\.0: Unrecognized key: "packetContainr"/);
  });

  it('takes a partner of any well-formed id, with its time zone, colour and names, and checks each', () => {
    const joined = shipped.replace(
      'stations:\n',
      "  - { id: MN, name: Mongolia, country: MN, timeZone: Asia/Ulaanbaatar, colour: '#332288', names: { ru: Монголия } }\nstations:\n",
    );
    const parsed = parseMissionYaml(joined, 'mission.yaml');
    expect(parsed.problems).toEqual([]);
    expect(parsed.mission!.partners.at(-1)).toEqual({
      id: 'MN',
      name: 'Mongolia',
      country: 'MN',
      timeZone: 'Asia/Ulaanbaatar',
      colour: '#332288',
      names: { ru: 'Монголия' },
    });
    const line = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    const badZone = shipped.replace('timeZone: Asia/Baku', 'timeZone: Mars/Olympus');
    expect(problems(badZone)).toEqual([
      `mission.yaml:${line(badZone, 'Mars/Olympus')}: partners.2.timeZone: an IANA time zone such as Asia/Baku`,
    ]);
    const sameColour = shipped.replace("colour: '#E69F00'", "colour: '#56b4e9'");
    expect(problems(sameColour)).toEqual([
      `mission.yaml:${line(sameColour, "'#56b4e9'")}: partners.3.colour: two partners share this colour; charts could not tell them apart`,
    ]);
    for (const id of ['kz', 'K', 'KAZAKHSTAN', '1KZ', 'K Z', "KZ'; DROP TABLE users"]) {
      const text = shipped.replace('  - id: KG\n', `  - id: "${id.replaceAll('"', '\\"')}"\n`);
      expect(problems(text).join('\n')).toMatch(/partners\.4\.id: a partner id: 2 to 8 upper-case letters/);
    }
    const undeclared = shipped.replace('    partner: KG\n', '    partner: XX\n');
    expect(problems(undeclared).join('\n')).toMatch(
      /stations\.5\.partner: partner XX is not in the partners list/,
    );
  });

  it('reads the link section of each spacecraft with the link layer schema', () => {
    const parsed = parseMissionYaml(shipped, 'mission.yaml');
    const ortaq1 = parsed.mission!.spacecraft.find((s) => s.id === 'ortaq-1')!;
    expect(ortaq1.link).toMatchObject({
      frameBytes: 892,
      fecf: true,
      frameSecondaryHeaderBytes: 0,
      packetTime: { epoch: 'tai1958', coarseOctets: 4, fineOctets: 3 },
      maxPacketBytes: 8192,
    });
    expect(ortaq1.link!.virtualChannels).toContainEqual({ vcid: 2, role: 'playback', ocf: true });
    expect(ortaq1.link!.virtualChannels).toContainEqual({ vcid: 7, role: 'idle', ocf: false });
  });

  it('refuses a misspelt or impossible link setting at its line', () => {
    const misspelt = shipped.replace('      frameBytes: 892\n', '      frameLength: 892\n');
    const line = misspelt.split('\n').findIndex((l) => l.includes('frameLength: 892')) + 1;
    expect(problems(misspelt).join('\n')).toMatch(/spacecraft\.5\.link: Unrecognized key: "frameLength"/);
    expect(problems(misspelt)).toContain(
      `mission.yaml:${line}: spacecraft.5.link: Unrecognized key: "frameLength"`,
    );
    const tooLong = shipped.replace('      frameBytes: 892\n', '      frameBytes: 4096\n');
    expect(problems(tooLong).join('\n')).toMatch(/spacecraft\.5\.link\.frameBytes: Too big/);
    const twice = shipped.replace(
      '- { vcid: 2, role: playback, ocf: true }',
      '- { vcid: 0, role: playback }',
    );
    expect(problems(twice).join('\n')).toContain('a VCID is listed twice');
    const badEpoch = shipped.replace(
      'epoch: tai1958, coarseOctets: 4, fineOctets: 3',
      'epoch: gps, coarseOctets: 4, fineOctets: 3',
    );
    expect(problems(badEpoch).join('\n')).toMatch(/spacecraft\.5\.link\.packetTime\.epoch/);
  });

  it('needs a realtime channel and a packet time code that reaches past 2050', () => {
    const noRealtime = shipped.replace(
      '- { vcid: 0, role: realtime, ocf: true }\n        - { vcid: 2,',
      '- { vcid: 0, role: idle, ocf: true }\n        - { vcid: 2,',
    );
    expect(problems(noRealtime).join('\n')).toContain(
      'spacecraft.5.link.virtualChannels: no realtime virtual channel',
    );
    const shortTime = shipped.replace('coarseOctets: 4, fineOctets: 3', 'coarseOctets: 3, fineOctets: 3');
    const shortLine = shortTime.split('\n').findIndex((l) => l.includes('coarseOctets: 3')) + 1;
    expect(problems(shortTime)).toEqual([
      `mission.yaml:${shortLine}: spacecraft.5.link.packetTime.coarseOctets: 3 coarse octets from the tai1958 epoch count only to 1958-07-14`,
    ]);
  });

  it('finds duplicate ids and SCIDs, unknown partners and unreadable TLEs', () => {
    const text = shipped
      .replace('id: kazeosat-2', 'id: kazeosat-1')
      .replace('scid: 202', 'scid: 201')
      .replace('26114.27322035', '26114.27322036');
    const found = problems(text).join('\n');
    expect(found).toContain('spacecraft.1.id: this spacecraft id is listed twice');
    expect(found).toContain('spacecraft.3.scid: two spacecraft share this SCID');
    expect(found).toContain('spacecraft.1.tle: the two-line elements do not read');
    const withoutPartner = shipped.replace(
      / {2}- id: KG\n {4}name: Kyrgyzstan\n {4}country: KG\n(?: {4}\w+: .*\n)*/,
      '',
    );
    expect(problems(withoutPartner).join('\n')).toContain(
      'stations.5.partner: partner KG is not in the partners list',
    );
  });

  it('reports malformed YAML, duplicate keys and alias bombs at their line', () => {
    expect(problems('partners: [\n  {id: KZ')[0]).toMatch(/^mission\.yaml:\d+: YAML: /);
    expect(problems('partners: []\npartners: []\n')[0]).toMatch(
      /^mission\.yaml:\d+: YAML: Map keys must be unique/,
    );
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(', ')}]`,
      );
    expect(problems(bomb.join('\n')).join('\n')).toMatch(/mission\.yaml:1: .*(alias|Excessive)/i);
  });

  it('refuses an oversized file without parsing it', () => {
    expect(problems('#'.repeat(MAX_MISSION_YAML_BYTES + 1))).toEqual([
      `mission.yaml:1: the file is larger than ${MAX_MISSION_YAML_BYTES} bytes`,
    ]);
  });
});
