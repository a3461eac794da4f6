// The newest moment the archive knows of: newest current value, and the times on the open alarms. A
// simulated clock that starts before it would make archived frames look like the future and rewrite
// history, so the built-in simulator never starts earlier (see resolveStart).
import type { Store } from '../archive/types';

export async function newestArchivedMs(
  store: Pick<Store, 'latestValues' | 'alarms'>,
): Promise<number | null> {
  const [values, alarms] = await Promise.all([
    store.latestValues(),
    store.alarms({ openOnly: true, limit: 100_000 }),
  ]);
  let newest = -Infinity;
  for (const value of values) newest = Math.max(newest, value.timeMs);
  for (const alarm of alarms) {
    newest = Math.max(
      newest,
      alarm.openedAtMs,
      alarm.discoveredAtMs,
      alarm.clearedAtMs ?? -Infinity,
      alarm.acknowledged?.atMs ?? -Infinity,
    );
  }
  return Number.isFinite(newest) ? newest : null;
}
