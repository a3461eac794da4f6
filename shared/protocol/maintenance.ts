// Maintenance windows on the wire: a planned period of work on a spacecraft or a ground station. Alarms raised
// in a window are recorded but neither sounded nor notified; a station's planned outage turns its missed
// passes into planned ones. Operators and admins create them through /api/maintenance.
import { z } from 'zod';
import type { PartnerId } from '../dictionary/types';

export const MAINTENANCE_TARGETS = ['spacecraft', 'station'] as const;
export type MaintenanceTargetKind = (typeof MAINTENANCE_TARGETS)[number];

/** A window may be planned up to 30 days long: longer is a decommissioning, not maintenance. */
export const MAX_WINDOW_MS = 30 * 86_400_000;

export const createMaintenanceSchema = z
  .object({
    target: z.enum(MAINTENANCE_TARGETS),
    /** Spacecraft or station id, as the dictionary spells it (checked by the route). */
    targetId: z.string().min(1).max(64),
    fromMs: z.number().int().min(0).max(8.64e15),
    toMs: z.number().int().min(0).max(8.64e15),
    reason: z.string().trim().min(1).max(300),
  })
  .strict()
  .refine((w) => w.toMs > w.fromMs, { message: 'toMs must be after fromMs', path: ['toMs'] })
  .refine((w) => w.toMs - w.fromMs <= MAX_WINDOW_MS, { message: 'longer than 30 days', path: ['toMs'] });
export type CreateMaintenanceRequest = z.input<typeof createMaintenanceSchema>;

export const maintenanceQuerySchema = z
  .object({
    /** Windows that overlap [from, to]; default: those not yet over. */
    from: z.coerce.number().int().min(0).max(8.64e15).optional(),
    to: z.coerce.number().int().min(0).max(8.64e15).optional(),
  })
  .strict();

export interface MaintenanceWindow {
  id: string;
  target: MaintenanceTargetKind;
  targetId: string;
  fromMs: number;
  toMs: number;
  reason: string;
  createdBy: string;
  /** The creator's partner. */
  partner: PartnerId;
  createdAtMs: number;
}

export interface MaintenanceResponse {
  windows: MaintenanceWindow[];
}

/** What an alarm raised in a window carries (shown "in maintenance"). */
export interface MaintenanceMark {
  windowId: string;
  reason: string;
}
