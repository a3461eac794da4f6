import { describe, expect, it } from 'vitest';
import { DICTIONARY } from '../../server/mission/shipped';
import { createVisibilityPolicy, defaultAgreement, parseAgreement } from '../../server/auth/agreement';

const KZ = { partner: 'KZ' } as const;
const TR = { partner: 'TR' } as const;
const AZ = { partner: 'AZ' } as const;

describe('constellation agreement', () => {
  const policy = createVisibilityPolicy(DICTIONARY, defaultAgreement(DICTIONARY));

  it('lets every partner see the fleet status of every spacecraft by default', () => {
    for (const partner of [KZ, TR, AZ])
      for (const s of DICTIONARY.spacecraft) expect(policy.canSee(partner, s.id, 'status')).toBe(true);
  });

  it('gives detailed telemetry and exports of a spacecraft only to its owner', () => {
    expect(policy.canSee(KZ, 'kazeosat-1', 'telemetry')).toBe(true);
    expect(policy.canSee(KZ, 'kazeosat-1', 'export')).toBe(true);
    expect(policy.canSee(TR, 'kazeosat-1', 'telemetry')).toBe(false);
    expect(policy.canSee(TR, 'kazeosat-1', 'export')).toBe(false);
    expect(policy.canSee(KZ, 'gokturk-2', 'telemetry')).toBe(false);
    expect(policy.canSee(AZ, 'imece', 'telemetry')).toBe(false);
  });

  it('grants the joint mission to every partner', () => {
    for (const partner of [KZ, TR, AZ]) expect(policy.canSee(partner, 'ortaq-1', 'export')).toBe(true);
  });

  it('sees nothing of a spacecraft that is not in the dictionary', () => {
    expect(policy.canSee(KZ, 'sputnik-1', 'status')).toBe(false);
    expect(policy.levelFor('KZ', '__proto__')).toBeNull();
  });

  it('applies grants at their level, keeping the deepest of several', () => {
    const granted = createVisibilityPolicy(
      DICTIONARY,
      parseAgreement(
        {
          grants: [
            { partner: 'KZ', spacecraftId: 'imece', level: 'telemetry' },
            { partner: 'AZ', spacecraftId: 'gokturk-2', level: 'export' },
            { partner: 'AZ', spacecraftId: 'gokturk-2', level: 'telemetry' },
          ],
        },
        DICTIONARY,
      ),
    );
    expect(granted.canSee(KZ, 'imece', 'telemetry')).toBe(true);
    expect(granted.canSee(KZ, 'imece', 'export')).toBe(false);
    expect(granted.canSee(AZ, 'gokturk-2', 'export')).toBe(true);
    expect(granted.canSee(TR, 'kazeosat-2', 'telemetry')).toBe(false);
    // A file agreement does not include the default joint-mission grants unless it says so.
    expect(granted.canSee(KZ, 'ortaq-1', 'telemetry')).toBe(false);
  });

  it('can withhold even the fleet status', () => {
    const closed = createVisibilityPolicy(
      DICTIONARY,
      parseAgreement({ fleetStatusForAll: false }, DICTIONARY),
    );
    expect(closed.canSee(TR, 'kazeosat-1', 'status')).toBe(false);
    expect(closed.visible(TR).map((v) => v.spacecraftId)).toEqual(['gokturk-2', 'gokturk-1a', 'imece']);
  });

  it('lists what a partner may see with the deepest level', () => {
    expect(policy.visible(KZ)).toEqual([
      { spacecraftId: 'kazeosat-1', level: 'export' },
      { spacecraftId: 'kazeosat-2', level: 'export' },
      { spacecraftId: 'gokturk-2', level: 'status' },
      { spacecraftId: 'gokturk-1a', level: 'status' },
      { spacecraftId: 'imece', level: 'status' },
      { spacecraftId: 'ortaq-1', level: 'export' },
    ]);
    expect(policy.visible(KZ, 'telemetry').map((v) => v.spacecraftId)).toEqual([
      'kazeosat-1',
      'kazeosat-2',
      'ortaq-1',
    ]);
  });

  it('rejects agreements that name unknown spacecraft or partners', () => {
    expect(() =>
      parseAgreement({ grants: [{ partner: 'KZ', spacecraftId: 'nope', level: 'export' }] }, DICTIONARY),
    ).toThrow(/unknown spacecraft/);
    expect(() =>
      parseAgreement({ grants: [{ partner: 'XX', spacecraftId: 'imece', level: 'export' }] }, DICTIONARY),
    ).toThrow();
  });
});
