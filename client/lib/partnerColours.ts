// One colour per partner, the same in every chart, from the Okabe–Ito palette (distinguishable with the
// common colour-vision deficiencies). Quantities that are not partners take colours no partner uses.
import type { PartnerId } from '../../shared/dictionary';

export const PARTNER_COLOURS: Record<PartnerId, string> = {
  KZ: '#56B4E9', // sky blue
  TR: '#D55E00', // vermillion
  AZ: '#009E73', // bluish green
  UZ: '#E69F00', // orange
  KG: '#CC79A7', // reddish purple
};

/** Contact time available and used: a neutral grey and a blue that no partner wears. */
export const QUANTITY_COLOURS = { available: '#8C8C8C', used: '#0072B2' } as const;
