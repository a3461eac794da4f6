// The auth settings from the environment; read by server/index.ts only.
import fs from 'node:fs';
import type { Dictionary, PartnerId } from '../../shared/dictionary';
import { defaultAgreement, parseAgreement, type Agreement } from './agreement';

export interface AuthConfig {
  /** ORTAQ_ADMIN_PASSWORD: password of the admin created at first start (else one is generated). */
  adminPassword: string | undefined;
  /** ORTAQ_ADMIN_PARTNER: partner of that admin (default: the first partner of the mission). */
  adminPartner: PartnerId;
  /** ORTAQ_AGREEMENT: a JSON file with the constellation agreement (default: the built-in one). */
  agreement: Agreement;
  /** ORTAQ_TRUST_PROXY=1 behind a reverse proxy that terminates HTTPS. */
  trustProxy: boolean;
}

export function readAuthConfig(env: NodeJS.ProcessEnv, dictionary: Dictionary): AuthConfig {
  const partners = dictionary.partners.map((p) => p.id);
  const partner = env.ORTAQ_ADMIN_PARTNER ?? partners[0]!;
  if (!partners.includes(partner)) {
    throw new Error(
      `ORTAQ_ADMIN_PARTNER: one of the mission's partners ${partners.join(', ')}, got ${partner}`,
    );
  }
  const file = env.ORTAQ_AGREEMENT;
  return {
    adminPassword: env.ORTAQ_ADMIN_PASSWORD || undefined,
    adminPartner: partner,
    agreement: file
      ? parseAgreement(JSON.parse(fs.readFileSync(file, 'utf8')), dictionary)
      : defaultAgreement(dictionary),
    trustProxy: env.ORTAQ_TRUST_PROXY === '1' || env.ORTAQ_TRUST_PROXY === 'true',
  };
}
