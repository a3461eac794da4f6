// One colour per partner, the same in every chart. The mission declares each partner's colour (Ortaq's own
// five are the Okabe–Ito palette, distinguishable with the common colour-vision deficiencies); a partner
// declared without one takes the first free colour of Paul Tol's muted palette, in mission order.
import type { Partner, PartnerId } from '../../shared/dictionary';

/** Contact time available and used: a neutral grey and a blue that no partner wears. */
export const QUANTITY_COLOURS = { available: '#8C8C8C', used: '#0072B2' } as const;

const SPARE_COLOURS = [
  '#332288',
  '#88CCEE',
  '#44AA99',
  '#117733',
  '#999933',
  '#DDCC77',
  '#882255',
  '#AA4499',
];
/** Beyond the spare palette (a fleet of many partners) a grey is at least not a partner's colour twice. */
const LAST_RESORT = '#666666';

export function partnerColours(partners: readonly Partner[]): Record<PartnerId, string> {
  const taken = new Set<string>([
    ...partners.flatMap((p) => (p.colour ? [p.colour.toUpperCase()] : [])),
    ...Object.values(QUANTITY_COLOURS),
  ]);
  const spare = SPARE_COLOURS.filter((c) => !taken.has(c));
  let next = 0;
  return Object.fromEntries(partners.map((p) => [p.id, p.colour ?? spare[next++] ?? LAST_RESORT]));
}
