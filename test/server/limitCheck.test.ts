import { describe, expect, it } from 'vitest';
import { checkLimits, isMonitored } from '../../server/limits/check';
import { AlarmBook } from '../../server/limits/alarms';
import { dictionaryIndex } from '../helpers/stations';

const param = (id: string) => dictionaryIndex.parameterById.get(id)!;
const noContext = () => undefined;

describe('checkLimits', () => {
  it('grades values against yellow and red on both sides', () => {
    const voltage = param('eps.batt_voltage');
    expect(checkLimits(voltage, 30, 30000, noContext)).toEqual({ level: 'nominal' });
    expect(checkLimits(voltage, 27, 27000, noContext)).toEqual({ level: 'yellow', side: 'low' });
    expect(checkLimits(voltage, 25, 25000, noContext)).toEqual({ level: 'red', side: 'low' });
    expect(checkLimits(voltage, 33.5, 33500, noContext)).toEqual({ level: 'yellow', side: 'high' });
    expect(checkLimits(voltage, 34, 34000, noContext)).toEqual({ level: 'red', side: 'high' });
  });

  it('holds a violation inside the hysteresis margin and releases it beyond', () => {
    const temp = param('eps.batt_temp'); // yellow 5…30 °C: the margin is 2 % of 25 °C = 0.5 °C
    const held = { level: 'yellow' as const, side: 'high' as const };
    expect(checkLimits(temp, 29.8, 2980, noContext, held)).toEqual(held);
    expect(checkLimits(temp, 29.4, 2940, noContext, held)).toEqual({ level: 'nominal' });
    // A red that falls back below the red threshold but not below yellow's becomes yellow.
    expect(checkLimits(temp, 35, 3500, noContext, { level: 'red', side: 'high' })).toEqual(held);
  });

  it('flags enum states that are alarms', () => {
    const mode = param('adcs.mode');
    expect(checkLimits(mode, 4, 4, noContext)).toEqual({ level: 'red', side: 'state' });
    expect(checkLimits(mode, 0, 0, noContext)).toEqual({ level: 'yellow', side: 'state' });
    expect(checkLimits(mode, 2, 2, noContext)).toEqual({ level: 'nominal' });
  });

  it('applies the first matching context, including contexts without limits', () => {
    const wheel = param('adcs.wheel_speed_1');
    const imaging = (id: string) => (id === 'adcs.mode' ? 3 : undefined);
    expect(checkLimits(wheel, 5500, 5500, noContext)).toEqual({ level: 'yellow', side: 'high' });
    expect(checkLimits(wheel, 5500, 5500, imaging)).toEqual({ level: 'nominal', context: 'imaging' });
    const pointing = param('adcs.pointing_error');
    expect(checkLimits(pointing, 5, 5000, (id) => (id === 'adcs.mode' ? 4 : undefined))).toEqual({
      level: 'nominal',
      context: 'coarse',
    });
    expect(isMonitored(param('eps.solar_current'))).toBe(false);
  });
});

describe('AlarmBook', () => {
  const base = { spacecraftId: 'sc', parameterId: 'p', kind: 'limit' as const, playback: false, nowMs: 0 };
  const red = { level: 'red' as const, side: 'high' as const };

  it('reactivates a cleared, unacknowledged alarm instead of opening a second one', () => {
    let n = 0;
    const book = new AlarmBook(() => `a${++n}`);
    expect(book.observe({ ...base, state: red, value: 10, timeMs: 1 })?.transition).toBe('opened');
    expect(book.observe({ ...base, state: { level: 'nominal' }, value: 1, timeMs: 2 })?.transition).toBe(
      'cleared',
    );
    expect(book.observe({ ...base, state: red, value: 12, timeMs: 3 })?.transition).toBe('reactivated');
    expect(book.list()).toHaveLength(1);
    expect(book.list()[0]).toMatchObject({ id: 'a1', worstValue: 12, active: true, clearedAtMs: null });
    expect(book.takeDirty()).toHaveLength(1);
    expect(book.takeDirty()).toHaveLength(0);
  });

  it('keeps playback alarms apart from live ones', () => {
    const book = new AlarmBook(() => 'id' + Math.random());
    book.observe({ ...base, state: red, value: 10, timeMs: 1, playback: true });
    expect(book.liveLevel('sc', 0)).toBe('nominal');
    book.observe({ ...base, state: red, value: 10, timeMs: 1 });
    expect(book.liveLevel('sc', 0)).toBe('red');
    expect(book.list()).toHaveLength(2);
  });
});
