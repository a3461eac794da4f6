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
import type { ShiftLogStore, StoredHandover } from './store';

/** With no handover before, a handover lists the entries of the last day. */
export const FIRST_HANDOVER_LOOKBACK_MS = 86_400_000;

/** What the shift log needs of the alarms (server/app.ts hands it over). */
export interface ShiftLogAlarms {
  /** An alarm by id: open ones from the alarm book, else among the archive's recent ones. */
  find(id: string): Promise<Alarm | undefined>;
  /** The alarms open now (active or not yet acknowledged). */
  open(): readonly Alarm[];
  /** Alarms of a spacecraft raised in [fromMs, toMs], newest first, bounded. */
  onsets(spacecraftId: string, fromMs: number, toMs: number): Promise<Alarm[]>;
}

/** Alarms linked and drawn are searched among this many of the newest: older ones are the alarms view's. */
const RECENT_ALARMS = 1000;

/** The look-ups from the alarm book (open alarms) and the archive (the newest, closed ones too). */
export function shiftLogAlarms(
  book: { get(id: string): Alarm | undefined; list(): Alarm[] },
  archive: { alarms(query: { spacecraftId?: string; limit: number }): Promise<Alarm[]> },
): ShiftLogAlarms {
  return {
    find: async (id) =>
      book.get(id) ?? (await archive.alarms({ limit: RECENT_ALARMS })).find((a) => a.id === id),
    open: () => book.list(),
    onsets: async (spacecraftId, fromMs, toMs) => {
      const archived = await archive.alarms({ spacecraftId, limit: RECENT_ALARMS });
      const byId = new Map(archived.map((a) => [a.id, a]));
      // The book's are newer than the archive's last commit.
      for (const a of book.list()) if (a.spacecraftId === spacecraftId) byId.set(a.id, a);
      return [...byId.values()]
        .filter((a) => a.openedAtMs >= fromMs && a.openedAtMs <= toMs)
        .sort((a, b) => b.openedAtMs - a.openedAtMs);
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
  for (const id of links.alarms) {
    const alarm = await services.alarms.find(id);
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
