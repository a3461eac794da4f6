// Users, roles and the constellation agreement on the wire: login, "who am I", and the admin endpoints for
// users, station tokens, kiosk links and the audit log. The server enforces all of it; the dashboard reads
// these types only to decide what to show.
import { z } from 'zod';
import type { PartnerId } from '../dictionary/types';
import { partnerIdSchema } from './partner';

export const ROLES = ['viewer', 'operator', 'engineer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  /** Fleet summary, stations, passes, utilization, alarms and events the agreement lets the partner see. */
  'fleet:read',
  /** Current values, live samples and short history windows (the wall screen's charts). */
  'telemetry:read',
  'alarms:ack',
  'alarms:shelve',
  /** Plan and remove maintenance windows of spacecraft and stations. */
  'maintenance:write',
  /** Write shift-log entries and annotations, hand a shift over and accept one. */
  'shiftlog:write',
  /** Inject and clear simulator faults; only where the built-in simulator runs. */
  'sim:faults',
  /** History over any window. */
  'history:read',
  /** CSV exports of frames and history. */
  'export',
  /** Change a parameter's yellow and red limits for a spacecraft, and revert them to the mission file's. */
  'limits:write',
  'admin:users',
  'admin:stations',
  'admin:kiosk',
  /** Notification channels and their delivery log. */
  'admin:notify',
  /** Reload the mission folder (spacecraft, stations, partners, XTCE) without restarting the process. */
  'admin:mission',
  'audit:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const VIEWER: readonly Permission[] = ['fleet:read', 'telemetry:read'];
const OPERATOR: readonly Permission[] = [
  ...VIEWER,
  'alarms:ack',
  'alarms:shelve',
  'maintenance:write',
  'shiftlog:write',
  'sim:faults',
];
const ENGINEER: readonly Permission[] = [...OPERATOR, 'history:read', 'export', 'limits:write'];
const ADMIN: readonly Permission[] = [
  ...ENGINEER,
  'admin:users',
  'admin:stations',
  'admin:kiosk',
  'admin:notify',
  'admin:mission',
  'audit:read',
];

/** Each role has every permission of the roles before it. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  viewer: VIEWER,
  operator: OPERATOR,
  engineer: ENGINEER,
  admin: ADMIN,
};

/** Without `history:read`, history windows up to this long are allowed (`telemetry:read`). */
export const RECENT_HISTORY_MS = 6 * 3600 * 1000;

/**
 * How much of a spacecraft a partner may see: `status` is its line in the fleet summary; `telemetry` its
 * parameters, history, live samples, alarms and onboard events; `export` its CSV exports as well.
 */
export const VISIBILITY_LEVELS = ['status', 'telemetry', 'export'] as const;
export type VisibilityLevel = (typeof VISIBILITY_LEVELS)[number];

/** A grant of the constellation agreement: a partner may see another partner's spacecraft at a level. */
export const agreementGrantSchema = z.object({
  partner: partnerIdSchema,
  spacecraftId: z.string().min(1).max(64),
  level: z.enum(['telemetry', 'export']),
});
export type AgreementGrant = z.infer<typeof agreementGrantSchema>;

export const agreementSchema = z.object({
  /** Every partner sees every spacecraft's fleet status line. */
  fleetStatusForAll: z.boolean().default(true),
  grants: z.array(agreementGrantSchema).max(1000).default([]),
  /**
   * Stations limited to the spacecraft they may deliver: { "ankara": ["gokturk-2", "imece"] }. A station not
   * named here may deliver any spacecraft (sharing is the point); frames of others are refused `not_permitted`.
   */
  stations: z.record(z.string().min(1).max(64), z.array(z.string().min(1).max(64)).max(100)).default({}),
  /**
   * Fair share: when, within a calendar month, what one partner's stations delivered of another's spacecraft
   * exceeds what it got back by more than this, an event is raised (absent: no threshold).
   */
  fairShare: z
    .strictObject({
      maxBalancePackets: z.number().int().positive().optional(),
      maxBalanceMinutes: z.number().positive().max(1e6).optional(),
    })
    .optional(),
});
export type FairShareThresholds = NonNullable<z.infer<typeof agreementSchema>['fairShare']>;
export type AgreementInput = z.input<typeof agreementSchema>;

/** Error codes of 401 and 403 answers. */
export const UNAUTHENTICATED = 'unauthenticated';
export const FORBIDDEN = 'forbidden';

/** Name of the httpOnly session cookie. */
export const SESSION_COOKIE = 'ortaq_session';

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const MIN_PASSWORD_LENGTH = 10;

export const loginRequestSchema = z.object({
  username: z.string().trim().toLowerCase().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.input<typeof loginRequestSchema>;

/** Who is signed in: a user, or a wall screen signed in with a kiosk link (read-only, no username). */
export interface Principal {
  kind: 'user' | 'kiosk';
  /** The username, or `kiosk:<label>` for a kiosk. */
  name: string;
  partner: PartnerId;
  role: Role;
}

export interface SpacecraftVisibility {
  spacecraftId: string;
  level: VisibilityLevel;
}

/** GET /api/me, and the answer of a successful POST /api/login. */
export interface MeResponse {
  principal: Principal;
  permissions: Permission[];
  /** Every spacecraft the principal may see, with the deepest level allowed. */
  spacecraft: SpacecraftVisibility[];
  sessionExpiresAtMs: number;
}

const usernameSchema = z.string().trim().toLowerCase().regex(USERNAME_PATTERN, 'a-z, 0-9, . _ - (max 64)');
const passwordSchema = z.string().min(MIN_PASSWORD_LENGTH).max(256);

export const createUserSchema = z.object({
  username: usernameSchema,
  partner: partnerIdSchema,
  role: z.enum(ROLES),
  /** Omitted: the server generates one and returns it once. */
  password: passwordSchema.optional(),
});
export type CreateUserRequest = z.input<typeof createUserSchema>;

export const updateUserSchema = z
  .object({
    partner: partnerIdSchema,
    role: z.enum(ROLES),
    password: passwordSchema,
    disabled: z.boolean(),
  })
  .partial();
export type UpdateUserRequest = z.input<typeof updateUserSchema>;

export interface UserInfo {
  username: string;
  partner: PartnerId;
  role: Role;
  disabled: boolean;
  createdAtMs: number;
}

export interface UsersResponse {
  users: UserInfo[];
}

/** Answer to creating a user: the generated password, when the server made one, is shown only here. */
export interface CreatedUser {
  user: UserInfo;
  generatedPassword?: string;
}

export interface StationTokenInfo {
  stationId: string;
  /** `config`: from ORTAQ_STATION_TOKENS or generated at start; `admin`: issued through the API. */
  source: 'config' | 'admin';
  createdAtMs: number;
  revokedAtMs: number | null;
  lastUsedMs: number | null;
}

export interface StationTokensResponse {
  stations: StationTokenInfo[];
}

/** The only time a station token is shown: Ortaq keeps just its hash. */
export interface IssuedStationToken {
  stationId: string;
  token: string;
}

export const createKioskSchema = z.object({
  label: z.string().trim().min(1).max(64),
  partner: partnerIdSchema,
});
export type CreateKioskRequest = z.input<typeof createKioskSchema>;

export interface KioskLinkInfo {
  id: string;
  label: string;
  partner: PartnerId;
  createdBy: string;
  createdAtMs: number;
  revokedAtMs: number | null;
}

export interface KioskLinksResponse {
  kiosks: KioskLinkInfo[];
}

/** The only time a kiosk link's token is shown; `path` is the link to open on the wall screen. */
export interface IssuedKioskLink {
  kiosk: KioskLinkInfo;
  token: string;
  path: string;
}

/** Path prefix of kiosk links: GET /kiosk/<token> signs the screen in and redirects to the wall view. */
export const KIOSK_PATH = '/kiosk/';

export const AUDIT_ACTIONS = [
  'login',
  'login_failed',
  'logout',
  'alarm_ack',
  'alarm_shelve',
  'export',
  'fault_inject',
  'fault_clear',
  'user_create',
  'user_update',
  'user_delete',
  'station_token_issue',
  'station_token_revoke',
  'kiosk_create',
  'kiosk_revoke',
  'kiosk_login',
  'channel_create',
  'channel_update',
  'channel_delete',
  'notify_routing_update',
  'limits_change',
  'limits_revert',
  'maintenance_create',
  'maintenance_delete',
  'alarm_assign',
  'shiftlog_entry',
  'handover_create',
  'handover_accept',
  'mission_reload',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  id: number;
  atMs: number;
  /** Username, `kiosk:<label>`, or `system` for what the server does by itself. */
  actor: string;
  action: AuditAction;
  /** What was acted on: an alarm id, a username, a station id, an export's query. */
  target: string | null;
  detail: string | null;
}

export const auditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  beforeId: z.coerce.number().int().positive().optional(),
  actor: z.string().max(80).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
});

export interface AuditResponse {
  entries: AuditEntry[];
}
