// The pure parts of riding through failures: which archive errors mean "not now" and why, the health book
// that /healthz and the dashboards read, and the watch that degrades and recovers the archive.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DependencyHealth } from '../../server/health';
import { GroupCommitter } from '../../server/ingest/groupCommit';
import type { FrameRecord } from '../../server/archive/types';
import { ArchiveBusyError, classifyArchiveError } from '../../server/archive/failures';
import { PoolBusyError } from '../../server/postgres/pool';
import { ArchiveWatch } from '../../server/archive/watch';
import { encodedRecord } from '../helpers/records';

const T0 = Date.UTC(2026, 4, 1, 10);

const coded = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('classifying archive errors', () => {
  it.each([
    [coded('terminating connection due to administrator command', '57P01'), 'unreachable'],
    [coded('the database system is starting up', '57P03'), 'unreachable'],
    [coded('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), 'unreachable'],
    [new Error('Connection terminated unexpectedly'), 'unreachable'],
    [new Error('Client has encountered a connection error and is not queryable'), 'unreachable'],
    [new AggregateError([coded('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], ''), 'unreachable'],
    [coded('canceling statement due to statement timeout', '57014'), 'overloaded'],
    [new Error('timeout exceeded when trying to connect'), 'overloaded'],
    [new ArchiveBusyError('64 callers already wait'), 'overloaded'],
    [new PoolBusyError('32 callers already wait for a database connection'), 'overloaded'],
    [coded('could not extend file: No space left on device', '53100'), 'storage_full'],
    [coded('database or disk is full', 'SQLITE_FULL'), 'storage_full'],
    [coded('database is locked', 'SQLITE_BUSY'), 'overloaded'],
    [coded('disk I/O error', 'SQLITE_IOERR_WRITE'), 'unreachable'],
  ])('%s → %s', (error, cause) => {
    expect(classifyArchiveError(error)).toEqual({ cause, detail: error.message || expect.any(String) });
  });

  it('leaves faults of Ortaq or of the request alone (they are not "retry later")', () => {
    expect(classifyArchiveError(coded('duplicate key value violates unique constraint', '23505'))).toBeNull();
    expect(classifyArchiveError(coded('syntax error at or near "SELEC"', '42601'))).toBeNull();
    expect(classifyArchiveError(new TypeError('x is undefined'))).toBeNull();
    expect(classifyArchiveError('a string')).toBeNull();
  });
});

describe('dependency health', () => {
  it('reports ok, then each degraded dependency once with its start, then ok again', () => {
    let now = 1000;
    const health = new DependencyHealth(() => now);
    const seen: string[][] = [];
    health.subscribe((conditions) => seen.push(conditions.map((c) => `${c.dependency}:${c.cause}`)));
    expect(health.report()).toEqual({ status: 'ok' });
    health.degraded('archive', 'unreachable', 'first');
    now = 2000;
    health.degraded('archive', 'unreachable', 'again');
    health.degraded('cluster', 'unreachable', 'redis');
    expect(health.report()).toEqual({
      status: 'degraded',
      conditions: [
        { dependency: 'archive', cause: 'unreachable', detail: 'again', sinceMs: 1000 },
        { dependency: 'cluster', cause: 'unreachable', detail: 'redis', sinceMs: 2000 },
      ],
    });
    health.degraded('archive', 'storage_full', 'full');
    health.recovered('archive');
    health.recovered('archive');
    health.recovered('cluster');
    expect(seen).toEqual([
      ['archive:unreachable'],
      ['archive:unreachable', 'cluster:unreachable'],
      ['archive:storage_full', 'cluster:unreachable'],
      ['cluster:unreachable'],
      [],
    ]);
    expect(health.report()).toEqual({ status: 'ok' });
  });
});

describe('archive watch', () => {
  afterEach(() => vi.useRealTimers());

  it('probes a lost database every second and clears the alarm when it answers', async () => {
    vi.useFakeTimers();
    const health = new DependencyHealth();
    let up = false;
    const ping = vi.fn(() => (up ? Promise.resolve() : Promise.reject(coded('refused', 'ECONNREFUSED'))));
    const watch = new ArchiveWatch({ ping }, health, 1000);
    expect(watch.failed(coded('terminating connection', '57P01'))).toBe(true);
    await vi.advanceTimersByTimeAsync(2500);
    expect(ping).toHaveBeenCalledTimes(2);
    expect(health.condition('archive')?.cause).toBe('unreachable');
    up = true;
    await vi.advanceTimersByTimeAsync(1000);
    expect(health.report()).toEqual({ status: 'ok' });
    await vi.advanceTimersByTimeAsync(5000);
    expect(ping).toHaveBeenCalledTimes(3);
    watch.stop();
  });

  it('clears a full disk only with a commit that went through, never with a read', async () => {
    vi.useFakeTimers();
    const health = new DependencyHealth();
    const ping = vi.fn(() => Promise.resolve());
    const watch = new ArchiveWatch({ ping }, health, 1000);
    watch.failed(coded('database or disk is full', 'SQLITE_FULL'));
    await vi.advanceTimersByTimeAsync(3000);
    expect(ping).not.toHaveBeenCalled();
    expect(health.condition('archive')?.cause).toBe('storage_full');
    watch.succeeded();
    expect(health.report()).toEqual({ status: 'ok' });
    expect(watch.failed(new TypeError('a bug'))).toBe(false);
    expect(health.report()).toEqual({ status: 'ok' });
    watch.stop();
  });
});

describe('the group commit queue in front of a slow archive', () => {
  it('holds at most maxQueuedFrames while a commit hangs, refusing the rest at once', async () => {
    const finishers: (() => void)[] = [];
    const store = {
      commit: (batch: { frames: readonly FrameRecord[] }) =>
        new Promise<boolean[]>((resolve) => finishers.push(() => resolve(batch.frames.map(() => true)))),
    };
    const committer = new GroupCommitter(store, {
      maxDelayMs: 1,
      maxFrames: 10,
      maxInFlight: 1,
      maxQueuedFrames: 20,
      collectSide: () => ({ alarms: [], events: [], stations: [], downlink: [] }),
      alarmsPending: () => false,
      onCommitted: () => undefined,
    });
    const records = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) =>
        encodedRecord({ sequenceCount: from + i, timeMs: T0 + (from + i) * 1000 }),
      );
    const first = committer.submit(records(0, 10));
    await vi.waitFor(() => expect(finishers).toHaveLength(1));
    const queued = [committer.submit(records(10, 10)), committer.submit(records(20, 10))];
    await expect(committer.submit(records(30, 10))).rejects.toBeInstanceOf(ArchiveBusyError);
    finishers[0]!();
    expect(await first).toHaveLength(10);
    await vi.waitFor(() => expect(finishers).toHaveLength(2));
    finishers[1]!();
    expect((await Promise.all(queued)).flat()).toHaveLength(20);
  });
});
