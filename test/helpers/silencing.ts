// Which spacecraft a test silences when it needs the silence to raise something (a silent tile, a red link
// alarm): one heard now with as much of its predicted pass left as there is. Silent for staleMs inside its
// pass, it turns silent, and lost once the pass is over; silenced in the last moments of its pass it would go
// out of view instead, and nothing would be raised.
import type { FleetEntry } from '../../shared/protocol';

/** Time left of the predicted pass under way at nowMs (the server's clock, which the simulator may run ahead). */
export function passLeftMs(entry: FleetEntry, nowMs: number): number {
  const windows = entry.facts.windows ?? [];
  return Math.max(0, ...windows.filter((w) => w.aosMs <= nowMs).map((w) => w.losMs - nowMs));
}

/** Of these spacecraft, the one with the most of its pass left (the first of equals); undefined for none. */
export function mostPassLeft(entries: readonly FleetEntry[], nowMs: number): FleetEntry | undefined {
  let best: FleetEntry | undefined;
  for (const entry of entries) {
    if (!best || passLeftMs(entry, nowMs) > passLeftMs(best, nowMs)) best = entry;
  }
  return best;
}
