import { STATIONS } from './stations';
import type { Limits, PacketDef, ParameterDef, Subsystem } from './types';

// Ranges and limits are those of a 28 V-bus Earth-observation small satellite (SSTL-100/150 class):
// - 8S Li-ion battery, 3.0–4.2 V per cell, so 24.0–33.6 V; yellow at 3.4 V/cell, red at 3.2 V/cell and at
//   overcharge above 4.2 V/cell. Charging only between 0 and 45 °C (18650 cell datasheets); kept 5–30 °C.
// - LEO batteries are cycled ~5,500 times a year, so depth of discharge stays under ~25 %: state of charge
//   below 60 % is already unusual, below 40 % endangers the mission.
// - Reaction wheels of this class (e.g. 0.1–0.4 Nms wheels) run up to ~6,000 rpm.
// - Optical payloads are held at 20 ± 5 °C to keep focus; electronics are qualified to −20…+60 °C.

function param(
  subsystem: Subsystem,
  id: string,
  name: string,
  type: ParameterDef['type'],
  unit: string,
  extra: Partial<ParameterDef> = {},
): ParameterDef {
  return { id, name, subsystem, type, scale: 1, offset: 0, unit, ...extra };
}

const symmetric = (yellow: number, red: number): Limits => ({
  yellow: { low: -yellow, high: yellow },
  red: { low: -red, high: red },
});

const NO_LIMITS: Limits = {};

const EPS_ECLIPSE = 'eps.eclipse';
const ADCS_MODE = 'adcs.mode';
const ADCS_STATES = { 0: 'DETUMBLE', 1: 'SUN_POINTING', 2: 'NADIR', 3: 'TARGET_POINTING', 4: 'SAFE' };
const ADCS_TARGET_POINTING = 3;

export const APID = {
  EPS: 0x010,
  ADCS: 0x020,
  COMMS: 0x030,
  OBC: 0x040,
  THERMAL: 0x050,
  PAYLOAD: 0x060,
  EVENT: 0x0f0,
} as const;

export const EVENT_CODES: Record<number, string> = {
  1: 'ADCS_MODE_CHANGE',
  2: 'OBC_MODE_CHANGE',
  3: 'ECLIPSE_ENTRY',
  4: 'ECLIPSE_EXIT',
  5: 'AOS',
  6: 'LOS',
  7: 'IMAGING_START',
  8: 'IMAGING_END',
  9: 'OBC_REBOOT',
  10: 'WHEEL_OVERSPEED',
  11: 'SAFE_MODE_ENTRY',
  12: 'TX_FAULT',
  13: 'BATTERY_UNDERVOLTAGE',
  14: 'PAYLOAD_OVERTEMP',
  15: 'POWER_SAVE_ENTRY',
  16: 'DOWNLINK_START',
  17: 'DOWNLINK_END',
  18: 'STORAGE_FULL',
};

export const EVENT_SEVERITIES = { 0: 'INFO', 1: 'WARNING', 2: 'CRITICAL' } as const;

const temperature = (subsystem: Subsystem, id: string, name: string, limits: Limits): ParameterDef =>
  param(subsystem, id, name, 'i16', '°C', { scale: 0.01, limits });

export const PACKETS: PacketDef[] = [
  {
    apid: APID.EPS,
    name: 'EPS_HK',
    kind: 'housekeeping',
    description: 'Electrical power system housekeeping',
    parameters: [
      param('EPS', 'eps.batt_voltage', 'Battery voltage', 'u16', 'V', {
        scale: 0.001,
        limits: { yellow: { low: 27.2, high: 33.4 }, red: { low: 25.6, high: 33.8 } },
      }),
      param('EPS', 'eps.batt_current', 'Battery current (+ charge)', 'i16', 'A', {
        scale: 0.001,
        // In sunlight the arrays carry the load, so a heavy discharge is a fault; in eclipse it is normal.
        limits: { yellow: { low: -4, high: 8 }, red: { low: -8, high: 10 } },
        contextLimits: [
          {
            label: 'eclipse',
            when: { parameter: EPS_ECLIPSE, states: [1] },
            limits: { yellow: { low: -12, high: 8 }, red: { low: -16, high: 10 } },
          },
        ],
      }),
      param('EPS', 'eps.batt_soc', 'Battery state of charge', 'u16', '%', {
        scale: 0.01,
        limits: { yellow: { low: 60 }, red: { low: 40 } },
      }),
      temperature('EPS', 'eps.batt_temp', 'Battery temperature', {
        yellow: { low: 5, high: 30 },
        red: { low: 0, high: 40 },
      }),
      param('EPS', 'eps.solar_current', 'Solar array current', 'u16', 'A', { scale: 0.001 }),
      param('EPS', 'eps.bus_voltage', 'Bus voltage', 'u16', 'V', {
        scale: 0.001,
        limits: { yellow: { low: 27, high: 29 }, red: { low: 26, high: 30 } },
      }),
      param('EPS', 'eps.load_power', 'Load power', 'u16', 'W', { scale: 0.1 }),
      param('EPS', 'eps.power_mode', 'Power mode', 'u8', '', {
        states: { 0: 'NOMINAL', 1: 'POWER_SAVE', 2: 'SAFE' },
        alarmStates: { 1: 'yellow', 2: 'red' },
      }),
      param('EPS', EPS_ECLIPSE, 'Eclipse', 'u8', '', { states: { 0: 'SUNLIT', 1: 'ECLIPSE' } }),
    ],
  },
  {
    apid: APID.ADCS,
    name: 'ADCS_HK',
    kind: 'housekeeping',
    description: 'Attitude determination and control housekeeping',
    parameters: [
      // Attitude of the body frame relative to ECI, scalar first.
      param('ADCS', 'adcs.q0', 'Quaternion q0 (scalar)', 'f32', ''),
      param('ADCS', 'adcs.q1', 'Quaternion q1', 'f32', ''),
      param('ADCS', 'adcs.q2', 'Quaternion q2', 'f32', ''),
      param('ADCS', 'adcs.q3', 'Quaternion q3', 'f32', ''),
      param('ADCS', 'adcs.rate_x', 'Body rate X', 'f32', '°/s', { limits: symmetric(2.5, 4) }),
      param('ADCS', 'adcs.rate_y', 'Body rate Y', 'f32', '°/s', { limits: symmetric(2.5, 4) }),
      param('ADCS', 'adcs.rate_z', 'Body rate Z', 'f32', '°/s', { limits: symmetric(2.5, 4) }),
      ...[1, 2, 3].map((wheel) =>
        param('ADCS', `adcs.wheel_speed_${wheel}`, `Reaction wheel ${wheel} speed`, 'i16', 'rpm', {
          limits: symmetric(5000, 6000),
          // Agile slews between imaging targets spin the wheels harder for short periods.
          contextLimits: [
            {
              label: 'imaging',
              when: { parameter: ADCS_MODE, states: [ADCS_TARGET_POINTING] },
              limits: symmetric(5600, 6300),
            },
          ],
        }),
      ),
      param('ADCS', ADCS_MODE, 'ADCS mode', 'u8', '', {
        states: ADCS_STATES,
        alarmStates: { 0: 'yellow', 4: 'red' },
      }),
      param('ADCS', 'adcs.pointing_error', 'Pointing error', 'u16', '°', {
        scale: 0.001,
        limits: { yellow: { high: 0.5 }, red: { high: 2 } },
        // Pointing is not controlled tightly while detumbling, sun-pointing or in safe mode.
        contextLimits: [
          { label: 'coarse', when: { parameter: ADCS_MODE, states: [0, 1, 4] }, limits: NO_LIMITS },
        ],
      }),
    ],
  },
  {
    apid: APID.COMMS,
    name: 'COMMS_HK',
    kind: 'housekeeping',
    description: 'Payload downlink transmitter and mass memory',
    parameters: [
      param('COMMS', 'comms.tx_state', 'Transmitter state', 'u8', '', {
        states: { 0: 'OFF', 1: 'ON', 2: 'FAULT' },
        alarmStates: { 2: 'red' },
      }),
      param('COMMS', 'comms.downlink_rate', 'Downlink rate', 'u32', 'bit/s'),
      // The station the onboard contact schedule points the payload downlink at (0 = none), so the ground
      // can credit delivered data to the right partner even when several stations hear the housekeeping.
      param('COMMS', 'comms.downlink_station', 'Downlink target station', 'u8', '', {
        states: Object.fromEntries([[0, 'NONE'], ...STATIONS.map((station, i) => [i + 1, station.id])]),
      }),
      param('COMMS', 'comms.storage_fill', 'Onboard storage fill', 'u16', '%', {
        scale: 0.01,
        limits: { yellow: { high: 85 }, red: { high: 95 } },
      }),
      param('COMMS', 'comms.bytes_downlinked', 'Bytes downlinked (since boot)', 'f64', 'B'),
      temperature('COMMS', 'comms.tx_temp', 'Transmitter temperature', {
        yellow: { low: -10, high: 50 },
        red: { low: -20, high: 60 },
      }),
    ],
  },
  {
    apid: APID.OBC,
    name: 'OBC_HK',
    kind: 'housekeeping',
    description: 'On-board computer housekeeping',
    parameters: [
      param('OBC', 'obc.mode', 'OBC mode', 'u8', '', {
        states: { 0: 'BOOT', 1: 'NOMINAL', 2: 'SAFE', 3: 'MAINTENANCE' },
        alarmStates: { 0: 'yellow', 2: 'red' },
      }),
      param('OBC', 'obc.uptime', 'Uptime', 'u32', 's'),
      param('OBC', 'obc.reboot_count', 'Reboot count', 'u16', ''),
      temperature('OBC', 'obc.temp', 'OBC temperature', {
        yellow: { low: -10, high: 55 },
        red: { low: -20, high: 65 },
      }),
      param('OBC', 'obc.cpu_load', 'CPU load', 'u8', '%', {
        limits: { yellow: { high: 85 }, red: { high: 95 } },
      }),
    ],
  },
  {
    apid: APID.THERMAL,
    name: 'THERMAL_HK',
    kind: 'housekeeping',
    description: 'Thermal control housekeeping',
    parameters: [
      temperature('THERMAL', 'thermal.payload_temp', 'Payload optics temperature', {
        yellow: { low: 15, high: 25 },
        red: { low: 10, high: 30 },
      }),
      temperature('THERMAL', 'thermal.structure_temp', 'Structure temperature', {
        yellow: { low: -20, high: 50 },
        red: { low: -30, high: 60 },
      }),
      temperature('THERMAL', 'thermal.radiator_temp', 'Radiator temperature', {
        yellow: { low: -40, high: 40 },
        red: { low: -50, high: 50 },
      }),
      param('THERMAL', 'thermal.heater_state', 'Battery heater', 'u8', '', { states: { 0: 'OFF', 1: 'ON' } }),
    ],
  },
  {
    apid: APID.PAYLOAD,
    name: 'PAYLOAD_HK',
    kind: 'housekeeping',
    description: 'Imager housekeeping',
    parameters: [
      param('PAYLOAD', 'payload.mode', 'Imager mode', 'u8', '', {
        states: { 0: 'OFF', 1: 'STANDBY', 2: 'IMAGING', 3: 'FAULT' },
        alarmStates: { 3: 'red' },
      }),
      param('PAYLOAD', 'payload.images_captured', 'Images captured', 'u32', ''),
      temperature('PAYLOAD', 'payload.focal_plane_temp', 'Focal plane temperature', {
        yellow: { low: 10, high: 28 },
        red: { low: 5, high: 35 },
      }),
    ],
  },
  {
    apid: APID.EVENT,
    name: 'EVENT',
    kind: 'event',
    description: 'Onboard event report: code, severity and one argument',
    parameters: [
      param('OBC', 'event.code', 'Event code', 'u16', '', { states: EVENT_CODES }),
      param('OBC', 'event.severity', 'Event severity', 'u8', '', { states: EVENT_SEVERITIES }),
      param('OBC', 'event.arg', 'Event argument', 'f32', ''),
    ],
  },
];
