// Engineering values of each housekeeping packet, read from the simulated state in the dictionary's
// parameter order, and the values of an event packet.
import type { PacketDef } from '../../../shared/dictionary/types';
import { stateOfChargePercent } from './eps';
import { syntheticValue } from './synthetic';
import type { SpacecraftModel } from './spacecraft';
import { eventCode, type OnboardEvent, type SpacecraftState } from './state';

type Reader = (state: SpacecraftState, model: SpacecraftModel) => number;

const READERS: Record<string, Reader> = {
  'eps.batt_voltage': (s) => s.eps.voltageV,
  'eps.batt_current': (s) => s.eps.currentA,
  'eps.batt_soc': (s, m) => stateOfChargePercent(s.eps, m.budget),
  'eps.batt_temp': (s) => s.eps.tempC,
  'eps.solar_current': (s) => s.eps.solarCurrentA,
  'eps.bus_voltage': (s) => s.eps.busVoltageV,
  'eps.load_power': (s) => s.eps.loadW,
  'eps.power_mode': (s) => s.eps.powerMode,
  'eps.eclipse': (s) => (s.eclipse ? 1 : 0),
  'adcs.q0': (s) => s.adcs.attitude.w,
  'adcs.q1': (s) => s.adcs.attitude.x,
  'adcs.q2': (s) => s.adcs.attitude.y,
  'adcs.q3': (s) => s.adcs.attitude.z,
  'adcs.rate_x': (s) => s.adcs.rateDegS.x,
  'adcs.rate_y': (s) => s.adcs.rateDegS.y,
  'adcs.rate_z': (s) => s.adcs.rateDegS.z,
  'adcs.wheel_speed_1': (s) => s.adcs.wheelRpm[0],
  'adcs.wheel_speed_2': (s) => s.adcs.wheelRpm[1],
  'adcs.wheel_speed_3': (s) => s.adcs.wheelRpm[2],
  'adcs.mode': (s) => s.adcs.mode,
  'adcs.pointing_error': (s) => s.adcs.pointingErrorDeg,
  'comms.tx_state': (s) => s.comms.tx,
  'comms.downlink_rate': (s) => s.comms.downlinkBps,
  'comms.downlink_station': (s, m) =>
    s.comms.downlinkStation ? (m.stationIndex.get(s.comms.downlinkStation) ?? 0) : 0,
  'comms.storage_fill': (s, m) => (100 * s.comms.storedBytes) / m.def.storageBytes,
  'comms.bytes_downlinked': (s) => Math.round(s.comms.bytesDownlinkedSinceBoot),
  'comms.tx_temp': (s) => s.comms.txTempC,
  'obc.mode': (s) => s.obc.mode,
  'obc.uptime': (s) => Math.max(0, Math.floor((s.timeMs - s.obc.bootMs) / 1000)),
  'obc.reboot_count': (s) => s.obc.rebootCount,
  'obc.temp': (s) => s.obc.tempC,
  'obc.cpu_load': (s) => s.obc.cpuLoadPercent,
  'thermal.payload_temp': (s) => s.thermal.payloadTempC,
  'thermal.structure_temp': (s) => s.thermal.structureTempC,
  'thermal.radiator_temp': (s) => s.thermal.radiatorTempC,
  'thermal.heater_state': (s) => (s.eps.heaterOn ? 1 : 0),
  'payload.mode': (s) => s.payload.mode,
  'payload.images_captured': (s) => s.payload.imagesCaptured,
  'payload.focal_plane_temp': (s) => s.payload.focalPlaneTempC,
};

/** Parameters of housekeeping packets the simulator has no model for (they are swept: ./synthetic.ts). */
export function unmodelledParameters(packets: readonly PacketDef[]): string[] {
  const ids = packets.filter((p) => p.kind === 'housekeeping').flatMap((p) => p.parameters.map((q) => q.id));
  return [...new Set(ids)].filter((id) => !(id in READERS));
}

/**
 * A parameter's value is a function of the spacecraft's state (or, unmodelled, of time) and of nothing in the
 * packet, so packets of one instant that include one container carry the same value of it.
 */
export function housekeepingValues(
  packet: PacketDef,
  state: SpacecraftState,
  model: SpacecraftModel,
): number[] {
  return packet.parameters.map(
    (parameter) => READERS[parameter.id]?.(state, model) ?? syntheticValue(parameter, state.timeMs),
  );
}

const EVENT_FIELDS: Record<string, (event: OnboardEvent) => number> = {
  'event.code': (event) => eventCode(event.name),
  'event.severity': (event) => event.severity,
  'event.arg': (event) => event.arg,
};

export function eventValues(packet: PacketDef, event: OnboardEvent): number[] {
  return packet.parameters.map((parameter) => EVENT_FIELDS[parameter.id]?.(event) ?? 0);
}
