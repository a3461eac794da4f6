import { describe, expect, it } from 'vitest';
import { PacketDecoder } from '../../shared/xtce';
import { BitWriter, decoderFor, engByName, fixtureProblems, loadFixture, rawByName } from '../helpers/xtce';

describe('XTCE decoder: integer encodings and references', () => {
  const database = loadFixture('integers.xml');
  const decoder = decoderFor(database, '/Ints/Packet');

  it('reads unsigned, two’s complement and sign-magnitude fields at any bit position', () => {
    const bytes = new BitWriter()
      .uint(1, 1)
      .uint(5, 3)
      .int(-1000, 12)
      .uint(0x800 | 27, 12) // sign-magnitude −27
      .uint(2 ** 40 + 12345, 64)
      .int(-2, 16)
      .bytes();
    expect(rawByName(decoder.decode(bytes))).toEqual({
      flag: 1,
      small: 5,
      twos: -1000,
      magnitude: -27,
      wide: 2 ** 40 + 12345,
      signed16: -2,
    });
  });

  it('resolves bare, relative, parent and absolute references to qualified names', () => {
    expect([...database.parameterByName.keys()]).toEqual([
      '/Ints/flag',
      '/Ints/small',
      '/Ints/Sub/twos',
      '/Ints/Sub/magnitude',
      '/Ints/Sub/Deep/wide',
      '/Ints/Sub/Deep/signed16',
    ]);
    expect(database.parameterByName.get('/Ints/Sub/Deep/signed16')!.type.qualifiedName).toBe('/Ints/S16');
  });

  it('rejects a packet shorter than its entries instead of reading past it', () => {
    const short = new BitWriter().uint(0, 8).bytes();
    expect(decoder.decode(short)).toEqual({ ok: false, error: 'out_of_packet' });
  });

  it('decodes a packet inside a larger buffer from its offset', () => {
    const packet = new BitWriter()
      .uint(0, 1)
      .uint(7, 3)
      .int(5, 12)
      .uint(3, 12)
      .uint(9, 64)
      .int(300, 16)
      .bytes();
    const framed = new Uint8Array([0xaa, 0xbb, ...packet, 0xcc]);
    expect(rawByName(decoder.decode(framed, 2, 2 + packet.length))).toMatchObject({
      small: 7,
      signed16: 300,
    });
  });
});

describe('XTCE decoder: floats, calibrators and units', () => {
  const database = loadFixture('floats.xml');
  const decoder = decoderFor(database, '/Floats/Packet');
  const packet = new BitWriter()
    .float32(1.5)
    .float64(-1234.5678)
    .uint(12_000, 16)
    .uint(7, 8)
    .uint(150, 8)
    .uint(0, 4)
    .float32(-0.25)
    .uint(0, 4)
    .bytes();

  it('reads IEEE 754 floats, including one off a byte boundary', () => {
    const eng = engByName(decoder.decode(packet));
    expect(eng.single).toBe(1.5);
    expect(eng.double).toBe(-1234.5678);
    expect(eng.shiftedSingle).toBe(-0.25);
  });

  it('calibrates integer-encoded floats with polynomial and spline calibrators', () => {
    const eng = engByName(decoder.decode(packet));
    expect(eng.bus).toBeCloseTo(0.5 + 12, 9);
    expect(eng.square).toBe(49);
    expect(eng.thermistor).toBeCloseTo(20, 9);
  });

  it('inherits encoding and unit through baseType', () => {
    const bus = database.parameterByName.get('/Floats/bus')!;
    expect(bus.type.unit).toBe('V');
    expect(bus.type.description).toBe('Bus');
    expect(database.parameterByName.get('/Floats/double')!.type.unit).toBe('m');
  });
});

describe('XTCE decoder: enumerations, booleans and strings', () => {
  const decoder = decoderFor(loadFixture('states.xml'), '/States/Packet');

  it('labels enumerated values, including a range, and booleans with their own labels', () => {
    const packet = (mode: number, heater: number) =>
      new BitWriter().uint(mode, 4).uint(heater, 1).uint(0, 3).ascii('ORTAQ', 8).bytes();
    expect(engByName(decoder.decode(packet(2, 1)))).toEqual({ mode: 'FAULT', heater: 'WARM', name: 'ORTAQ' });
    expect(engByName(decoder.decode(packet(11, 0)))).toMatchObject({ mode: 'TEST', heater: 'COLD' });
    // An undeclared value keeps its number rather than being given a wrong label.
    expect(engByName(decoder.decode(packet(5, 0))).mode).toBe(5);
  });

  it('keeps enumerations and booleans as numbers when labels are not wanted (the live path names them)', () => {
    const database = loadFixture('states.xml');
    const numbers = new PacketDecoder(
      database.containerByName.get('/States/Packet')!,
      database.parameters.length,
      { labels: false },
    );
    const bytes = new BitWriter().uint(2, 4).uint(1, 1).uint(0, 3).ascii('ORTAQ', 8).bytes();
    expect(engByName(numbers.decode(bytes))).toEqual({ mode: 2, heater: 1, name: 'ORTAQ' });
  });

  it('skips CommandMetaData with a note, not an error', () => {
    expect(fixtureProblems('states.xml')).toEqual([
      'states.xml:45: note: CommandMetaData is skipped: Ortaq receives telemetry only',
    ]);
  });
});

describe('XTCE decoder: container inheritance and entries', () => {
  const database = loadFixture('containers.xml');
  const decoder = decoderFor(database, '/Sat/CCSDSPacket');
  const header = (apid: number) =>
    new BitWriter().uint(0, 3).uint(0, 1).uint(1, 1).uint(apid, 11).uint(3, 2).uint(42, 14).uint(9, 16);

  it('descends to the packet whose restriction criteria match, comparing labels or raw values', () => {
    const short = decoder.decode(header(100).uint(1, 8).uint(10, 8).uint(20, 8).bytes());
    expect(short.ok && short.packet.container.qualifiedName).toBe('/Sat/ShortHk');
    expect(engByName(short)).toMatchObject({ apid: 100, kind: 'SHORT', a: 10, b: 20 });
  });

  it('includes an entry only when its condition holds and places entries from previousEntry and containerStart', () => {
    const withExtra = header(100).uint(2, 8).uint(1, 8).uint(2, 8).uint(0xbeef, 16).uint(0, 8).uint(77, 8);
    const decoded = decoder.decode(withExtra.uint(99, 8).bytes());
    expect(decoded.ok && decoded.packet.container.name).toBe('LongHk');
    // pad is 104 bits from the start of the packet, wherever the entries before it ended.
    expect(rawByName(decoded)).toMatchObject({ a: 1, b: 2, extra: 0xbeef, tail: 77, pad: 99 });

    const withoutExtra = header(100).uint(2, 8).uint(0, 8).uint(2, 8).uint(0, 8).uint(55, 8);
    const names = rawByName(decoder.decode(withoutExtra.uint(0, 8).uint(0, 8).uint(5, 8).bytes()));
    expect(names.extra).toBeUndefined();
    expect(names.pad).toBe(5);
    expect(names.tail).toBe(55);
  });

  it('keeps each decoded packet its own values while reading the next into the same buffers', () => {
    const first = decoder.decode(header(100).uint(1, 8).uint(10, 8).uint(20, 8).bytes());
    decoder.decode(header(100).uint(1, 8).uint(11, 8).uint(21, 8).bytes());
    expect(rawByName(first)).toMatchObject({ apid: 100, a: 10, b: 20 });
  });

  it('passes over the parameters the caller does not want, still choosing the packet by the others', () => {
    const index = (name: string) => database.parameterByName.get(name)!.index;
    const root = database.containerByName.get('/Sat/CCSDSPacket')!;
    const wanted = new Set([index('/Sat/a'), index('/Sat/tail')]);
    const partial = new PacketDecoder(root, database.parameters.length, { wanted });
    const bytes = header(100)
      .uint(2, 8)
      .uint(1, 8)
      .uint(2, 8)
      .uint(0xbeef, 16)
      .uint(0, 8)
      .uint(77, 8)
      .uint(99, 8)
      .bytes();
    const full = decoder.decode(bytes);
    expect(partial.read(bytes)).toBeUndefined();
    const values = partial.values;
    expect(values.container.name).toBe('LongHk');
    expect(values.bitsRead).toBe(full.ok ? full.packet.bitsRead : -1);
    const read = Object.fromEntries(
      values.parameters.map((p, i) => [p.name, values.raw[i]] as const).slice(0, values.count),
    );
    // Restriction and include conditions read apid, kind and flag: those are read whatever is wanted.
    expect(read).toMatchObject({ apid: 100, kind: 2, a: 1, tail: 77 });
    expect(read.b).toBeNaN();
    expect(read.pad).toBeNaN();
  });

  it('rejects a packet that matches only an abstract container', () => {
    expect(decoder.decode(header(5).uint(0, 32).bytes())).toEqual({ ok: false, error: 'no_match' });
    expect(decoder.decode(header(100).uint(3, 8).uint(0, 16).bytes())).toEqual({
      ok: false,
      error: 'no_match',
    });
  });

  it('never throws on arbitrary bytes', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
    for (let i = 0; i < 2000; i++) {
      const bytes = Uint8Array.from({ length: next() % 24 }, () => next() & 0xff);
      const result = decoder.decode(bytes);
      expect(typeof result.ok).toBe('boolean');
    }
  });
});
