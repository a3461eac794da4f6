// The auth room's public face: builds users, sessions, station tokens, kiosk links, the audit log and the
// visibility policy over one store and one clock.
import type { Clock } from '../../shared/clock';
import type { Dictionary, PartnerId } from '../../shared/dictionary';
import { ROLE_PERMISSIONS, type MeResponse } from '../../shared/protocol/auth';
import { Accounts, UserError, type AuthContext } from './accounts';
import { createVisibilityPolicy, defaultAgreement, type Agreement, type VisibilityPolicy } from './agreement';
import { AuditLog } from './audit';
import { KioskLinks } from './kioskLinks';
import { generatePassword } from './passwords';
import { Revocations } from './revocations';
import { StationTokens } from './stationTokens';
import type { AuthStore } from './store';

export interface AuthOptions {
  store: AuthStore;
  clock: Clock;
  dictionary: Dictionary;
  agreement?: Agreement;
  sessionTtlMs?: number;
}

export interface Auth {
  /** The clock sessions expire by (the wall clock in production, whatever the simulator's speed). */
  clock: Clock;
  accounts: Accounts;
  stations: StationTokens;
  kiosks: KioskLinks;
  audit: AuditLog;
  policy: VisibilityPolicy;
  /** The constellation agreement in force (its fair-share thresholds are read by server/ledger). */
  agreement: Agreement;
  revocations: Revocations;
  me(context: AuthContext): MeResponse;
  close(): Promise<void>;
}

export function createAuth(options: AuthOptions): Auth {
  const { store, clock } = options;
  const revocations = new Revocations();
  const audit = new AuditLog(store, clock);
  const agreement = options.agreement ?? defaultAgreement(options.dictionary);
  const policy = createVisibilityPolicy(options.dictionary, agreement);
  return {
    clock,
    accounts: new Accounts(store, clock, audit, revocations, policy.knowsPartner, options.sessionTtlMs),
    stations: new StationTokens(store, clock, audit, revocations),
    kiosks: new KioskLinks(store, clock, audit, revocations, policy.knowsPartner),
    audit,
    policy,
    agreement,
    revocations,
    me: (context) => ({
      principal: context.principal,
      permissions: [...ROLE_PERMISSIONS[context.principal.role]],
      spacecraft: policy.visible(context.principal),
      sessionExpiresAtMs: context.expiresAtMs,
    }),
    close: () => store.close(),
  };
}

export const FIRST_ADMIN = 'admin';

/** The admin account a first start made; the password when it was generated, to be printed once. */
export interface FirstAdmin {
  username: string;
  generatedPassword?: string;
}

/**
 * At first start (no users at all) creates the admin account, so a fresh install can be signed into. The
 * password comes from the caller (ORTAQ_ADMIN_PASSWORD) or is generated and returned to be printed once.
 */
export async function ensureFirstAdmin(
  auth: Auth,
  partner: PartnerId,
  password?: string,
): Promise<FirstAdmin | null> {
  if ((await auth.accounts.count()) > 0) return null;
  const generatedPassword = password ? undefined : generatePassword();
  try {
    await auth.accounts.create(
      { username: FIRST_ADMIN, partner, role: 'admin', password: password ?? generatedPassword },
      'system',
    );
  } catch (error) {
    // Nodes starting together on a fresh database: another one created the admin first.
    if (error instanceof UserError && error.code === 'user_exists') return null;
    throw error;
  }
  return { username: FIRST_ADMIN, ...(generatedPassword && { generatedPassword }) };
}

export type { AuthContext } from './accounts';
export type { Agreement, VisibilityPolicy } from './agreement';
export type { AuthStore } from './store';
