// What this node knows about the parts underneath it. Each part reports its own failures and recoveries
// here; /healthz, the dashboards' system alarms and the log all read from this one book.
import type { DegradationCause, Dependency, HealthReport, SystemCondition } from '../shared/protocol/health';

export type HealthListener = (conditions: SystemCondition[]) => void;

export class DependencyHealth {
  private readonly conditions = new Map<Dependency, SystemCondition>();
  private readonly listeners = new Set<HealthListener>();

  constructor(private readonly wallClockMs: () => number = Date.now) {}

  /** Marks a dependency degraded; a repeat of the same cause keeps the original start time. */
  degraded(dependency: Dependency, cause: DegradationCause, detail: string): void {
    const current = this.conditions.get(dependency);
    if (current?.cause === cause) {
      current.detail = detail;
      return;
    }
    console.error(`${dependency} degraded (${cause}): ${detail}`);
    this.conditions.set(dependency, { dependency, cause, detail, sinceMs: this.wallClockMs() });
    this.changed();
  }

  /** Sets the progress of a condition; listeners hear of it when the percentage changes. */
  progress(dependency: Dependency, progress: NonNullable<SystemCondition['progress']>, detail: string): void {
    const current = this.conditions.get(dependency);
    if (!current) return;
    current.detail = detail;
    if (current.progress?.percent === progress.percent && current.progress.hours === progress.hours) return;
    current.progress = { ...progress };
    this.changed();
  }

  recovered(dependency: Dependency): void {
    const current = this.conditions.get(dependency);
    if (!current) return;
    this.conditions.delete(dependency);
    const downS = ((this.wallClockMs() - current.sinceMs) / 1000).toFixed(1);
    console.log(`${dependency} recovered after ${downS} s (${current.cause})`);
    this.changed();
  }

  condition(dependency: Dependency): SystemCondition | undefined {
    return this.conditions.get(dependency);
  }

  list(): SystemCondition[] {
    return [...this.conditions.values()].map((c) => ({
      ...c,
      ...(c.progress ? { progress: { ...c.progress } } : {}),
    }));
  }

  report(): HealthReport {
    const conditions = this.list();
    return conditions.length === 0 ? { status: 'ok' } : { status: 'degraded', conditions };
  }

  /** Calls the listener on every change; returns its unsubscribe. */
  subscribe(listener: HealthListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    const conditions = this.list();
    for (const listener of this.listeners) {
      try {
        listener(conditions);
      } catch (error) {
        console.error('health listener failed', error);
      }
    }
  }
}
