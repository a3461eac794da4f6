// The constellation agreement: which partner may see which spacecraft, and how deeply. It is data (default
// below, or a JSON file given at start) and every read path on the server asks `canSee` before answering.
import type { Dictionary, PartnerId } from '../../shared/dictionary';
import {
  agreementSchema,
  VISIBILITY_LEVELS,
  type AgreementGrant,
  type FairShareThresholds,
  type Principal,
  type SpacecraftVisibility,
  type VisibilityLevel,
} from '../../shared/protocol/auth';

export interface Agreement {
  fleetStatusForAll: boolean;
  grants: readonly AgreementGrant[];
  /** Stations limited to the spacecraft they may deliver (absent: any spacecraft). */
  stations?: Readonly<Record<string, readonly string[]>>;
  /** Balances between two partners past which an event is raised (server/ledger/fairShare.ts). */
  fairShare?: FairShareThresholds;
}

/**
 * The default agreement: every partner sees the fleet status of every spacecraft, and the detailed telemetry
 * and exports of its own; the joint mission Ortaq-1, operated on behalf of all partners, is granted to all.
 */
export function defaultAgreement(dictionary: Dictionary): Agreement {
  const joint = dictionary.spacecraft.filter((s) => s.notional);
  const partners = dictionary.partners.map((p) => p.id);
  return {
    fleetStatusForAll: true,
    grants: joint.flatMap((s) =>
      partners
        .filter((p) => p !== s.partner)
        .map((partner) => ({
          partner,
          spacecraftId: s.id,
          level: 'export' as const,
        })),
    ),
  };
}

/** Validates an agreement read from a file; unknown spacecraft in grants are an error, not silently ignored. */
export function parseAgreement(input: unknown, dictionary: Dictionary): Agreement {
  const parsed = agreementSchema.parse(input);
  const known = new Set(dictionary.spacecraft.map((s) => s.id));
  const unknown = [
    ...parsed.grants.map((g) => g.spacecraftId),
    ...Object.values(parsed.stations).flat(),
  ].filter((id) => !known.has(id));
  if (unknown.length > 0) throw new Error(`agreement: unknown spacecraft ${unknown}`);
  const partners = new Set(dictionary.partners.map((p) => p.id));
  const unknownPartners = parsed.grants.map((g) => g.partner).filter((id) => !partners.has(id));
  if (unknownPartners.length > 0)
    throw new Error(`agreement: partners not in the mission ${[...new Set(unknownPartners)]}`);
  const stations = new Set(dictionary.stations.map((s) => s.id));
  const unknownStations = Object.keys(parsed.stations).filter((id) => !stations.has(id));
  if (unknownStations.length > 0) throw new Error(`agreement: unknown stations ${unknownStations}`);
  return parsed;
}

const rank = (level: VisibilityLevel | null) => (level === null ? -1 : VISIBILITY_LEVELS.indexOf(level));

export interface VisibilityPolicy {
  /** True for a spacecraft of the dictionary (unknown ones are the routes' 404, not a 403). */
  knows(spacecraftId: string): boolean;
  /** True for a partner the mission declares: users, kiosks and channels belong to one of these. */
  knowsPartner(partner: PartnerId): boolean;
  /** The deepest level the partner may see of a spacecraft, or null for none (or an unknown spacecraft). */
  levelFor(partner: PartnerId, spacecraftId: string): VisibilityLevel | null;
  canSee(principal: Pick<Principal, 'partner'>, spacecraftId: string, level: VisibilityLevel): boolean;
  /** Every spacecraft the partner may see at least at `level`, in dictionary order. */
  visible(principal: Pick<Principal, 'partner'>, level?: VisibilityLevel): SpacecraftVisibility[];
  /** The agreement lets this station deliver frames of this spacecraft. */
  mayDeliver(stationId: string, spacecraftId: string): boolean;
}

export function createVisibilityPolicy(dictionary: Dictionary, agreement: Agreement): VisibilityPolicy {
  const owner = new Map(dictionary.spacecraft.map((s) => [s.id, s.partner]));
  const partners = new Set(dictionary.partners.map((p) => p.id));
  const granted = new Map<string, VisibilityLevel>();
  for (const grant of agreement.grants) {
    const key = `${grant.partner}/${grant.spacecraftId}`;
    if (rank(grant.level) > rank(granted.get(key) ?? null)) granted.set(key, grant.level);
  }
  const levelFor = (partner: PartnerId, spacecraftId: string): VisibilityLevel | null => {
    const ownedBy = owner.get(spacecraftId);
    if (ownedBy === undefined) return null;
    if (ownedBy === partner) return 'export';
    const grant = granted.get(`${partner}/${spacecraftId}`);
    if (grant) return grant;
    return agreement.fleetStatusForAll ? 'status' : null;
  };
  const deliveries = new Map(
    Object.entries(agreement.stations ?? {}).map(([station, spacecraft]) => [station, new Set(spacecraft)]),
  );
  return {
    mayDeliver: (stationId, spacecraftId) => deliveries.get(stationId)?.has(spacecraftId) ?? true,
    knows: (spacecraftId) => owner.has(spacecraftId),
    knowsPartner: (partner) => partners.has(partner),
    levelFor,
    canSee: (principal, spacecraftId, level) =>
      rank(levelFor(principal.partner, spacecraftId)) >= rank(level),
    visible: (principal, level = 'status') =>
      dictionary.spacecraft.flatMap((s) => {
        const has = levelFor(principal.partner, s.id);
        return has !== null && rank(has) >= rank(level) ? [{ spacecraftId: s.id, level: has }] : [];
      }),
  };
}
