// The XTCE encoder is the decoder's mirror: what it writes from engineering values, the decoder reads back
// as the same values (to the field's resolution), for every encoding, calibration and container construct.
import { describe, expect, it } from 'vitest';
import { PacketEncoder } from '../../shared/xtce/encoder';
import { rawForEngineering } from '../../shared/xtce/inverse';
import type { XtceDatabase } from '../../shared/xtce';
import { decoderFor, engByName, loadFixture, rawByName } from '../helpers/xtce';
import { FrameCodec } from '../../shared/codec';
import { missionFrameDecoder } from '../../shared/mission/frameDecoder';
import { missionFrameEncoder } from '../../shared/mission/frameEncoder';
import { epochMs } from '../../shared/units';
import { DICTIONARY, SHIPPED_MISSION } from '../../server/mission/shipped';
import { seededRandom } from '../../shared/random';
import { LIDAR, PATHFINDER_MISSION, PF, pathfinderFrame } from '../helpers/pathfinder';

function encode(database: XtceDatabase, container: string, values: Record<string, number | string>) {
  const encoder = new PacketEncoder(database.containerByName.get(container)!);
  const bytes = new Uint8Array(64);
  const end = encoder.encode((p) => values[p.name], bytes, 0, 0);
  expect(end).toBeGreaterThan(0);
  return bytes.subarray(0, (end + 7) >>> 3);
}

describe('XTCE encoder', () => {
  it('writes integers of any width and encoding at any bit position', () => {
    const database = loadFixture('integers.xml');
    const values = { flag: 1, small: 5, twos: -1000, magnitude: -27, wide: 2 ** 40 + 12345, signed16: -2 };
    const bytes = encode(database, '/Ints/Packet', values);
    expect(rawByName(decoderFor(database, '/Ints/Packet').decode(bytes))).toEqual(values);
  });

  it('inverts polynomial and spline calibrations, and writes IEEE floats bit for bit', () => {
    const database = loadFixture('floats.xml');
    const values = {
      single: 1.5,
      double: -2.25e10,
      bus: 28.123,
      square: 144,
      thermistor: 21.47,
      shiftedSingle: -3,
    };
    const bytes = encode(database, '/Floats/Packet', values);
    const eng = engByName(decoderFor(database, '/Floats/Packet').decode(bytes));
    expect(eng.single).toBe(1.5);
    expect(eng.double).toBe(-2.25e10);
    expect(eng.bus).toBeCloseTo(28.123, 6);
    // Square: raw² with an 8-bit raw value, so 144 is raw 12 exactly.
    expect(eng.square).toBe(144);
    // The spline's 100…200 segment spans 20 °C over 100 raw steps: 21.47 °C is raw 157.35, written 157.
    expect(eng.thermistor).toBeCloseTo(21.4, 9);
    expect(eng.shiftedSingle).toBe(-3);
  });

  it('writes the restriction values that choose the container, include conditions and referenced containers', () => {
    const database = loadFixture('containers.xml');
    const values = { version: 7, sequenceCount: 9, a: 3, b: 4, extra: 0xbeef, tail: 6, pad: 1, length: 0 };
    const decoded = decoderFor(database, '/Sat/CCSDSPacket').decode(encode(database, '/Sat/LongHk', values));
    expect(decoded.ok && decoded.packet.container.name).toBe('LongHk');
    expect(rawByName(decoded)).toMatchObject({
      version: 0,
      apid: 100,
      kind: 2,
      a: 3,
      b: 4,
      extra: 0xbeef,
      tail: 6,
    });
    // a == 0: the include condition leaves `extra` out, and the decoder agrees.
    const without = decoderFor(database, '/Sat/CCSDSPacket').decode(
      encode(database, '/Sat/LongHk', { ...values, a: 0 }),
    );
    expect(rawByName(without)).not.toHaveProperty('extra');
  });

  it('holds a value beyond what the field or calibration can give at the nearest raw value', () => {
    const unsigned12 = rawForEngineering(
      { kind: 'integer', sizeInBits: 12, encoding: 'unsigned' },
      undefined,
    );
    expect([unsigned12(-5), unsigned12(5000), unsigned12(7.6)]).toEqual([0, 4095, 8]);
    const magnitude = rawForEngineering(
      { kind: 'integer', sizeInBits: 8, encoding: 'signMagnitude' },
      undefined,
    );
    expect([magnitude(-200), magnitude(200)]).toEqual([-127, 127]);
    const spline = rawForEngineering(
      { kind: 'integer', sizeInBits: 8, encoding: 'unsigned' },
      {
        kind: 'spline',
        order: 1,
        extrapolate: false,
        points: [
          { raw: 0, calibrated: -40 },
          { raw: 200, calibrated: 30 },
        ],
      },
    );
    expect([spline(-100), spline(100)]).toEqual([0, 200]);
    // x³ − 3x has no single inverse: the first crossing from the low end of the field is taken.
    const cubic = rawForEngineering(
      { kind: 'integer', sizeInBits: 8, encoding: 'twosComplement' },
      { kind: 'polynomial', coefficients: [0, -3, 0, 1] },
    );
    expect(cubic(18)).toBe(3);
  });
});

describe("the simulator's encoder generated from a mission's XTCE", () => {
  it("writes Ortaq's own packets byte for byte as the compiled frame codec does", () => {
    const encoder = missionFrameEncoder(SHIPPED_MISSION);
    const codec = new FrameCodec(DICTIONARY);
    const random = seededRandom(7);
    for (const packet of DICTIONARY.packets) {
      for (let n = 0; n < 20; n++) {
        const header = {
          scid: DICTIONARY.spacecraft[n % DICTIONARY.spacecraft.length]!.scid,
          vcid: n % 2,
          masterFrameCount: n,
          virtualFrameCount: n + 1,
          apid: packet.apid,
          sequenceCount: n * 37,
          timeMs: epochMs(Date.UTC(2026, 10, 2) + n * 1234.5),
        };
        // Raw values across each field, as engineering values.
        const values = packet.parameters.map((p) => {
          const raw = p.type.startsWith('f')
            ? random.next() * 1e4 - 5e3
            : Math.floor(random.next() * 200) - (p.type.startsWith('i') ? 100 : 0);
          return raw * p.scale + p.offset;
        });
        expect(encoder.encodeEngineering(header, values)).toEqual(codec.encodeEngineering(header, values));
      }
    }
  });

  it("writes a partner's packets that its decoder reads back, field by field", () => {
    const decoder = missionFrameDecoder(PATHFINDER_MISSION);
    const values = {
      [PF.tank]: 33.3,
      [PF.mode]: LIDAR.FAULT,
      [PF.heater]: -2.5,
      [PF.laser]: -12.34,
      [PF.shunt]: 31.7,
    };
    const decoded = decoder.decode(
      pathfinderFrame({ sequenceCount: 5, timeMs: Date.UTC(2026, 10, 2), values }),
    );
    if (!decoded.ok) throw new Error(decoded.error);
    const eng = Object.fromEntries(
      decoded.frame.packet.parameters.map((p, i) => [p.id, decoded.frame.eng[i]]),
    );
    // Spline: 0.03 °C a raw step between 0 and 60 °C; sign-magnitude: 2 mA; polynomial: well under a mV.
    expect(Math.abs(eng[PF.tank]! - 33.3)).toBeLessThan(0.015);
    expect(eng[PF.mode]).toBe(LIDAR.FAULT);
    expect(eng[PF.heater]).toBeCloseTo(-2.5, 9);
    expect(eng[PF.laser]).toBeCloseTo(-12.34, 9);
    expect(Math.abs(eng[PF.shunt]! - 31.7)).toBeLessThan(0.001);
    // The derived heater power follows the measured values of the same packet.
    expect(decoded.frame.eng.at(-1)).toBeCloseTo(eng[PF.heater]! * eng[PF.shunt]!, 9);
  });
});
