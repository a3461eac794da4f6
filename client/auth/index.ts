// Sessions in the dashboard: the store slice's selectors as hooks, and the calls that sign in and out.
import { useCallback } from 'react';
import type { Permission, VisibilityLevel } from '../../shared/protocol/auth';
import { useOrtaq } from '../store';
import { canSee, hasPermission } from '../store/authSlice';

export { canSee, hasPermission, visibilityOf, type AuthStatus } from '../store/authSlice';
export { signIn, signOut, loadSession } from './session';

export const useMe = () => useOrtaq((s) => s.me);

/** True when the signed-in principal's role has the permission. */
export function useCan(permission: Permission): boolean {
  return useOrtaq((s) => hasPermission(s.me, permission));
}

/** A function telling whether the principal may see a spacecraft at a level. */
export function useVisibility(): (spacecraftId: string, level: VisibilityLevel) => boolean {
  const me = useMe();
  return useCallback((id, level) => canSee(me, id, level), [me]);
}
