// Maintenance windows not over yet, re-read once a minute: the wall, the alarms and the stations view show
// what is in maintenance now and what is planned.
import type { MaintenanceWindow } from '../../shared/protocol/maintenance';
import { api } from './rest';
import { useResource } from './useResource';

const REFRESH_MS = 60_000;

export function useMaintenance() {
  return useResource('maintenance', () => api.maintenance(), REFRESH_MS);
}

/** The window covering a spacecraft or station at `nowMs`, if any. */
export function windowNow(
  windows: readonly MaintenanceWindow[],
  target: MaintenanceWindow['target'],
  targetId: string,
  nowMs: number,
): MaintenanceWindow | undefined {
  return windows.find(
    (w) => w.target === target && w.targetId === targetId && w.fromMs <= nowMs && nowMs < w.toMs,
  );
}
