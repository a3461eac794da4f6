// Fair share between partners on the wire: what each partner's stations delivered of each partner's
// spacecraft in a window (GET /api/fairshare), and the balance of each pair.
import { z } from 'zod';
import type { PartnerId } from '../dictionary/types';

/** What `giver`'s stations delivered of `receiver`'s spacecraft: seconds heard, packets first brought. */
export interface FairShareCell {
  giver: PartnerId;
  receiver: PartnerId;
  contactMinutes: number;
  packets: number;
}

/** Between two partners (a before b in the mission's order): given minus received, from a's side. */
export interface FairShareBalance {
  a: PartnerId;
  b: PartnerId;
  /** What a's stations delivered of b's spacecraft minus what b's delivered of a's. */
  packets: number;
  contactMinutes: number;
}

export interface FairShareResponse {
  from: number;
  to: number;
  /** Every giver × receiver, the diagonal (a partner's own) included, in the mission's partner order. */
  cells: FairShareCell[];
  balances: FairShareBalance[];
}

export const FAIR_SHARE_WINDOWS = ['24h', '7d', '30d', '90d'] as const;
export type FairShareWindow = (typeof FAIR_SHARE_WINDOWS)[number];
export const fairShareWindowSchema = z.enum(FAIR_SHARE_WINDOWS);
