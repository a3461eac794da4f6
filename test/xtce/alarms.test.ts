import { describe, expect, it } from 'vitest';
import {
  AlarmDebounce,
  alarmState,
  epochSecondsToUtcMs,
  taiMinusUtcMs,
  type ValueLookup,
} from '../../shared/xtce';
import { BitWriter, decoderFor, engByName, loadFixture } from '../helpers/xtce';

describe('XTCE alarms', () => {
  const database = loadFixture('alarms.xml');
  const current = database.parameterByName.get('/Alarms/current')!;
  const load = database.parameterByName.get('/Alarms/load')!;
  const eclipse = database.parameterByName.get('/Alarms/eclipse')!;
  const inSunlight: ValueLookup = (p) => (p === eclipse ? { raw: 0, eng: 'SUNLIT' } : undefined);
  const inEclipse: ValueLookup = (p) => (p === eclipse ? { raw: 1, eng: 'ECLIPSE' } : undefined);

  it('reads warning and critical ranges with inclusive and exclusive bounds', () => {
    expect(alarmState(current, 8, inSunlight)).toEqual({ level: 'nominal' });
    expect(alarmState(current, 8.001, inSunlight)).toEqual({ level: 'yellow', side: 'high' });
    // maxExclusive: 10 itself is outside the critical range.
    expect(alarmState(current, 9.999, inSunlight)).toEqual({ level: 'yellow', side: 'high' });
    expect(alarmState(current, 10, inSunlight)).toEqual({ level: 'red', side: 'high' });
    expect(alarmState(current, -8, inSunlight)).toEqual({ level: 'yellow', side: 'low' });
    expect(alarmState(current, -8.5, inSunlight)).toEqual({ level: 'red', side: 'low' });
  });

  it('applies the context alarm whose ContextMatch holds, and says which', () => {
    expect(alarmState(current, -10, inEclipse)).toEqual({ level: 'nominal', context: 'eclipse == ECLIPSE' });
    expect(alarmState(current, -13, inEclipse)).toEqual({
      level: 'yellow',
      side: 'low',
      context: 'eclipse == ECLIPSE',
    });
    expect(alarmState(current, 10, inEclipse)).toEqual({
      level: 'yellow',
      side: 'high',
      context: 'eclipse == ECLIPSE',
    });
    // Without the other parameter's value the default alarm applies.
    expect(alarmState(current, -10, () => undefined)).toEqual({ level: 'red', side: 'low' });
  });

  it('raises an alarm only after minViolations consecutive violations', () => {
    const debounce = new AlarmDebounce();
    const states = [90, 90, 90, 50, 96].map((value) =>
      debounce.apply('sat/load', load, alarmState(load, value, inSunlight), inSunlight),
    );
    expect(states.map((s) => s.level)).toEqual(['nominal', 'nominal', 'yellow', 'nominal', 'nominal']);
  });

  it('labels enumeration alarms by state', () => {
    const states = loadFixture('states.xml');
    const mode = states.parameterByName.get('/States/mode')!;
    expect(alarmState(mode, 'FAULT', () => undefined)).toEqual({ level: 'red', side: 'state' });
    expect(alarmState(mode, 'TEST', () => undefined)).toEqual({ level: 'yellow', side: 'state' });
    expect(alarmState(mode, 'ON', () => undefined)).toEqual({ level: 'nominal' });
  });

  it('checks decoded values end to end', () => {
    const decoder = decoderFor(database, '/Alarms/Packet');
    const eng = engByName(decoder.decode(new BitWriter().uint(1, 8).int(-13_000, 16).uint(20, 8).bytes()));
    expect(eng).toEqual({ eclipse: 'ECLIPSE', current: -13, load: 20 });
  });
});

describe('XTCE absolute time', () => {
  const decoder = decoderFor(loadFixture('time.xml'), '/Time/Packet');

  it('reads seconds and a binary fraction from the 1970 UTC epoch', () => {
    const seconds = 1_800_000_000;
    const bytes = new BitWriter().uint(0, 48).uint(seconds, 32).uint(0x8000, 16).bytes();
    expect(engByName(decoder.decode(bytes)).onboardUtc).toBe(seconds * 1000 + 500);
  });

  it('removes the leap seconds counted by TAI since 1958', () => {
    // 2020-01-01 UTC is 37 s of leap seconds after the TAI count that started at 1958-01-01.
    const utcMs = Date.UTC(2020, 0, 1);
    const taiSeconds = (utcMs - Date.UTC(1958, 0, 1)) / 1000 + 37;
    const bytes = new BitWriter().uint(taiSeconds, 32).uint(0, 16).uint(0, 48).bytes();
    expect(engByName(decoder.decode(bytes)).onboardTai).toBe(utcMs);
  });

  it('knows TAI−UTC on each side of a leap second and holds at 23:59:59.999 during it', () => {
    expect(taiMinusUtcMs(Date.UTC(2016, 11, 31, 23, 59, 59))).toBe(36_000);
    expect(taiMinusUtcMs(Date.UTC(2017, 0, 1))).toBe(37_000);
    const taiSecondsAtLeap = (Date.UTC(2017, 0, 1) - Date.UTC(1958, 0, 1)) / 1000 + 36;
    expect(epochSecondsToUtcMs('TAI', taiSecondsAtLeap + 0.5)).toBe(Date.UTC(2017, 0, 1) - 1);
    expect(epochSecondsToUtcMs('TAI', taiSecondsAtLeap + 1)).toBe(Date.UTC(2017, 0, 1));
  });

  it('counts GPS time from 1980-01-06 without leap seconds', () => {
    // GPS week 2000 started 2018-05-06 00:00:18 UTC... i.e. 18 leap seconds since the GPS epoch.
    expect(epochSecondsToUtcMs('GPS', 2000 * 7 * 86_400)).toBe(Date.UTC(2018, 4, 6) - 18_000);
  });
});
