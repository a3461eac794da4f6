import { Navigate, Outlet, useLocation } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { useI18n } from '../../i18n';
import { useOrtaq } from '../../store';
import { loginPathFor } from './next';

/** Renders the views only with a session; otherwise the login view, remembering where the user was going. */
export function RequireSession() {
  const { t } = useI18n();
  const status = useOrtaq((s) => s.authStatus);
  const { pathname, search } = useLocation();
  if (status === 'unknown') return <EmptyState kind="loading" title={t('empty.loading')} />;
  if (status === 'signedOut') return <Navigate to={loginPathFor(pathname, search)} replace />;
  return <Outlet />;
}
