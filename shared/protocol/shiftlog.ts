// The shift log on the wire: entries operators write (with links to spacecraft, alarms, parameters and a
// time range), handovers between shifts, and the annotations charts draw. An entry that concerns spacecraft is
// shown only to partners the constellation agreement lets see the telemetry of every one of them.
import { z } from 'zod';
import type { PartnerId } from '../dictionary/types';
import type { Alarm } from './api';

/** Longest text of an entry or a handover note: a paragraph or two, not a report. */
export const MAX_ENTRY_TEXT = 2000;
/** An annotated range may cover up to a year: long enough for a season's trend, short of "always". */
export const MAX_RANGE_MS = 366 * 86_400_000;
/** Most links of each kind one entry may carry. */
export const MAX_ENTRY_LINKS = 16;
/** Most entries (and alarms) one handover lists; older ones stay in the log. */
export const MAX_HANDOVER_ITEMS = 500;

const epochMsSchema = z.number().int().min(0).max(8.64e15);
const idSchema = z.string().min(1).max(128);

export const timeRangeSchema = z
  .strictObject({ fromMs: epochMsSchema, toMs: epochMsSchema })
  .refine((r) => r.toMs >= r.fromMs, { message: 'toMs must not be before fromMs', path: ['toMs'] })
  .refine((r) => r.toMs - r.fromMs <= MAX_RANGE_MS, { message: 'longer than a year', path: ['toMs'] });
export type TimeRange = z.infer<typeof timeRangeSchema>;

/** Distinct ids, at most MAX_ENTRY_LINKS: a link named twice is one link. */
const links = (item: z.ZodString) =>
  z
    .array(item)
    .max(MAX_ENTRY_LINKS)
    .default([])
    .transform((ids) => [...new Set(ids)]);

export const createEntrySchema = z.strictObject({
  text: z.string().trim().min(1).max(MAX_ENTRY_TEXT),
  /** The moment the entry is about (default: when it is written). */
  atMs: epochMsSchema.optional(),
  /** Spacecraft the entry concerns (the spacecraft of linked alarms are added by the server). */
  spacecraft: links(z.string().min(1).max(64)),
  parameters: links(z.string().min(1).max(128)),
  alarms: links(idSchema),
  /** A time range: the entry is drawn as an annotation over it on the charts of its spacecraft. */
  range: timeRangeSchema.optional(),
});
export type CreateEntryRequest = z.input<typeof createEntrySchema>;

export interface ShiftLogEntry {
  id: string;
  atMs: number;
  createdAtMs: number;
  author: string;
  /** The author's partner. */
  partner: PartnerId;
  text: string;
  spacecraft: string[];
  parameters: string[];
  alarms: string[];
  range: TimeRange | null;
}

export const shiftLogQuerySchema = z.strictObject({
  /** Entries written in [from, to]; default: the last day. */
  from: z.coerce.number().int().min(0).max(8.64e15).optional(),
  to: z.coerce.number().int().min(0).max(8.64e15).optional(),
  /** Only entries concerning this spacecraft. */
  spacecraft: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_HANDOVER_ITEMS).default(200),
});

export interface ShiftLogResponse {
  entries: ShiftLogEntry[];
}

export const annotationsQuerySchema = z.strictObject({
  spacecraft: z.string().min(1).max(64),
  /** Annotations overlapping [from, to]; default: the last day. */
  from: z.coerce.number().int().min(0).max(8.64e15).optional(),
  to: z.coerce.number().int().min(0).max(8.64e15).optional(),
});

/** What a chart draws over its time axis: a logged range, or the moment an alarm was raised. */
export type Annotation =
  | {
      kind: 'entry';
      id: string;
      fromMs: number;
      toMs: number;
      text: string;
      author: string;
      parameters: string[];
    }
  | {
      kind: 'alarm';
      id: string;
      atMs: number;
      level: Alarm['level'];
      parameterId: string | null;
    };

export interface AnnotationsResponse {
  annotations: Annotation[];
}

/** An alarm as a handover lists it: what the incoming shift must know of it at the moment of handover. */
export interface HandoverAlarm {
  id: string;
  spacecraftId: string;
  parameterId: string | null;
  level: Alarm['level'];
  active: boolean;
  openedAtMs: number;
  acknowledgedBy: string | null;
  assignedTo: string | null;
}

export const createHandoverSchema = z.strictObject({
  note: z.string().trim().max(MAX_ENTRY_TEXT).default(''),
});
export type CreateHandoverRequest = z.input<typeof createHandoverSchema>;

export interface Handover {
  id: string;
  partner: PartnerId;
  createdBy: string;
  createdAtMs: number;
  /** The previous handover of the partner (the entries listed are those written since), or null. */
  sinceMs: number | null;
  note: string;
  alarms: HandoverAlarm[];
  /** The entries written since the previous handover that the partner may see, newest first. */
  entries: ShiftLogEntry[];
  acceptedBy: string | null;
  acceptedAtMs: number | null;
}

export const handoversQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export interface HandoversResponse {
  handovers: Handover[];
}

/** What a handover written now would list: the last one, open alarms and the entries since. */
export interface HandoverDraft {
  last: Handover | null;
  alarms: HandoverAlarm[];
  entries: ShiftLogEntry[];
}
