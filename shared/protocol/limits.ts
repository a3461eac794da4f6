// Limits changed at run time: an engineer replaces a parameter's yellow and red limits for one spacecraft
// (or reverts to the mission file's), with a reason. Each change is archived, audited and applied on every
// node; GET answers what the mission file says, what is in force and the history of changes.
import { z } from 'zod';
import type { Limits } from '../dictionary/types';

/** Longest reason kept with a change: a sentence or two, not a report. */
export const MAX_LIMIT_REASON_CHARS = 500;
/** Most changes one history request answers (newest first). */
export const MAX_LIMIT_HISTORY = 500;

/**
 * Most consecutive samples an alarm may wait for (XTCE minViolations): at one sample a second, ten minutes.
 * A bound on the run a restart reads back from the archive to count them again.
 */
export const MAX_MIN_VIOLATIONS = 600;

/** JSON has no NaN or Infinity, but a bound must also be a number a chart and a comparison can use. */
const bound = z.number().finite().min(-1e15).max(1e15);

const bandSchema = z
  .object({ low: bound.optional(), high: bound.optional() })
  .strict()
  .refine((b) => b.low !== undefined || b.high !== undefined, 'a band needs a low or a high bound')
  .refine((b) => b.low === undefined || b.high === undefined || b.low < b.high, {
    message: 'low must be below high',
    path: ['high'],
  });

/**
 * Yellow warns before red: red bounds lie outside (or on) the yellow ones. A red band inside the yellow one
 * would turn a value red before it is yellow, which no engineer means.
 */
export const limitsSchema = z
  .object({
    yellow: bandSchema.optional(),
    red: bandSchema.optional(),
    /** Consecutive samples beyond a bound before the alarm shows; a change without it keeps the mission's. */
    minViolations: z.number().int().min(1).max(MAX_MIN_VIOLATIONS).optional(),
  })
  .strict()
  .refine((l) => l.yellow !== undefined || l.red !== undefined, 'give yellow or red limits')
  .superRefine((l, ctx) => {
    const { yellow, red } = l;
    if (!yellow || !red) return;
    if (red.low !== undefined && yellow.low !== undefined && red.low > yellow.low) {
      ctx.addIssue({ code: 'custom', message: 'red low must not be above yellow low', path: ['red', 'low'] });
    }
    if (red.high !== undefined && yellow.high !== undefined && red.high < yellow.high) {
      ctx.addIssue({
        code: 'custom',
        message: 'red high must not be below yellow high',
        path: ['red', 'high'],
      });
    }
  });

const reasonSchema = z.string().trim().min(1, 'a reason is required').max(MAX_LIMIT_REASON_CHARS);

export const limitChangeRequestSchema = z.object({ limits: limitsSchema, reason: reasonSchema }).strict();
export type LimitChangeRequest = z.input<typeof limitChangeRequestSchema>;

export const limitRevertRequestSchema = z.object({ reason: reasonSchema }).strict();
export type LimitRevertRequest = z.input<typeof limitRevertRequestSchema>;

export const limitHistoryQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT_HISTORY).default(100),
});

/** One change as the archive keeps it. `null` limits: the mission file's. */
export interface LimitChange {
  /** Assigned by the archive; orders the changes of one deployment. */
  id: number;
  spacecraftId: string;
  parameterId: string;
  /** Server time the change took effect. */
  atMs: number;
  /** The user who made it. */
  by: string;
  previous: Limits | null;
  limits: Limits | null;
  reason: string;
}

/** GET /api/spacecraft/:id/limits/:parameter */
export interface ParameterLimitsResponse {
  spacecraftId: string;
  parameterId: string;
  /** What the mission file declares (null: no numeric limits there). */
  mission: Limits | null;
  /** What the limit checker uses now. */
  effective: Limits | null;
  /** The change in force, or null when the mission file's limits apply. */
  override: LimitChange | null;
  /** Newest first. */
  history: LimitChange[];
}

/** GET /api/spacecraft/:id/limits: the spacecraft's changes in force, one per overridden parameter. */
export interface SpacecraftLimitsResponse {
  spacecraftId: string;
  overrides: LimitChange[];
}
