// What the live path reads of a mission's own XTCE layout (test/fixtures/mission/meridian), and what the
// check says of a layout it cannot fly: a packet container without the CCSDS primary header, a packet no ==
// of the APID chooses, a time code the packet container does not describe, unknown ortaq.* annotations.
// Frames of a spacecraft whose time code is not the archive's six octets are rebuilt as they flew.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMissionFrom, type LoadedMission } from '../../shared/mission/loader';
import { missionFrameDecoder } from '../../shared/mission/frameDecoder';
import { missionFrameEncoder } from '../../shared/mission/frameEncoder';
import { crc16CcittFalse } from '../../shared/codec/crc16';
import { seededRandom } from '../../shared/random';
import { epochMs } from '../../shared/units';

const DIR = path.resolve(import.meta.dirname, '../fixtures/mission/meridian');
const YAML = fs.readFileSync(path.join(DIR, 'mission.yaml'), 'utf8');
const XTCE = fs.readFileSync(path.join(DIR, 'meridian.xml'), 'utf8');

/** The fixture with a 4+3-octet time code, on the link and in the packet container alike. */
const YAML_4_3 = YAML.replace('coarseOctets: 4, fineOctets: 2', 'coarseOctets: 4, fineOctets: 3');
const XTCE_4_3 = XTCE.replace(
  'name="OBT_Fine" parameterTypeRef="uint16"',
  'name="OBT_Fine" parameterTypeRef="uint24"',
).replace(
  '<IntegerParameterType name="uint32"',
  '<IntegerParameterType name="uint24" signed="false"><IntegerDataEncoding sizeInBits="24"/></IntegerParameterType>\n<IntegerParameterType name="uint32"',
);

function load(yaml = YAML, xtce = XTCE): LoadedMission {
  const files = new Map([
    ['mission.yaml', yaml],
    ['meridian.xml', xtce],
  ]);
  return loadMissionFrom((name) => {
    const text = files.get(name);
    return text === undefined ? { ok: false, error: 'no such file' } : { ok: true, text };
  });
}

const messages = (loaded: LoadedMission) => loaded.problems.map((p) => `${p.file}:${p.line}: ${p.message}`);

function frame(loaded: LoadedMission, name: string, values: number[], timeMs = 1_790_000_000_250) {
  const packet = loaded.dictionary!.packets.find((p) => p.name === name)!;
  const header = { scid: 402, vcid: 0, masterFrameCount: 1, virtualFrameCount: 1, sequenceCount: 9 };
  return missionFrameEncoder(loaded as Required<LoadedMission>).encodeEngineering(
    { ...header, apid: packet.apid, timeMs: epochMs(timeMs) },
    values,
    packet,
  );
}

describe("a mission's own XTCE layout", () => {
  it('makes packets of APID and packet id, with ids and subsystems from nested space systems', () => {
    const loaded = load();
    expect(messages(loaded)).toEqual([]);
    const packets = loaded.dictionary!.packets.map((p) => [
      p.name,
      p.apid,
      p.parameters.map((q) => `${q.id}/${q.subsystem}`),
    ]);
    expect(packets).toEqual([
      [
        'PowerStatus',
        100,
        ['power.bus_voltage/EPS', 'power.battery_current/EPS', 'thermal.battery_temp/THERMAL'],
      ],
      ['AttitudeStatus', 100, ['aocs.mode/ADCS', 'wheel.speed/ADCS']],
      ['ImagerStatus', 101, ['imager.detector_temp/PAYLOAD', 'imager.last_exposure/PAYLOAD']],
    ]);
    expect(loaded.dictionary!.packets[0]!.source).toEqual({
      file: 'meridian.xml',
      qualifiedName: '/Meridian/PowerStatus',
    });
  });

  it('reads a packet whose time code is seven octets from the packet as it flew', () => {
    const loaded = load(YAML_4_3, XTCE_4_3);
    expect(messages(loaded)).toEqual([]);
    const decoded = missionFrameDecoder(loaded as Required<LoadedMission>).decode(
      frame(loaded, 'AttitudeStatus', [2, -1234]),
    );
    if (!decoded.ok) throw new Error(decoded.error);
    expect(decoded.frame.packet.name).toBe('AttitudeStatus');
    expect(decoded.frame.eng).toEqual([2, -1234]);
    expect(decoded.frame.timeMs).toBe(1_790_000_000_250);
    // The archive form keeps six octets of time: one octet shorter than the packet that flew.
    expect(frame(loaded, 'AttitudeStatus', [1, 0]).length).toBe(6 + 6 + 6 + 1 + 1 + 2);
  });

  it('reads a time parameter of its own as UTC ms from its epoch, leap seconds taken out', () => {
    const loaded = load();
    const exposure = loaded.dictionary!.packets[2]!.parameters[1]!;
    expect(exposure).toMatchObject({ id: 'imager.last_exposure', time: { epoch: 'TAI' }, unit: '' });
    expect(exposure.limits).toBeUndefined();
    // 1 July 2026 12:00:00.5 UTC, 37 s behind TAI.
    const exposureMs = Date.UTC(2026, 6, 1, 12, 0, 0, 500);
    const bytes = frame(loaded, 'ImagerStatus', [21.5, exposureMs]);
    const decoded = missionFrameDecoder(loaded as Required<LoadedMission>).decode(bytes);
    if (!decoded.ok) throw new Error(decoded.error);
    expect(decoded.frame.eng).toEqual([21.5, exposureMs]);
    // Read by hand: 48 bits of 1/65536 s since 1958-01-01 TAI, after the detector temperature.
    const packet = Buffer.from(bytes.subarray(6));
    const taiSeconds = packet.readUIntBE(15, 6) / 65536;
    expect(taiSeconds).toBe((exposureMs + 37_000 - Date.UTC(1958, 0, 1)) / 1000);
  });

  it('refuses a time whose encoding is calibrated, at its line', () => {
    const calibrated = load(
      YAML,
      XTCE.replace(
        '<IntegerDataEncoding sizeInBits="48"/>',
        '<IntegerDataEncoding sizeInBits="48"><DefaultCalibrator><PolynomialCalibrator><Term exponent="1" coefficient="2"/></PolynomialCalibrator></DefaultCalibrator></IntegerDataEncoding>',
      ),
    );
    expect(calibrated.dictionary).toBeUndefined();
    expect(messages(calibrated).join('\n')).toMatch(
      /meridian\.xml:\d+: \/Meridian\/Instrument\/Imager\/last_exposure is a time with a calibrated encoding/,
    );
  });

  it('flies a packet with a string in it, reading past the string, with a note at its line', () => {
    // The imager's last exposure becomes 6 octets of text between the detector temperature and a new field.
    const xtce = XTCE.replace(
      /<AbsoluteTimeParameterType name="tai_time">[^]*?<\/AbsoluteTimeParameterType>/,
      '<StringParameterType name="tai_time"><StringDataEncoding><SizeInBits><Fixed><FixedValue>48</FixedValue></Fixed></SizeInBits></StringDataEncoding></StringParameterType>',
    )
      .replace(
        '<Parameter name="last_exposure"',
        '<Parameter name="frame_count" parameterTypeRef="/Meridian/uint16" shortDescription="Frames taken"/>\n<Parameter name="last_exposure"',
      )
      .replace(
        '<ParameterRefEntry parameterRef="Instrument/Imager/last_exposure"/>',
        '<ParameterRefEntry parameterRef="Instrument/Imager/last_exposure"/><ParameterRefEntry parameterRef="Instrument/Imager/frame_count"/>',
      );
    const loaded = load(YAML, xtce);
    expect(loaded.dictionary).toBeDefined();
    expect(loaded.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(messages(loaded).join('\n')).toMatch(
      /meridian\.xml:\d+: \/Meridian\/Instrument\/Imager\/last_exposure is a string: read, but not shown/,
    );
    const imager = loaded.dictionary!.packets.find((p) => p.name === 'ImagerStatus')!;
    expect(imager.parameters.map((p) => p.id)).toEqual(['imager.detector_temp', 'imager.frame_count']);
    // The simulator writes the string blank; the ground reads the field after it where the XTCE puts it.
    const bytes = frame(loaded, 'ImagerStatus', [-12.5, 4321]);
    const packet = Buffer.from(bytes.subarray(6));
    expect(packet.readUInt16BE(15 + 6)).toBe(4321);
    // Text in the string's octets, the frame's CRC made again: the values around it are unchanged.
    bytes.set(Buffer.from('IMG-42', 'latin1'), 6 + 15);
    const crcAt = bytes.length - 2;
    new DataView(bytes.buffer).setUint16(crcAt, crc16CcittFalse(bytes, 0, crcAt));
    const decoded = missionFrameDecoder(loaded as Required<LoadedMission>).decode(bytes);
    if (!decoded.ok) throw new Error(decoded.error);
    expect(decoded.frame.eng).toEqual([-12.5, 4321]);
  });

  it('never throws on damaged frames, with or without a rebuilt time code', () => {
    const random = seededRandom(16);
    for (const fine of [2, 3]) {
      const loaded = fine === 2 ? load() : load(YAML_4_3, XTCE_4_3);
      const decoder = missionFrameDecoder(loaded as Required<LoadedMission>);
      const good = frame(loaded, 'PowerStatus', [28, 1, 20]);
      let decodedOk = 0;
      for (let i = 0; i < 20_000; i++) {
        const bytes = good.slice(0, Math.max(0, good.length - Math.floor(random.next() * 4)));
        for (let k = 0; k < 3; k++)
          bytes[Math.floor(random.next() * bytes.length)] = Math.floor(random.next() * 256);
        const result = decoder.decode(bytes);
        if (result.ok) decodedOk++;
      }
      expect(decoder.decode(good).ok).toBe(true);
      expect(decodedOk).toBeLessThan(20_000);
    }
  });

  it('reports, at their lines, layouts the live path cannot fly', () => {
    const cases: [string, string, string, RegExp][] = [
      [
        'a packet container without the primary header',
        '<ParameterRefEntry parameterRef="CCSDS_Version"/>\n',
        '',
        /meridian\.xml:\d+: CCSDSPacket must start with the CCSDS primary header/,
      ],
      [
        'a packet no == of the APID chooses',
        '<Comparison parameterRef="CCSDS_APID" value="101"/>',
        '<Comparison parameterRef="CCSDS_APID" value="101" comparisonOperator="&gt;="/>',
        /meridian\.xml:\d+: container ImagerStatus must be chosen by an == comparison of CCSDS_APID/,
      ],
      [
        'an unknown ortaq.time',
        '<SequenceContainer name="CCSDSPacket" abstract="true">',
        '<SequenceContainer name="CCSDSPacket" abstract="true"><AncillaryDataSet><AncillaryData name="ortaq.time">later</AncillaryData></AncillaryDataSet>',
        /ortaq\.time of CCSDSPacket is "later"; it must be archive or link/,
      ],
      [
        'an unknown subsystem alias',
        '<Parameter name="speed" parameterTypeRef="rpm" shortDescription="Wheel speed"/>',
        '<Parameter name="speed" parameterTypeRef="rpm"><AliasSet><Alias nameSpace="ortaq.subsystem" alias="WHEELS"/></AliasSet></Parameter>',
        /the ortaq\.subsystem alias of \/Meridian\/Platform\/AOCS\/Wheel\/speed is "WHEELS"/,
      ],
      [
        'a parameter in no subsystem',
        'Instrument',
        'Optics',
        /parameter \/Meridian\/Optics\/Imager\/detector_temp has no subsystem/,
      ],
    ];
    for (const [what, from, to, expected] of cases) {
      expect(XTCE.includes(from), what).toBe(true);
      const loaded = load(YAML, XTCE.replaceAll(from, to));
      expect(loaded.dictionary, what).toBeUndefined();
      expect(messages(loaded).join('\n'), what).toMatch(expected);
    }
  });

  it('refuses a link time code the packet container does not describe', () => {
    const loaded = load(
      YAML.replace('coarseOctets: 4, fineOctets: 2', 'coarseOctets: 4, fineOctets: 3'),
      XTCE.replace('name="OBT_Fine" parameterTypeRef="uint16"', 'name="OBT_Fine" parameterTypeRef="uint8"'),
    );
    expect(loaded.dictionary).toBeUndefined();
    expect(messages(loaded).join('\n')).toMatch(
      /mission\.yaml:\d+: spacecraft\.0\.link\.packetTime: the packet container holds 96 bits, but the primary header and this 7-octet time code take 104/,
    );
  });
});
