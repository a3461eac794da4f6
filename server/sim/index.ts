// The simulator's public surface for the server and the command line.
export { createSimulationClock, MAX_SPEED, type SimulationClock, type SimulationClockOptions } from './clock';
export {
  Constellation,
  type ConstellationOptions,
  type DownlinkRecord,
  type Reception,
} from './constellation';
export type { SimulatorControl } from './control';
export {
  createSimulator,
  housekeepingPeriodMs,
  startSimulator,
  type Simulator,
  type SimulatorOptions,
  type StartSimulatorOptions,
} from './simulator';
export { nextSharedContactMs, parseStart, resolveStart, type StartChoice } from './startEpoch';
export { StationClient, type StationClientOptions, type StationClientStats } from './stations/stationClient';
export { embeddedSimulator, type EmbeddedSimulator, type EmbeddedSimulatorOptions } from './embedded';
export { tlesFromFile } from './tleFile';
