import { describe, expect, it } from 'vitest';
import { PARTNER_ID_PATTERN, SUBSYSTEMS, indexDictionary } from '../../shared/dictionary';
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
