import { describe, expect, it } from 'vitest';
import {
  distinctParameters,
  indexDictionary,
  packetOfFrame,
  PARTNER_ID_PATTERN,
  SUBSYSTEMS,
  type PacketDef,
  type ParameterDef,
} from '../../shared/dictionary';
import { DICTIONARY } from '../../server/mission/shipped';
import { MAX_APID, MAX_SCID } from '../../shared/codec/layout';

function tleChecksum(line: string): number {
  let sum = 0;
  for (const char of line.slice(0, 68)) {
    if (char >= '0' && char <= '9') sum += Number(char);
    else if (char === '-') sum += 1;
  }
  return sum % 10;
}

describe('telemetry dictionary', () => {
  it('has unique ids, SCIDs, APIDs and parameter ids', () => {
    const unique = (values: unknown[]) => expect(new Set(values).size).toBe(values.length);
    unique(DICTIONARY.spacecraft.map((s) => s.id));
    unique(DICTIONARY.spacecraft.map((s) => s.scid));
    unique(DICTIONARY.stations.map((s) => s.id));
    unique(DICTIONARY.packets.map((p) => p.apid));
    unique(DICTIONARY.packets.flatMap((p) => p.parameters.map((q) => q.id)));
  });

  it('covers every partner and subsystem', () => {
    const partners = DICTIONARY.partners.map((p) => p.id);
    for (const id of partners) expect(id).toMatch(PARTNER_ID_PATTERN);
    // Every partner that operates a spacecraft or a station is one the mission declares.
    for (const s of [...DICTIONARY.spacecraft, ...DICTIONARY.stations]) expect(partners).toContain(s.partner);
    const subsystems = new Set(DICTIONARY.packets.flatMap((p) => p.parameters.map((q) => q.subsystem)));
    for (const subsystem of SUBSYSTEMS) expect(subsystems).toContain(subsystem);
  });

  it('keeps SCIDs and APIDs inside their bit fields', () => {
    for (const s of DICTIONARY.spacecraft) expect(s.scid).toBeLessThanOrEqual(MAX_SCID);
    for (const p of DICTIONARY.packets) expect(p.apid).toBeLessThanOrEqual(MAX_APID);
  });

  it('bundles TLEs with valid checksums and matching NORAD ids', () => {
    for (const s of DICTIONARY.spacecraft) {
      for (const line of s.tle) {
        expect(line).toHaveLength(69);
        expect(tleChecksum(line)).toBe(Number(line[68]));
      }
      expect(Number(s.tle[0].slice(2, 7))).toBe(s.noradId);
      expect(Number(s.tle[1].slice(2, 7))).toBe(s.noradId);
    }
  });

  it('puts red limits outside yellow limits', () => {
    for (const parameter of DICTIONARY.packets.flatMap((p) => p.parameters)) {
      const sets = [parameter.limits, ...(parameter.contextLimits ?? []).map((c) => c.limits)];
      for (const limits of sets) {
        if (!limits?.yellow || !limits.red) continue;
        if (limits.yellow.low !== undefined && limits.red.low !== undefined) {
          expect(limits.red.low, parameter.id).toBeLessThan(limits.yellow.low);
        }
        if (limits.yellow.high !== undefined && limits.red.high !== undefined) {
          expect(limits.red.high, parameter.id).toBeGreaterThan(limits.yellow.high);
        }
      }
    }
  });

  it('refers only to existing parameters and states in context limits and alarm states', () => {
    const index = indexDictionary(DICTIONARY);
    for (const parameter of index.parameterById.values()) {
      for (const context of parameter.contextLimits ?? []) {
        // Ortaq's own contexts are each one state of another parameter.
        if (!('states' in context.when)) throw new Error(`${parameter.id}: a context of several comparisons`);
        const on = index.parameterById.get(context.when.parameter);
        expect(on, `${parameter.id} context`).toBeDefined();
        for (const state of context.when.states) expect(on?.states?.[state]).toBeDefined();
      }
      for (const state of Object.keys(parameter.alarmStates ?? {})) {
        expect(parameter.states?.[Number(state)], parameter.id).toBeDefined();
      }
    }
  });
});

describe('the dictionary index of packets that include one container', () => {
  const parameter = (id: string): ParameterDef => ({
    id,
    name: id,
    subsystem: 'OBC',
    type: 'u8',
    scale: 1,
    offset: 0,
    unit: '',
    source: { file: 'status.xml', qualifiedName: `/Status/${id}` },
  });
  const packet = (apid: number, name: string, ids: string[]): PacketDef => ({
    apid,
    name,
    kind: 'housekeeping',
    description: name,
    parameters: ids.map(parameter),
  });
  // Two packets on one APID that both start with the status block, and a third on another APID.
  const status = ['obc.mode', 'obc.temp'];
  const housekeeping = packet(100, 'Housekeeping', [...status, 'power.bus_voltage']);
  const memory = packet(100, 'Memory', [...status, 'obc.free_memory']);
  const diagnostics = packet(101, 'Diagnostics', ['thermal.board_temp', ...status]);
  const index = indexDictionary({ ...DICTIONARY, packets: [housekeeping, memory, diagnostics] });

  it('lists every packet carrying a parameter, and each parameter once', () => {
    expect(index.packetsOfParameter.get('obc.temp')).toEqual([housekeeping, memory, diagnostics]);
    expect(index.packetsOfParameter.get('obc.free_memory')).toEqual([memory]);
    expect(distinctParameters(index.dictionary.packets).map((p) => p.id)).toEqual([
      'obc.mode',
      'obc.temp',
      'power.bus_voltage',
      'obc.free_memory',
      'thermal.board_temp',
    ]);
  });

  it("finds a frame's packet by its APID and all its parameters, not its first one", () => {
    const ids = (p: PacketDef) => p.parameters.map((q) => q.id);
    expect(packetOfFrame(index, 100, ids(memory))).toBe(memory);
    expect(packetOfFrame(index, 100, ids(housekeeping))).toBe(housekeeping);
    expect(packetOfFrame(index, 101, ids(diagnostics))).toBe(diagnostics);
    expect(packetOfFrame(index, 100, ids(diagnostics))).toBeUndefined();
    expect(packetOfFrame(index, 102, ids(diagnostics))).toBeUndefined();
  });
});
