import { useState } from 'react';
import { useNavigate } from 'react-router';
import { signOut, useMe } from '../auth';
import { useI18n } from '../i18n';
import { ortaqStore, resetStore } from '../store';

/** Who is signed in (name, role, partner) and the sign-out button, in the top bar. */
export function UserMenu() {
  const { t } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  if (!me) return null;
  const { principal } = me;
  const leave = async () => {
    setBusy(true);
    try {
      await signOut();
    } catch {
      // Signed out locally anyway; the server drops the session when it expires.
    } finally {
      // What this user was allowed to see must not stay in memory for the next one.
      resetStore();
      ortaqStore.getState().signedOut();
      void navigate('/login', { replace: true });
    }
  };
  return (
    <div className="user-menu" data-testid="user-menu">
      <span className="user-name" data-testid="user-name">
        {principal.name}
      </span>
      <span className="tag" data-testid="user-role">
        {t(`role.${principal.role}`)}
      </span>
      <span className="tag" data-testid="user-partner" title={t('user.partner')}>
        {principal.partner}
      </span>
      {principal.kind === 'user' ? (
        <button
          type="button"
          className="small"
          disabled={busy}
          onClick={() => void leave()}
          data-testid="sign-out"
        >
          {t('login.signOut')}
        </button>
      ) : null}
    </div>
  );
}
