// The form of a derived parameter's declaration in mission.yaml (docs/mission.md#derived-parameters): what zod
// checks before any expression is read. Whatever depends on the loaded packets (names, ranges, spacecraft)
// is checked by ./derived.
import { z } from 'zod';
import { limitsSchema } from '../protocol/limits';
import { SUBSYSTEMS } from '../dictionary/types';

/** Far more than a mission declares; a bound on what a hostile file can make the loader do. */
export const MAX_DERIVED_PARAMETERS = 500;
/** Context limits of one declaration: an XTCE ContextAlarmList rarely has more than a handful. */
export const MAX_DERIVED_CONTEXTS = 16;
/** Comparisons that must all hold for one context (an XTCE ComparisonList). */
export const MAX_CONTEXT_CONDITIONS = 8;
/** Spacecraft one declaration names: more than a mission flies. */
export const MAX_DECLARATION_SPACECRAFT = 1000;

const parameterId = z
  .string()
  .regex(
    /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/,
    'a parameter id is lower case, its subsystem, a dot and a name (eps.batt_power)',
  );

/**
 * One comparison of a context, with the semantics of an XTCE ContextMatch Comparison: a number is compared
 * with the parameter's engineering value (its raw value with `raw: true`), a word with the name of one of
 * its states.
 */
export const conditionSchema = z.strictObject({
  parameter: parameterId,
  operator: z.enum(['==', '!=', '<', '<=', '>', '>=']).default('=='),
  value: z.union([z.number().finite(), z.string().min(1).max(64)]),
  raw: z.boolean().optional(),
});
export type ConditionDeclaration = z.infer<typeof conditionSchema>;

export const contextSchema = z.strictObject({
  /** Shown beside the limits while the context holds ("eclipse"). */
  label: z.string().min(1).max(40),
  /** One comparison, or a list that must all hold. */
  when: z.union([conditionSchema, z.array(conditionSchema).min(1).max(MAX_CONTEXT_CONDITIONS)]),
  limits: limitsSchema,
});
export type ContextDeclaration = z.infer<typeof contextSchema>;

export const derivedSchema = z.strictObject({
  id: parameterId,
  name: z.string().min(1).max(100),
  unit: z.string().max(20),
  expression: z.string().min(1),
  /** Default: the id's prefix (eps → EPS). */
  subsystem: z.enum(SUBSYSTEMS).optional(),
  /** Only these spacecraft compute it with this declaration; others may have a declaration of their own. */
  spacecraft: z
    .array(z.string().min(1).max(40))
    .min(1, 'name at least one spacecraft, or leave spacecraft: out for all of them')
    .max(MAX_DECLARATION_SPACECRAFT)
    .optional(),
  limits: limitsSchema.optional(),
  /** Limits that replace `limits` while another parameter's value says so; the first that holds wins. */
  contexts: z.array(contextSchema).max(MAX_DERIVED_CONTEXTS).optional(),
});

export const derivedListSchema = z.array(derivedSchema).max(MAX_DERIVED_PARAMETERS);
export type DerivedDeclaration = z.infer<typeof derivedSchema>;
