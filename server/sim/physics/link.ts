// Link budget relative to zenith: free-space loss grows with slant range and the atmosphere with the air
// mass (1/sin elevation), so low passes give a weaker signal, a slower downlink modulation and more frame
// errors. Margins are round figures for an X-band payload link and an S-band telemetry link.
import type { LookAngles } from '../../../shared/orbit';

const RAD = Math.PI / 180;
/** X-band payload downlink margin straight overhead, dB. */
const DOWNLINK_ZENITH_MARGIN_DB = 20;
/** S-band telemetry signal-to-noise ratio straight overhead, dB. */
const TELEMETRY_ZENITH_SNR_DB = 22;
const ATMOSPHERE_ZENITH_DB = 0.5;

/** Adaptive coding and modulation: share of the best rate usable at a margin (dB). */
const MODCODS: readonly [number, number][] = [
  [12, 1],
  [9, 0.75],
  [6, 0.5],
  [3, 0.3],
  [0, 0.15],
];

/** Loss relative to a zenith pass at altitude altKm, dB. */
export function lossDb(look: LookAngles, altKm: number): number {
  const spreading = 20 * Math.log10(Math.max(1, look.rangeKm / altKm));
  const airMass = 1 / Math.max(0.05, Math.sin(Math.max(0, look.elevationDeg) * RAD));
  return spreading + ATMOSPHERE_ZENITH_DB * (airMass - 1);
}

/** Payload downlink rate a station achieves at these look angles, bit/s. */
export function downlinkRateBps(maxBps: number, look: LookAngles, altKm: number): number {
  const margin = DOWNLINK_ZENITH_MARGIN_DB - lossDb(look, altKm);
  for (const [threshold, share] of MODCODS) if (margin >= threshold) return Math.round(maxBps * share);
  return 0;
}

/** Telemetry signal-to-noise ratio at a station, dB (before receiver noise). */
export const telemetrySnrDb = (look: LookAngles, altKm: number): number =>
  TELEMETRY_ZENITH_SNR_DB - lossDb(look, altKm);

/** Probability that a frame arrives with bit errors at an SNR: ~5 % at the mask, ~0.05 % overhead. */
export const frameErrorProbability = (snrDb: number): number =>
  Math.min(0.5, Math.max(0.0005, 0.4 * Math.exp(-snrDb / 2.5)));
