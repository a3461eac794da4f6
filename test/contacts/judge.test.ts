// The one judgement of a pass: outcome, cause and settling from hand-made evidence.
import { describe, expect, it } from 'vitest';
import type { ReceptionRow } from '../../server/archive/types';
import { judgeContact, REVIEW_MS, SETTLE_LIMIT_MS, type ContactEvidence } from '../../server/contacts/judge';
import { cadenceMs } from '../../server/passes/receptionGaps';

const AOS = Date.UTC(2026, 10, 25, 6, 0, 0);
const LOS = AOS + 600_000;
const pass = { spacecraftId: 'kazeosat-1', stationId: 'astana', aosMs: AOS, losMs: LOS, maxElevationDeg: 40 };

/** Realtime packet times every `stepMs` over [fromMs, toMs). */
const times = (fromMs: number, toMs: number, stepMs = 1000) => {
  const out: number[] = [];
  for (let t = fromMs; t < toMs; t += stepMs) out.push(t);
  return out;
};
const rows = (ms: readonly number[]): ReceptionRow[] =>
  ms.map((t) => ({
    firstMs: t,
    lastMs: t + 100,
    frames: 5,
    uniqueFrames: 5,
    snrSumDb: 50,
    snrCount: 5,
    bestSnrDb: 12,
  }));

function evidence(over: Partial<ContactEvidence>): ContactEvidence {
  return {
    pass,
    planned: null,
    notExpected: false,
    own: [],
    realtimeMs: [],
    telemetryMs: [],
    onboard: { transmitterOff: false, rebooted: false },
    knownRatePerS: null,
    link: null,
    nowMs: LOS + 120_000,
    ...over,
  };
}

describe('judgeContact', () => {
  it('completes a pass heard throughout, with the evidence', () => {
    const heard = times(AOS, LOS);
    const record = judgeContact(evidence({ own: rows(heard), realtimeMs: heard }));
    expect(record).toMatchObject({ outcome: 'completed', cause: null, settled: true, gaps: [] });
    expect(record.heardFraction).toBeGreaterThan(0.99);
    expect(record.packetsExpected).toBe(600);
    expect(record.packetsReceived).toBe(3000);
    expect(record.framesReceived).toBe(3000);
    expect(record.lostFrames).toBeNull();
    expect(record.bestSnrDb).toBe(12);
    expect(record.meanSnrDb).toBe(10);
  });

  it('reads the cadence from the realtime packets: 10 s housekeeping is no gap', () => {
    const heard = times(AOS, LOS, 10_000);
    expect(cadenceMs(heard)).toBe(10_000);
    expect(judgeContact(evidence({ own: rows(heard), realtimeMs: heard })).outcome).toBe('completed');
  });

  it('blames the station when another station heard the spacecraft live while this one did not', () => {
    const everyone = times(AOS, LOS);
    const mine = times(AOS, AOS + 200_000);
    const record = judgeContact(evidence({ own: rows(mine), realtimeMs: everyone }));
    expect(record).toMatchObject({ outcome: 'partial', cause: 'station' });
    expect(record.gaps).toHaveLength(1);
    expect(record.gaps[0]!.toMs).toBe(LOS);
    expect(judgeContact(evidence({ realtimeMs: everyone })).cause).toBe('station');
  });

  it('blames the spacecraft when nobody heard it and its telemetry shows the transmitter off or a reboot', () => {
    const onboard = { transmitterOff: true, rebooted: false };
    expect(judgeContact(evidence({ onboard }))).toMatchObject({ outcome: 'missed', cause: 'spacecraft' });
    const rebooted = { transmitterOff: false, rebooted: true };
    expect(judgeContact(evidence({ onboard: rebooted })).cause).toBe('spacecraft');
  });

  it('says unknown otherwise, and keeps the record open until the telemetry of the pass arrived', () => {
    const early = judgeContact(evidence({}));
    expect(early).toMatchObject({ outcome: 'missed', cause: 'unknown', settled: false });
    // The spacecraft's recorded telemetry of the silence arrived (played back at a later pass).
    const telemetryMs = times(AOS, LOS, 30_000);
    expect(judgeContact(evidence({ telemetryMs })).settled).toBe(false);
    expect(judgeContact(evidence({ telemetryMs, nowMs: LOS + REVIEW_MS })).settled).toBe(true);
    // Live packets before the silence do not explain it.
    const heard = times(AOS, AOS + 200_000);
    const partial = evidence({
      own: rows(heard),
      realtimeMs: heard,
      telemetryMs: heard,
      nowMs: LOS + REVIEW_MS,
    });
    expect(judgeContact(partial).settled).toBe(false);
    expect(judgeContact(evidence({ nowMs: LOS + SETTLE_LIMIT_MS })).settled).toBe(true);
  });

  it('does not count played-back packets of the pass as heard', () => {
    // The station heard the spacecraft's dump of these seconds later: no realtime packet in them.
    const record = judgeContact(evidence({ own: rows(times(AOS, LOS, 30_000)) }));
    expect(record.outcome).toBe('missed');
    expect(record.packetsReceived).toBe(0);
  });

  it('makes a failed pass planned inside a maintenance window, and not expected for a notional spacecraft', () => {
    const planned = { windowId: 'w1', reason: 'antenna service' };
    expect(judgeContact(evidence({ planned }))).toMatchObject({ outcome: 'planned', cause: null, planned });
    expect(judgeContact(evidence({ notExpected: true }))).toMatchObject({ outcome: 'not_expected' });
    // Heard in full despite the window: completed, and the window is not carried.
    const heard = times(AOS, LOS);
    const record = judgeContact(evidence({ planned, own: rows(heard), realtimeMs: heard }));
    expect(record.outcome).toBe('completed');
    expect(record.planned).toBeUndefined();
  });

  it('takes frames and lost frames from the link layer when it counted the pass', () => {
    const heard = times(AOS, LOS);
    const record = judgeContact(
      evidence({ own: rows(heard), realtimeMs: heard, link: { frames: 900, lost: 12 } }),
    );
    expect(record).toMatchObject({ framesReceived: 900, framesExpected: 912, lostFrames: 12 });
  });

  it('expects packets from the last known rate when the pass gives none', () => {
    expect(judgeContact(evidence({ knownRatePerS: 5 })).packetsExpected).toBe(3000);
    expect(judgeContact(evidence({})).packetsExpected).toBeNull();
  });

  it('keeps at most the 20 longest gaps, in time order', () => {
    const heard = times(AOS, LOS, 1000).filter((t) => Math.floor((t - AOS) / 10_000) % 2 === 0);
    const record = judgeContact(evidence({ own: rows(heard), realtimeMs: times(AOS, LOS) }));
    expect(record.gaps).toHaveLength(20);
    expect(record.gaps.map((g) => g.fromMs)).toEqual([...record.gaps.map((g) => g.fromMs)].sort());
  });
});
