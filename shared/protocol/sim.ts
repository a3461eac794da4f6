// Fault scenarios an engineer can inject into the simulator at run time (REST and CLI).
import { z } from 'zod';

export const FAULT_KINDS = [
  'battery_degradation',
  'wheel_overspeed',
  'thermal_runaway',
  'tx_failure',
  'obc_reboot_loop',
  'silent',
  'battery_ageing',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const faultRequestSchema = z.object({
  spacecraftId: z.string().min(1).max(64),
  fault: z.enum(FAULT_KINDS),
});
export type FaultRequest = z.infer<typeof faultRequestSchema>;

export interface ActiveFault {
  spacecraftId: string;
  fault: FaultKind;
  sinceMs: number;
}

export interface FaultsResponse {
  faults: ActiveFault[];
}
