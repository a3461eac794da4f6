// The shift log's rules apart from HTTP: what an entry may link, what a handover lists, and what of either a
// partner may read. Routes (shiftLogRoutes.ts) call these with the caller's view.
import type { DictionaryIndex } from '../../shared/dictionary';
import type { Alarm } from '../../shared/protocol/api';
import {
  MAX_HANDOVER_ITEMS,
  type Handover,
  type HandoverAlarm,
  type HandoverDraft,
  type ShiftLogEntry,
} from '../../shared/protocol/shiftlog';
import { HttpError } from '../api/errors';
import type { Caller } from '../auth/access/rest';
import type { Store } from '../archive/types';
import type { ShiftLogStore, StoredHandover } from './store';

/** With no handover before, a handover lists the entries of the last day. */
export const FIRST_HANDOVER_LOOKBACK_MS = 86_400_000;

/** What the shift log needs of the alarms (server/app.ts hands it over). */
export interface ShiftLogAlarms {
  /** Alarms by id, however old: open ones from the alarm book, the rest from the archive; unknown ids left out. */
  byIds(ids: readonly string[]): Promise<Map<string, Alarm>>;
  /** The alarms open now (active or not yet acknowledged). */
  open(): readonly Alarm[];
  /** Alarms of a spacecraft raised in [fromMs, toMs], newest first, bounded. */
  onsets(spacecraftId: string, fromMs: number, toMs: number): Promise<Alarm[]>;
}

/** Most alarm onsets one chart window draws: the newest of the window, a busy year shows its latest. */
export const MAX_ONSETS = 1000;

/** The look-ups from the alarm book (open alarms, newer than the archive's last commit) and the archive. */
export function shiftLogAlarms(
  book: { get(id: string): Alarm | undefined; list(): Alarm[] },
  archive: Pick<Store, 'alarms' | 'alarmsByIds'>,
): ShiftLogAlarms {
  return {
    byIds: async (ids) => {
      const found = new Map<string, Alarm>();
      for (const id of ids) {
        const open = book.get(id);
        if (open) found.set(id, open);
      }
      const rest = ids.filter((id) => !found.has(id));
      for (const a of rest.length > 0 ? await archive.alarmsByIds(rest) : []) found.set(a.id, a);
      return found;
    },
    open: () => book.list(),
    onsets: async (spacecraftId, fromMs, toMs) => {
      const archived = await archive.alarms({
        spacecraftId,
        openedFromMs: fromMs,
        openedToMs: toMs,
        limit: MAX_ONSETS,
      });
      const byId = new Map(archived.map((a) => [a.id, a]));
      // The book's are newer than the archive's last commit.
      for (const a of book.list()) if (a.spacecraftId === spacecraftId) byId.set(a.id, a);
      return [...byId.values()]
        .filter((a) => a.openedAtMs >= fromMs && a.openedAtMs <= toMs)
        .sort((a, b) => b.openedAtMs - a.openedAtMs)
        .slice(0, MAX_ONSETS);
    },
  };
}

export interface ShiftLogServices {
  store: ShiftLogStore;
  index: DictionaryIndex;
  alarms: ShiftLogAlarms;
  now: () => number;
}

/** An entry is the caller's to read when the agreement shows it every spacecraft the entry concerns. */
export const mayRead = (caller: Caller) => (entry: Pick<ShiftLogEntry, 'spacecraft'>) =>
  entry.spacecraft.every((id) => caller.sees(id, 'telemetry'));

export const handoverAlarm = (a: Alarm): HandoverAlarm => ({
  id: a.id,
  spacecraftId: a.spacecraftId,
  parameterId: a.parameterId,
  level: a.level,
  active: a.active,
  openedAtMs: a.openedAtMs,
  acknowledgedBy: a.acknowledged?.by ?? null,
  assignedTo: a.assignedTo ?? null,
});

/**
 * The spacecraft an entry concerns: those named, and those of its linked alarms. Every link must exist and be
 * the caller's to see (a 404 for what does not exist, a 403 for what the agreement hides).
 */
export async function entrySpacecraft(
  services: ShiftLogServices,
  caller: Caller,
  links: { spacecraft: readonly string[]; parameters: readonly string[]; alarms: readonly string[] },
): Promise<string[]> {
  for (const id of links.spacecraft)
    if (!services.index.spacecraftById.has(id)) throw new HttpError(404, 'unknown_spacecraft', id);
  for (const id of links.parameters)
    if (!services.index.parameterById.has(id)) throw new HttpError(404, 'unknown_parameter', id);
  const spacecraft = new Set(links.spacecraft);
  // One look-up for every link (at most MAX_ENTRY_LINKS, by the request schema).
  const linked =
    links.alarms.length > 0 ? await services.alarms.byIds(links.alarms) : new Map<string, Alarm>();
  for (const id of links.alarms) {
    const alarm = linked.get(id);
    if (!alarm) throw new HttpError(404, 'alarm_not_found', id);
    if (!caller.sees(alarm.spacecraftId, 'telemetry'))
      throw new HttpError(403, 'forbidden', `partner ${caller.principal.partner} may not see alarm ${id}`);
    spacecraft.add(alarm.spacecraftId);
  }
  return [...spacecraft];
}

/** What a handover written now by the caller would list. */
export async function draftHandover(services: ShiftLogServices, caller: Caller): Promise<HandoverDraft> {
  const [last] = await services.store.handovers(caller.principal.partner, 1);
  const nowMs = services.now();
  const alarms = services.alarms
    .open()
    .filter((a) => caller.sees(a.spacecraftId, 'telemetry'))
    .sort((a, b) => b.openedAtMs - a.openedAtMs)
    .slice(0, MAX_HANDOVER_ITEMS)
    .map(handoverAlarm);
  // Inclusive of the last handover's millisecond: an entry written in it after the handover is not lost,
  // and those it listed already are left out by id.
  const listed = new Set(last?.entryIds ?? []);
  const entries = (
    await services.store.entries({
      by: 'written',
      fromMs: last ? last.createdAtMs : Math.max(0, nowMs - FIRST_HANDOVER_LOOKBACK_MS),
      toMs: nowMs,
      visibleSpacecraft: caller.visibleSpacecraft('telemetry'),
      limit: MAX_HANDOVER_ITEMS + listed.size,
    })
  )
    .filter((e) => !listed.has(e.id))
    .slice(0, MAX_HANDOVER_ITEMS);
  return { last: last ? await readHandover(services.store, caller, last) : null, alarms, entries };
}

/** A stored handover as the caller may read it: entries and alarms through the caller's view today. */
export async function readHandover(
  store: ShiftLogStore,
  caller: Caller,
  stored: StoredHandover,
): Promise<Handover> {
  const { entryIds, ...rest } = stored;
  const entries = entryIds.length > 0 ? await store.entriesByIds(entryIds) : [];
  return {
    ...rest,
    alarms: rest.alarms.filter((a) => caller.sees(a.spacecraftId, 'telemetry')),
    entries: entries.filter(mayRead(caller)),
  };
}
