import { describe, expect, it } from 'vitest';
import { downsampleMinMax } from '../../client/charts/downsample';
import { timeTicks } from '../../client/charts/axisTicks';
import { chartDomain, limitBands, limitsInEffect } from '../../client/charts/limits';
import { DICTIONARY } from '../../server/mission/shipped';
import { observeServerTime, serverNow } from '../../client/lib/serverClock';
import { quaternionToEuler, rotate } from '../../client/lib/attitude';
import { groupOverlappingPasses, multiStationGroups } from '../../client/lib/passes';
import { csvUnit, historyCsv, toCsv } from '../../client/lib/exportFiles';
import { formatReading } from '../../client/lib/format';
import { chartWords } from '../../client/charts/LiveChart';
import { makeI18n } from '../../client/i18n';
import type { ParameterDef } from '../../shared/dictionary';
import type { Pass } from '../../shared/protocol';
import { T0 } from '../fixtures/dashboard';

/** Seeded pseudo-random numbers (mulberry32), so a failure reproduces. */
function seeded(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('downsampleMinMax', () => {
  const random = seeded(42);
  const points = Array.from({ length: 20_000 }, (_, i) => ({
    t: T0 + i * 100,
    v: Math.sin(i / 50) + random(),
  }));
  points[12_345]!.v = 99; // a spike must survive
  points[777]!.v = -99;

  it('never gives more than two points per pixel, keeps the extremes and time order', () => {
    const out = downsampleMinMax(points, T0, T0 + 2_000_000, 300);
    expect(out.length).toBeLessThanOrEqual(600);
    expect(Math.max(...out.map((p) => p.v))).toBe(99);
    expect(Math.min(...out.map((p) => p.v))).toBe(-99);
    for (let i = 1; i < out.length; i++) expect(out[i]!.t).toBeGreaterThanOrEqual(out[i - 1]!.t);
  });

  it('returns the points as they are when they fit, and drops those outside the window', () => {
    const few = points.slice(0, 10);
    expect(downsampleMinMax(few, T0, T0 + 450, 100)).toEqual(few.slice(0, 5));
  });
});

describe('limit bands', () => {
  const limits = { yellow: { low: 27.2, high: 33.4 }, red: { low: 25.6, high: 33.8 } };

  it('uses the limits of the context the server checked the value in, else the defaults', () => {
    const current = DICTIONARY.packets.flatMap((p) => p.parameters).find((p) => p.id === 'eps.batt_current')!;
    expect(limitsInEffect(current, 'eclipse')?.yellow?.low).toBe(-12);
    expect(limitsInEffect(current, undefined)?.yellow?.low).toBe(-4);
    expect(limitsInEffect(current, 'no such context')?.yellow?.low).toBe(-4);
  });

  it('colours beyond red red and between red and yellow yellow, clipped to the axis', () => {
    expect(limitBands(limits, [25, 34])).toEqual([
      { level: 'red', y1: 25, y2: 25.6 },
      { level: 'yellow', y1: 25.6, y2: 27.2 },
      { level: 'yellow', y1: 33.4, y2: 33.8 },
      { level: 'red', y1: 33.8, y2: 34 },
    ]);
    expect(limitBands(limits, [28, 30])).toEqual([]);
  });

  it('handles one-sided limits (state of charge has only low limits)', () => {
    expect(limitBands({ yellow: { low: 60 }, red: { low: 40 } }, [30, 100])).toEqual([
      { level: 'red', y1: 30, y2: 40 },
      { level: 'yellow', y1: 40, y2: 60 },
    ]);
  });

  it('brings a near yellow limit into view but does not flatten the curve for a far one', () => {
    const [lo, hi] = chartDomain([31, 32.5], limits);
    expect(hi).toBeGreaterThan(33.4);
    expect(lo).toBeGreaterThan(27.2);
    expect(chartDomain([], limits)[0]).toBeLessThan(27.2);
  });
});

describe('server clock', () => {
  it('extrapolates the server time at the simulation rate it observes', () => {
    let clock = observeServerTime(null, T0, 0);
    clock = observeServerTime(clock, T0 + 60_000, 1000);
    clock = observeServerTime(clock, T0 + 180_000, 3000);
    expect(clock.rate).toBeCloseTo(60);
    expect(serverNow(clock, 4000)).toBeCloseTo(T0 + 240_000);
  });
});

describe('attitude', () => {
  it('turns a quaternion into roll, pitch and yaw', () => {
    const half = Math.PI / 8; // 45° about z
    const e = quaternionToEuler({ q0: Math.cos(half), q1: 0, q2: 0, q3: Math.sin(half) });
    expect(e.yawDeg).toBeCloseTo(45);
    expect(e.rollDeg).toBeCloseTo(0);
    const x = rotate({ q0: Math.SQRT1_2, q1: 0, q2: 0, q3: Math.SQRT1_2 }, [1, 0, 0]);
    expect(x[1]).toBeCloseTo(1);
  });
});

describe('passes', () => {
  const pass = (
    spacecraftId: string,
    stationId: string,
    aosMin: number,
    losMin: number,
    frames = 0,
  ): Pass => ({
    spacecraftId,
    stationId,
    aosMs: T0 + aosMin * 60_000,
    tcaMs: T0 + ((aosMin + losMin) / 2) * 60_000,
    losMs: T0 + losMin * 60_000,
    maxElevationDeg: 40,
    aosAzimuthDeg: 0,
    losAzimuthDeg: 180,
    ...(frames
      ? { reception: { stationId, frames, uniqueFrames: frames, meanSnrDb: 10, bestSnrDb: 12, gaps: [] } }
      : {}),
  });

  it('groups overlapping passes of one spacecraft over several stations', () => {
    const groups = groupOverlappingPasses([
      pass('imece', 'ankara', 0, 10, 100),
      pass('imece', 'baku', 4, 14, 80),
      pass('imece', 'astana', 60, 70),
      pass('kazeosat-1', 'astana', 5, 15, 50),
    ]);
    expect(groups.map((g) => g.passes.length)).toEqual([2, 1, 1]);
    expect(multiStationGroups(groups).map((g) => g.spacecraftId)).toEqual(['imece']);
  });
});

describe('CSV export', () => {
  it('quotes what needs quoting and writes one row per point shown', () => {
    expect(toCsv([['a,b', 'say "hi"', 3]])).toBe('"a,b","say ""hi""",3\r\n');
    const csv = historyCsv(
      [
        {
          spacecraftId: 'imece',
          from: T0,
          to: T0 + 1000,
          series: [
            {
              parameterId: 'eps.batt_soc',
              downsampled: false,
              points: [{ t: T0, v: 80, min: 80, max: 80, n: 1 }],
            },
          ],
        },
      ],
      () => '%',
    );
    expect(csv.split('\r\n')[1]).toBe(`2026-11-25T12:00:00.000Z,${T0},imece,eps.batt_soc,80,%,80,80,1,false`);
  });
});

describe('a time parameter', () => {
  const exposure: ParameterDef = {
    id: 'imager.last_exposure',
    name: 'Start of the last exposure',
    subsystem: 'PAYLOAD',
    type: 'f64',
    scale: 1 / 65536,
    offset: 0,
    time: { epoch: 'TAI' },
    unit: '',
  };
  const volts = DICTIONARY.packets.flatMap((p) => p.parameters).find((p) => p.id === 'eps.batt_voltage')!;
  const at = Date.UTC(2026, 10, 25, 12, 34, 56, 789);

  it('reads as a UTC date and time, a number as itself with its unit', () => {
    expect(formatReading('en', exposure, at)).toBe('25/11/2026 12:34:56 UTC');
    expect(formatReading('ru', exposure, at)).toBe('25.11.2026 12:34:56 UTC');
    expect(formatReading('en', volts, 28.125)).toBe(`28.125 ${volts.unit}`);
  });

  it('labels its chart axis with times of day and its CSV values as UTC milliseconds', () => {
    const words = chartWords(makeI18n('en'), exposure);
    expect(words.value(at, 0)).toBe('12:34:56');
    expect(words.reading(at)).toBe('25/11/2026 12:34:56 UTC');
    expect(chartWords(makeI18n('en'), volts).value(28.125, 1)).toBe('28.1');
    expect(csvUnit(exposure)).toBe('ms since 1970-01-01 UTC');
    expect(csvUnit(volts)).toBe(volts.unit);
  });
});

describe('timeTicks', () => {
  it('puts at most the asked number of ticks on round UTC multiples', () => {
    const from = T0 + 7_000;
    const ticks = timeTicks(from, from + 15 * 60_000, 6);
    expect(ticks.length).toBeLessThanOrEqual(6);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    const step = ticks[1]! - ticks[0]!;
    expect(step).toBe(300_000);
    for (const t of ticks) expect(t % step).toBe(0);
  });
});
