// CCSDS Unsegmented time Code (CUC, CCSDS 301.0-B): a binary count of seconds (1–4 coarse octets) and binary
// fractions of a second (0–3 fine octets) since an epoch. Ortaq reads the T-field only: the P-field that
// would describe it is implicit, agreed per spacecraft in its link configuration. Pure, never throws.
import { z } from 'zod';
import { LEAP_SECONDS, taiMinusUtcAtTai, taiMinusUtcAtUtc, type LeapSecondEntry } from './leapSeconds';

/**
 * `tai1958`: the CCSDS Level 1 epoch, 1958-01-01T00:00:00 TAI; the count runs on the TAI scale, so leap
 * seconds are taken out when converting to UTC. `utc1970`: an agency-defined (Level 2) epoch, the Unix epoch,
 * with the count on the UTC scale as Unix time is (no leap seconds counted).
 */
export const CUC_EPOCHS = ['tai1958', 'utc1970'] as const;
export type CucEpoch = (typeof CUC_EPOCHS)[number];

export const cucFormatSchema = z.strictObject({
  epoch: z.enum(CUC_EPOCHS),
  coarseOctets: z.number().int().min(1).max(4),
  fineOctets: z.number().int().min(0).max(3),
});
export type CucFormat = z.infer<typeof cucFormatSchema>;

/** Ortaq's packets today: 4 coarse octets of Unix seconds, 2 fine octets (1/65536 s). */
export const UNIX_CUC_4_2: CucFormat = { epoch: 'utc1970', coarseOctets: 4, fineOctets: 2 };

/** 1958-01-01 to 1970-01-01 is 4383 days. */
export const TAI1958_TO_UNIX_S = 4383 * 86_400;

export const cucBytes = (format: CucFormat): number => format.coarseOctets + format.fineOctets;

/** The P-field octet that describes a format (time code id 001 for the 1958 epoch, 010 for an agency one). */
export function cucPField(format: CucFormat): number {
  const timeCodeId = format.epoch === 'tai1958' ? 0b001 : 0b010;
  return (timeCodeId << 4) | ((format.coarseOctets - 1) << 2) | format.fineOctets;
}

/**
 * The T-field at `offset` as UTC ms since the Unix epoch, or NaN when the bytes do not hold a whole T-field.
 * Fine octets are binary fractions: the result keeps sub-millisecond precision for the caller to round.
 */
export function decodeCuc(
  bytes: Uint8Array,
  offset: number,
  format: CucFormat,
  leapSeconds: readonly LeapSecondEntry[] = LEAP_SECONDS,
): number {
  const { coarseOctets, fineOctets } = format;
  if (offset < 0 || offset + coarseOctets + fineOctets > bytes.length) return NaN;
  let coarse = 0;
  for (let i = 0; i < coarseOctets; i++) coarse = coarse * 256 + bytes[offset + i]!;
  let fine = 0;
  for (let i = 0; i < fineOctets; i++) fine = fine * 256 + bytes[offset + coarseOctets + i]!;
  const ms = coarse * 1000 + (fine * 1000) / 2 ** (8 * fineOctets);
  if (format.epoch === 'utc1970') return ms;
  const taiSince1970Ms = ms - TAI1958_TO_UNIX_S * 1000;
  return taiSince1970Ms - taiMinusUtcAtTai(taiSince1970Ms, leapSeconds) * 1000;
}

/**
 * Writes a UTC instant as a T-field. Returns false (writing nothing) when the time does not fit the coarse
 * octets or the bytes are too short: callers decide what an unrepresentable time means.
 */
export function encodeCuc(
  utcMs: number,
  bytes: Uint8Array,
  offset: number,
  format: CucFormat,
  leapSeconds: readonly LeapSecondEntry[] = LEAP_SECONDS,
): boolean {
  const { coarseOctets, fineOctets } = format;
  if (!Number.isFinite(utcMs) || offset < 0 || offset + coarseOctets + fineOctets > bytes.length)
    return false;
  const countMs =
    format.epoch === 'utc1970'
      ? utcMs
      : utcMs + (TAI1958_TO_UNIX_S + taiMinusUtcAtUtc(utcMs, leapSeconds)) * 1000;
  const fineScale = 2 ** (8 * fineOctets);
  let coarse = Math.floor(countMs / 1000);
  let fine = Math.round(((countMs - coarse * 1000) * fineScale) / 1000);
  if (fine >= fineScale) {
    coarse += 1;
    fine -= fineScale;
  }
  if (coarse < 0 || coarse >= 2 ** (8 * coarseOctets)) return false;
  for (let i = coarseOctets - 1; i >= 0; i--) {
    bytes[offset + i] = coarse % 256;
    coarse = Math.floor(coarse / 256);
  }
  for (let i = fineOctets - 1; i >= 0; i--) {
    bytes[offset + coarseOctets + i] = fine % 256;
    fine = Math.floor(fine / 256);
  }
  return true;
}
