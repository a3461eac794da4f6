import { describe, expect, it } from 'vitest';
import {
  MAX_SPAN_MS,
  MIN_SPAN_MS,
  pan,
  parseInvestigate,
  resolveRange,
  serializeInvestigate,
  zoomTo,
  type InvestigateState,
} from '../../client/lib/investigateState';
import { parseFleetFilter } from '../../client/lib/fleet';
import { T0 } from '../fixtures/dashboard';

describe('Investigate URL state', () => {
  const states: InvestigateState[] = [
    { spacecraft: ['imece'], parameters: ['eps.batt_soc'], range: { kind: 'last', key: '15m' } },
    {
      spacecraft: ['imece', 'kazeosat-1'],
      parameters: ['eps.batt_voltage', 'adcs.wheel_speed_1'],
      range: { kind: 'absolute', fromMs: T0 - 3_600_000, toMs: T0 },
    },
  ];

  it.each(states)('round-trips through the query string (%#)', (state) => {
    const qs = serializeInvestigate(state).toString();
    expect(parseInvestigate(new URLSearchParams(qs))).toEqual(state);
  });

  it('writes absolute windows as readable UTC times', () => {
    const qs = serializeInvestigate(states[1]!);
    expect(qs.get('to')).toBe('2026-11-25T12:00:00.000Z');
  });

  it('falls back to sane values for hand-edited links', () => {
    const s = parseInvestigate(new URLSearchParams('sc=a,b,c,a&p=&last=99y&from=bad'));
    expect(s.spacecraft).toEqual(['a', 'b']);
    expect(s.parameters).toEqual([]);
    expect(s.range).toEqual({ kind: 'last', key: '1h' });
  });

  it('zooms and pans within the allowed span', () => {
    expect(zoomTo(T0 + 5, T0)).toEqual(resolveRangeAbsolute(T0 + 2.5, MIN_SPAN_MS));
    const wide = pan({ kind: 'absolute', fromMs: 0, toMs: 2 * MAX_SPAN_MS }, 0, 0);
    expect(wide.kind === 'absolute' && wide.toMs - wide.fromMs).toBe(MAX_SPAN_MS);
    const back = pan({ kind: 'last', key: '1h' }, -0.5, T0);
    expect(resolveRange(back, T0)).toEqual({ fromMs: T0 - 5_400_000, toMs: T0 - 1_800_000 });
  });
});

function resolveRangeAbsolute(mid: number, span: number) {
  return { kind: 'absolute', fromMs: Math.round(mid - span / 2), toMs: Math.round(mid + span / 2) };
}

describe('Fleet URL state', () => {
  it('reads filters and ignores unknown values', () => {
    expect(parseFleetFilter(new URLSearchParams('partner=KZ&status=warning&sort=soc'))).toEqual({
      partner: 'KZ',
      status: 'warning',
      sort: 'soc',
    });
    expect(parseFleetFilter(new URLSearchParams('status=bogus&sort=x'))).toEqual({
      partner: null,
      status: null,
      sort: 'status',
    });
  });
});
