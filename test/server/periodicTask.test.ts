// The housekeeping timer's task: one run at a time, and stop() waits for the run under way (a store closed
// under a running tick used to fail it with "Cannot use a pool after calling end on the pool").
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PeriodicTask } from '../../server/periodicTask';

/** A run that ends when the test says so. */
function controlledRuns() {
  const ends: (() => void)[] = [];
  let started = 0;
  const run = () =>
    new Promise<void>((resolve) => {
      started++;
      ends.push(resolve);
    });
  return { run, ends, started: () => started };
}

describe('PeriodicTask', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('does not start a run beside one still under way', async () => {
    const runs = controlledRuns();
    const task = new PeriodicTask(runs.run, 100, () => {});
    await vi.advanceTimersByTimeAsync(350);
    expect(runs.started()).toBe(1);
    runs.ends[0]!();
    await vi.advanceTimersByTimeAsync(100);
    expect(runs.started()).toBe(2);
    runs.ends[1]!();
    await task.stop();
  });

  it('stop() resolves only once the run under way has ended, and nothing runs after it', async () => {
    const runs = controlledRuns();
    const task = new PeriodicTask(runs.run, 100, () => {});
    await vi.advanceTimersByTimeAsync(100);
    let stopped = false;
    const stopping = task.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(500);
    expect(stopped).toBe(false);
    runs.ends[0]!();
    await stopping;
    expect(stopped).toBe(true);
    await task.runNow();
    await vi.advanceTimersByTimeAsync(500);
    expect(runs.started()).toBe(1);
  });

  it('hands a failing run to its error handler and keeps running', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const task = new PeriodicTask(
      async () => {
        calls++;
        throw new Error(`run ${calls} failed`);
      },
      100,
      (error) => errors.push(error),
    );
    await vi.advanceTimersByTimeAsync(300);
    expect(calls).toBe(3);
    expect(errors.map((e) => (e as Error).message)).toEqual(['run 1 failed', 'run 2 failed', 'run 3 failed']);
    await task.stop();
  });

  it('with a period of 0 runs only when asked', async () => {
    const runs = controlledRuns();
    const task = new PeriodicTask(runs.run, 0, () => {});
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs.started()).toBe(0);
    const first = task.runNow();
    const second = task.runNow();
    expect(runs.started()).toBe(1);
    runs.ends[0]!();
    await Promise.all([first, second]);
    await task.stop();
  });
});
