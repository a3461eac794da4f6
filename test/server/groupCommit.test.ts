import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../shared/protocol/api';
import { GroupCommitter, type SideRecords } from '../../server/ingest/groupCommit';
import type { CommitBatch, CommitResult, FrameRecord } from '../../server/archive/types';
import { encodedRecord } from '../helpers/records';

const T0 = Date.UTC(2026, 4, 1, 10);

const frame = (sequenceCount: number): FrameRecord =>
  encodedRecord({ sequenceCount, timeMs: T0 + sequenceCount * 1000, values: { 'eps.batt_soc': 90 } });

/** A store whose commits finish only when the test says, in any order it likes. */
class HeldStore {
  readonly pending: { batch: CommitBatch; finish: () => void; fail: (error: Error) => void }[] = [];
  inFlight = 0;
  mostInFlight = 0;

  commit(batch: CommitBatch): Promise<CommitResult> {
    this.inFlight++;
    this.mostInFlight = Math.max(this.mostInFlight, this.inFlight);
    return new Promise((resolve, reject) => {
      this.pending.push({
        batch,
        finish: () => {
          this.inFlight--;
          resolve(batch.frames.map(() => true));
        },
        fail: (error) => {
          this.inFlight--;
          reject(error);
        },
      });
    });
  }
}

const alarm = (id: string): Alarm => ({
  id,
  spacecraftId: 'kazeosat-1',
  parameterId: 'eps.batt_soc',
  kind: 'limit',
  level: 'yellow',
  active: true,
  openedAtMs: T0,
  clearedAtMs: null,
  lastValue: 20,
  worstValue: 20,
  playback: false,
  discoveredAtMs: T0,
  acknowledged: null,
  shelvedUntilMs: null,
});

function committer(store: HeldStore, maxInFlight: number) {
  const delivered: number[][] = [];
  const sides: { withAlarms: boolean; othersInFlight: number }[] = [];
  let dirtyAlarms: Alarm[] = [];
  const groupCommitter = new GroupCommitter(store, {
    maxDelayMs: 1,
    maxFrames: 2,
    maxInFlight,
    collectSide: (withAlarms): SideRecords => {
      sides.push({ withAlarms, othersInFlight: store.inFlight });
      const alarms = withAlarms ? dirtyAlarms : [];
      if (withAlarms) dirtyAlarms = [];
      return { alarms, events: [], stations: [], downlink: [] };
    },
    alarmsPending: () => dirtyAlarms.length > 0,
    onCommitted: (frames) => delivered.push(frames.map((f) => f.sequenceCount)),
  });
  return {
    groupCommitter,
    delivered,
    sides,
    dirty: (a: Alarm) => {
      dirtyAlarms.push(a);
      groupCommitter.requestSideCommit();
    },
  };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('group commit', () => {
  it('runs two commits at once where the store allows, and delivers them in the order they started', async () => {
    const store = new HeldStore();
    const { groupCommitter, delivered } = committer(store, 2);
    const order: string[] = [];
    const first = groupCommitter.submit([frame(1), frame(2)]).then(() => order.push('first'));
    const second = groupCommitter.submit([frame(3), frame(4)]).then(() => order.push('second'));
    await settled();
    expect(store.pending).toHaveLength(2);
    store.pending[1]!.finish();
    await settled();
    expect(order).toEqual([]);
    expect(delivered).toEqual([]);
    store.pending[0]!.finish();
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
    expect(delivered).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('never has more commits in flight than the store allows', async () => {
    const store = new HeldStore();
    const { groupCommitter } = committer(store, 1);
    const acks = Promise.all([1, 3, 5].map((n) => groupCommitter.submit([frame(n), frame(n + 1)])));
    let acked = false;
    void acks.then(() => (acked = true));
    while (!acked) {
      await settled();
      expect(store.inFlight).toBeLessThanOrEqual(1);
      for (const commit of store.pending.splice(0)) commit.finish();
    }
    expect((await acks).flat()).toEqual([true, true, true, true, true, true]);
    expect(store.mostInFlight).toBe(1);
  });

  it('writes alarm changes only on a commit that started alone, and holds a second commit back for them', async () => {
    const store = new HeldStore();
    const { groupCommitter, sides, dirty } = committer(store, 2);
    const first = groupCommitter.submit([frame(1), frame(2)]);
    await settled();
    dirty(alarm('a1'));
    const second = groupCommitter.submit([frame(3), frame(4)]);
    await settled();
    // An alarm is waiting, so the second batch does not start beside the first.
    expect(store.pending).toHaveLength(1);
    store.pending[0]!.finish();
    await first;
    await settled();
    expect(store.pending).toHaveLength(2);
    expect(store.pending[1]!.batch.alarms.map((a) => a.id)).toEqual(['a1']);
    store.pending[1]!.finish();
    await second;
    for (const side of sides) if (side.withAlarms) expect(side.othersInFlight).toBe(0);
    expect(sides.some((side) => !side.withAlarms)).toBe(false);
  });

  it('rejects only the frames of a failed commit; the commit beside it is delivered', async () => {
    const store = new HeldStore();
    const { groupCommitter, delivered } = committer(store, 2);
    const first = groupCommitter.submit([frame(1), frame(2)]);
    const second = groupCommitter.submit([frame(3), frame(4)]);
    await settled();
    store.pending[0]!.fail(new Error('connection lost'));
    store.pending[1]!.finish();
    await expect(first).rejects.toThrow('connection lost');
    expect(await second).toEqual([true, true]);
    expect(delivered).toEqual([[3, 4]]);
  });

  it('flushes every queued and in-flight commit before it resolves', async () => {
    const store = new HeldStore();
    const { groupCommitter, delivered } = committer(store, 2);
    void groupCommitter.submit([frame(1), frame(2)]);
    void groupCommitter.submit([frame(3)]);
    const flushed = groupCommitter.flush().then(() => 'flushed');
    const finishAll = setInterval(() => {
      for (const p of store.pending.splice(0)) p.finish();
    }, 2);
    expect(await flushed).toBe('flushed');
    clearInterval(finishAll);
    expect(delivered.flat()).toEqual([1, 2, 3]);
  });
});
