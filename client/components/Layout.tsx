import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useI18n, type MessageKey } from '../i18n';
import { useServerNow } from '../store/useNow';
import { AlarmBadge } from './AlarmBadge';
import { ConnectionBanner } from './ConnectionBanner';
import { LanguageSelect } from './LanguageSelect';
import { UserMenu } from './UserMenu';
import { useCan } from '../auth';

const NAV: { to: string; key: MessageKey }[] = [
  { to: '/fleet', key: 'nav.fleet' },
  { to: '/wall', key: 'nav.wall' },
  { to: '/investigate', key: 'nav.investigate' },
  { to: '/stations', key: 'nav.stations' },
  { to: '/partners', key: 'nav.partners' },
  { to: '/alarms', key: 'nav.alarms' },
  { to: '/shiftlog', key: 'nav.shiftlog' },
];

export function UtcClock() {
  const { utc } = useI18n();
  const now = useServerNow();
  return (
    <span className="utc-clock" data-testid="utc-clock">
      {utc(now, { date: false })}
    </span>
  );
}

/** The frame of every view except the wall screen: navigation, alarm badge, language, connection. */
export function Layout() {
  const { t } = useI18n();
  const { pathname } = useLocation();
  const admin = useCan('admin:users');
  const nav = admin ? [...NAV, { to: '/admin', key: 'nav.admin' as const }] : NAV;
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    // After navigating, focus goes to the new view (not left on a link that may no longer exist).
    if (first.current) first.current = false;
    else main.current?.focus();
  }, [pathname]);
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="app-header">
        <NavLink to="/fleet" className="brand">
          Ortaq
        </NavLink>
        <nav aria-label={t('nav.label')}>
          <ul>
            {nav.map((n) => (
              <li key={n.to}>
                <NavLink to={n.to}>{t(n.key)}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="header-tools">
          <UtcClock />
          <AlarmBadge />
          <LanguageSelect />
          <UserMenu />
        </div>
      </header>
      <ConnectionBanner />
      <main id="main" tabIndex={-1} ref={main}>
        <Outlet />
      </main>
    </div>
  );
}
