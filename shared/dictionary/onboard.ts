// Constants of the onboard software every Ortaq spacecraft flies: the APIDs the ground routes on (event
// reports feed the event log) and the event codes and severities of those reports. The packets themselves,
// with their parameters, calibrations and limits, are mission data: mission/ortaq.xml.
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
