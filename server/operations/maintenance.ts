// Maintenance windows in memory, for the answers that cannot wait for a database: the alarm book asks, for
// every alarm raised, whether a window covers its spacecraft at that moment. The book holds the windows not
// over for a week (alarms from playback describe the recent past) and re-reads the store after each change
// made here and every REFRESH_MS, so windows created on another node apply here too.
import type { Clock } from '../../shared/clock';
import type {
  MaintenanceMark,
  MaintenanceTargetKind,
  MaintenanceWindow,
} from '../../shared/protocol/maintenance';
import type { OperationsStore } from './store';
import { PeriodicTask } from '../periodicTask';

const REFRESH_MS = 15_000;
const KEEP_PAST_MS = 7 * 86_400_000;
const FAR_FUTURE_MS = 8.64e15;

/** The window covering a target at a moment (the earliest-created when several do), or null. */
export function coveringWindow(
  windows: readonly MaintenanceWindow[],
  target: MaintenanceTargetKind,
  targetId: string,
  atMs: number,
): MaintenanceWindow | null {
  return (
    windows.find(
      (w) => w.target === target && w.targetId === targetId && w.fromMs <= atMs && atMs < w.toMs,
    ) ?? null
  );
}

/**
 * The window of the station (or, when given, of the spacecraft) overlapping [aosMs, losMs), if any: a pass in
 * a planned outage is planned to be missed.
 */
export function overlappingWindow(
  windows: readonly MaintenanceWindow[],
  of: { stationId: string; spacecraftId?: string },
  aosMs: number,
  losMs: number,
): MaintenanceWindow | null {
  const covers = (w: MaintenanceWindow) =>
    (w.target === 'station' && w.targetId === of.stationId) ||
    (w.target === 'spacecraft' && w.targetId === of.spacecraftId);
  return windows.find((w) => covers(w) && w.fromMs < losMs && aosMs < w.toMs) ?? null;
}

export const markOf = (w: MaintenanceWindow): MaintenanceMark => ({ windowId: w.id, reason: w.reason });

export class MaintenanceBook {
  private held: MaintenanceWindow[] = [];
  private readonly refresher: PeriodicTask;

  constructor(
    readonly store: OperationsStore,
    /** The clock alarms and passes run on (the simulator's, when it runs). */
    private readonly clock: Clock,
    refreshMs = REFRESH_MS,
  ) {
    // An unreachable database keeps the windows last read: better than forgetting a planned outage.
    this.refresher = new PeriodicTask(
      () => this.refresh(),
      refreshMs,
      (error: unknown) =>
        console.error(
          'operations: could not read maintenance windows:',
          error instanceof Error ? error.message : error,
        ),
    );
  }

  async refresh(): Promise<void> {
    this.held = await this.store.windows(this.clock.now() - KEEP_PAST_MS, FAR_FUTURE_MS);
  }

  get windows(): readonly MaintenanceWindow[] {
    return this.held;
  }

  get(id: string): MaintenanceWindow | undefined {
    return this.held.find((w) => w.id === id);
  }

  /** For the alarm book: the mark an alarm raised on this spacecraft at `atMs` carries. */
  spacecraftMark(spacecraftId: string, atMs: number): MaintenanceMark | null {
    const window = coveringWindow(this.held, 'spacecraft', spacecraftId, atMs);
    return window && markOf(window);
  }

  async add(window: MaintenanceWindow): Promise<void> {
    await this.store.insertWindow(window);
    await this.refresh();
  }

  async remove(id: string): Promise<boolean> {
    const removed = await this.store.deleteWindow(id);
    await this.refresh();
    return removed;
  }

  async close(): Promise<void> {
    await this.refresher.stop();
    await this.store.close();
  }
}
