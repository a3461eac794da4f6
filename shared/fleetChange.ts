// A fleet summary as changes: the server sends a spacecraft's summary whole once and then only the fields that
// changed, and every holder of summaries (the dashboard's store, the server's buffer of a slow client) merges
// them with these functions, so all of them end with the summary the server holds. Pure.
import type { FleetEntry } from './protocol/api';
import type { FleetEntryChange } from './protocol/live';
import type { StatusFacts } from './protocol/status';

/** Equal as JSON values, whatever the order of an object's keys (a record built in another order is the same). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  if (keysA.length !== Object.keys(b).length) return false;
  const recordA = a as Record<string, unknown>;
  const recordB = b as Record<string, unknown>;
  return keysA.every((key) => key in recordB && sameValue(recordA[key], recordB[key]));
}

/** The fields of `next` that differ from `previous` (both of one spacecraft); null when none does. */
export function fleetChange(previous: FleetEntry, next: FleetEntry): FleetEntryChange | null {
  const change: Record<string, unknown> = { spacecraftId: next.spacecraftId };
  let changed = false;
  for (const key of Object.keys(next) as (keyof FleetEntry)[]) {
    if (key === 'spacecraftId' || key === 'facts' || sameValue(previous[key], next[key])) continue;
    change[key] = next[key];
    changed = true;
  }
  const facts: Partial<Record<keyof StatusFacts, unknown>> = {};
  for (const key of Object.keys(next.facts) as (keyof StatusFacts)[]) {
    if (sameValue(previous.facts[key], next.facts[key])) continue;
    facts[key] = next.facts[key];
    changed = true;
  }
  if (Object.keys(facts).length > 0) change.facts = facts;
  return changed ? (change as FleetEntryChange) : null;
}

/** The summary after a change to it. */
export function applyFleetChange(entry: FleetEntry, change: FleetEntryChange): FleetEntry {
  const { facts, ...fields } = change;
  return { ...entry, ...fields, facts: facts ? { ...entry.facts, ...facts } : entry.facts };
}

/** Two changes of one summary, one after the other, as one. */
export function mergeFleetChanges(first: FleetEntryChange, second: FleetEntryChange): FleetEntryChange {
  const merged: FleetEntryChange = { ...first, ...second };
  if (first.facts || second.facts) merged.facts = { ...first.facts, ...second.facts };
  return merged;
}
