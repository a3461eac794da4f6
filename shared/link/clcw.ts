// The Communications Link Control Word (CCSDS 232.0-B, carried in a TM frame's Operational Control Field):
// what the spacecraft's FARM reports about the telecommand link. A type-2 report (first bit 1) is
// project-specific and is returned undecoded.

export interface Clcw {
  version: number;
  /** Mission-specific status field, 3 bits. */
  statusField: number;
  /** 1 = COP-1. */
  copInEffect: number;
  /** The telecommand virtual channel this report is about (6 bits). */
  tcVirtualChannel: number;
  noRfAvailable: boolean;
  noBitLock: boolean;
  lockout: boolean;
  wait: boolean;
  retransmit: boolean;
  farmBCounter: number;
  /** N(R): the sequence number of the next telecommand frame the FARM expects. */
  reportValue: number;
}

export type OcfReport = { type: 'clcw'; clcw: Clcw } | { type: 'type2'; word: number };

export function decodeOcf(word: number): OcfReport {
  const w = word >>> 0;
  if (w >>> 31 === 1) return { type: 'type2', word: w };
  return {
    type: 'clcw',
    clcw: {
      version: (w >>> 29) & 0x3,
      statusField: (w >>> 26) & 0x7,
      copInEffect: (w >>> 24) & 0x3,
      tcVirtualChannel: (w >>> 18) & 0x3f,
      noRfAvailable: ((w >>> 15) & 1) === 1,
      noBitLock: ((w >>> 14) & 1) === 1,
      lockout: ((w >>> 13) & 1) === 1,
      wait: ((w >>> 12) & 1) === 1,
      retransmit: ((w >>> 11) & 1) === 1,
      farmBCounter: (w >>> 9) & 0x3,
      reportValue: w & 0xff,
    },
  };
}

/**
 * One word for an operator: `lockout` and `retransmit` need action, `no_rf` / `no_bit_lock` say the uplink is
 * not heard, `wait` that the FARM cannot take frames, `ok` otherwise.
 */
export type ClcwState = 'ok' | 'lockout' | 'retransmit' | 'wait' | 'no_rf' | 'no_bit_lock' | 'type2';

export function clcwState(report: OcfReport): ClcwState {
  if (report.type === 'type2') return 'type2';
  const c = report.clcw;
  if (c.lockout) return 'lockout';
  if (c.noRfAvailable) return 'no_rf';
  if (c.noBitLock) return 'no_bit_lock';
  if (c.retransmit) return 'retransmit';
  if (c.wait) return 'wait';
  return 'ok';
}
