// Who is signed in, as GET /api/me tells it. The server enforces every rule; the dashboard reads this slice
// only to decide what to offer (views, buttons) and to send a signed-out user to the login view.
import type { MeResponse, Permission, VisibilityLevel } from '../../shared/protocol/auth';
import type { SliceCreator } from './slice';

/** `unknown` until the first GET /api/me answers: nothing is rendered as signed-out before that. */
export type AuthStatus = 'unknown' | 'signedOut' | 'signedIn';

export interface AuthSlice {
  authStatus: AuthStatus;
  me: MeResponse | null;
  /** Grows at every sign-in: the live socket and the loaders restart with the new session. */
  sessionEpoch: number;
  signedIn: (me: MeResponse) => void;
  /** The session is gone (logout, expiry, revocation, a 401 from anywhere). */
  signedOut: () => void;
}

export const createAuthSlice: SliceCreator<AuthSlice> = (set) => ({
  authStatus: 'unknown',
  me: null,
  sessionEpoch: 0,
  signedIn: (me) => set((s) => ({ me, authStatus: 'signedIn', sessionEpoch: s.sessionEpoch + 1 })),
  signedOut: () => set({ me: null, authStatus: 'signedOut' }),
});

export function hasPermission(me: MeResponse | null, permission: Permission): boolean {
  return me?.permissions.includes(permission) ?? false;
}

const LEVEL_RANK: Record<VisibilityLevel, number> = { status: 0, telemetry: 1, export: 2 };

/**
 * The deepest level the principal may see of a spacecraft. Without an answer from GET /api/me, or for an id
 * the answer does not name (unknown, or hidden entirely), the server decides: `export` is assumed and the
 * view shows "unknown" or the refusal.
 */
export function visibilityOf(me: MeResponse | null, spacecraftId: string): VisibilityLevel {
  return me?.spacecraft.find((s) => s.spacecraftId === spacecraftId)?.level ?? 'export';
}

export const canSee = (me: MeResponse | null, spacecraftId: string, level: VisibilityLevel): boolean =>
  LEVEL_RANK[visibilityOf(me, spacecraftId)] >= LEVEL_RANK[level];
