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
import { TEXTS, textCode } from '../../shared/dictionary';
import { frameContext, judgeSample } from '../../server/limits/sample';

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
      [
        'ImagerStatus',
        101,
        ['imager.detector_temp/PAYLOAD', 'imager.last_file/PAYLOAD', 'imager.last_exposure/PAYLOAD'],
      ],
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
    const exposure = loaded.dictionary!.packets[2]!.parameters[2]!;
    expect(exposure).toMatchObject({ id: 'imager.last_exposure', time: { epoch: 'TAI' }, unit: '' });
    expect(exposure.limits).toBeUndefined();
    // 1 July 2026 12:00:00.5 UTC, 37 s behind TAI.
    const exposureMs = Date.UTC(2026, 6, 1, 12, 0, 0, 500);
    const file = TEXTS.learn('IMG_0001.RAW');
    const bytes = frame(loaded, 'ImagerStatus', [21.5, file, exposureMs]);
    const decoded = missionFrameDecoder(loaded as Required<LoadedMission>).decode(bytes);
    if (!decoded.ok) throw new Error(decoded.error);
    expect(decoded.frame.eng).toEqual([21.5, file, exposureMs]);
    // Read by hand: 48 bits of 1/65536 s since 1958-01-01 TAI, after the detector temperature and 16 octets
    // of file name.
    const packet = Buffer.from(bytes.subarray(6));
    const taiSeconds = packet.readUIntBE(15 + 16, 6) / 65536;
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

  it('reads a string as its text, up to the first NUL, and the fields after it where the XTCE puts them', () => {
    // A frame count after the file name, so that a field follows the string in the packet.
    const xtce = XTCE.replace(
      '<Parameter name="last_exposure"',
      '<Parameter name="frame_count" parameterTypeRef="/Meridian/uint16" shortDescription="Frames taken"/>\n<Parameter name="last_exposure"',
    ).replace(
      '<ParameterRefEntry parameterRef="Instrument/Imager/last_file"/>',
      '<ParameterRefEntry parameterRef="Instrument/Imager/last_file"/><ParameterRefEntry parameterRef="Instrument/Imager/frame_count"/>',
    );
    const loaded = load(YAML, xtce);
    expect(messages(loaded)).toEqual([]);
    const imager = loaded.dictionary!.packets.find((p) => p.name === 'ImagerStatus')!;
    const file = imager.parameters.find((p) => p.id === 'imager.last_file')!;
    expect(file).toMatchObject({ string: { sizeBytes: 16 }, type: 'f64' });
    expect(file.limits).toBeUndefined();
    const exposureMs = Date.UTC(2026, 6, 1, 12, 0, 0);
    const bytes = frame(loaded, 'ImagerStatus', [-12.5, TEXTS.learn('IMG_7'), 4321, exposureMs]);
    const packet = Buffer.from(bytes.subarray(6));
    // Written by the simulator's encoder: the text, then NULs to the field's 16 octets.
    expect(packet.subarray(15, 15 + 16)).toEqual(Buffer.concat([Buffer.from('IMG_7'), Buffer.alloc(11)]));
    expect(packet.readUInt16BE(15 + 16)).toBe(4321);
    // Other text in the string's octets (all 16 used: no NUL at all), the frame's CRC made again.
    const written = 'Ärtist,"=x".tif';
    expect(Buffer.byteLength(written)).toBe(16);
    bytes.set(Buffer.from(written, 'utf8'), 6 + 15);
    const crcAt = bytes.length - 2;
    new DataView(bytes.buffer).setUint16(crcAt, crc16CcittFalse(bytes, 0, crcAt));
    const decoded = missionFrameDecoder(loaded as Required<LoadedMission>).decode(bytes);
    if (!decoded.ok) throw new Error(decoded.error);
    expect(decoded.frame.eng).toEqual([-12.5, textCode(written), 4321, exposureMs]);
    expect(TEXTS.textOf(decoded.frame.eng[1]!)).toBe(written);
  });

  it('judges limits in the context of a string, compared for equality only', () => {
    const contextOn = (operator: string) =>
      XTCE.replace(
        '</DefaultAlarm>\n          </FloatParameterType>\n          <!-- 16 octets',
        `</DefaultAlarm>
            <ContextAlarmList>
              <ContextAlarm name="dark frame">
                <ContextMatch><Comparison parameterRef="last_file" comparisonOperator="${operator}" value="DARK_FRAME"/></ContextMatch>
                <StaticAlarmRanges><WarningRange minInclusive="-5" maxInclusive="5"/></StaticAlarmRanges>
              </ContextAlarm>
            </ContextAlarmList>
          </FloatParameterType>
          <!-- 16 octets`,
      );
    const loaded = load(YAML, contextOn('=='));
    expect(messages(loaded)).toEqual([]);
    const imager = loaded.dictionary!.packets.find((p) => p.name === 'ImagerStatus')!;
    const temperature = imager.parameters[0]!;
    expect(temperature.contextLimits?.[0]?.when).toMatchObject({
      all: [{ parameter: 'imager.last_file', operator: '==', value: textCode('DARK_FRAME') }],
    });
    const levelWith = (file: string) => {
      const decoded = missionFrameDecoder(loaded as Required<LoadedMission>).decode(
        frame(loaded, 'ImagerStatus', [12, TEXTS.learn(file), Date.UTC(2026, 6, 1)]),
      );
      if (!decoded.ok) throw new Error(decoded.error);
      const context = frameContext(imager, decoded.frame.eng, () => undefined);
      return judgeSample(temperature, decoded.frame.eng[0]!, context, undefined).limit.level;
    };
    // 12 °C is nominal by default (-20…30) and beyond the dark frame's warning range (-5…5).
    expect(levelWith('DARK_FRAME')).toBe('yellow');
    expect(levelWith('IMG_0001')).toBe('nominal');
    expect(messages(load(YAML, contextOn('&lt;'))).join('\n')).toMatch(
      /meridian\.xml:\d+: the context compares the string last_file with <; a string can only be compared with == or !=/,
    );
  });

  it('refuses a derived parameter that computes with a string', () => {
    const yaml = `${YAML}\nderived:\n  - id: imager.file_times_two\n    name: File twice\n    subsystem: PAYLOAD\n    unit: ""\n    expression: imager.last_file * 2\n`;
    const loaded = load(yaml);
    expect(loaded.dictionary).toBeUndefined();
    expect(messages(loaded).join('\n')).toMatch(
      /mission\.yaml:\d+: derived parameter imager\.file_times_two reads imager\.last_file, a string; expressions compute with numbers only/,
    );
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
