import type { ActiveFault, FaultKind, FaultRequest } from '../../shared/protocol/sim';

/**
 * What the server may ask of a simulator running in the same process: the REST fault endpoints call this.
 * Absent when the server runs without the built-in simulator (ORTAQ_SIM=off).
 */
export interface SimulatorControl {
  injectFault(request: FaultRequest): ActiveFault;
  /** Clears one fault of a spacecraft, or all of its faults; returns how many were cleared. */
  clearFaults(spacecraftId: string, fault?: FaultKind): number;
  listFaults(): ActiveFault[];
}
