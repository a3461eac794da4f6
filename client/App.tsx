import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { startBootstrap } from './api/bootstrap';
import { startLiveClient } from './api/live';
import { Layout } from './components/Layout';
import { EmptyState } from './components/EmptyState';
import { useI18n } from './i18n';
import { AlarmsView } from './views/Alarms/AlarmsView';
import { FleetView } from './views/Fleet/FleetView';
import { SpacecraftAccess } from './views/Spacecraft/SpacecraftAccess';
import { WallView } from './views/Wall/WallView';
import { AdminView } from './views/Admin/AdminView';
import { LoginView } from './views/Login/LoginView';
import { RequireSession } from './views/Login/RequireSession';
import { useSessionStart } from './auth/useSessionStart';
import { useOrtaq } from './store';

// The views with Recharts charts load with their chart library when first opened: a wall screen or the fleet
// view never downloads or parses it.
const InvestigateView = lazy(() =>
  import('./views/Investigate/InvestigateView').then((m) => ({ default: m.InvestigateView })),
);
const StationsView = lazy(() =>
  import('./views/Stations/StationsView').then((m) => ({ default: m.StationsView })),
);
const ShiftLogView = lazy(() =>
  import('./views/ShiftLog/ShiftLogView').then((m) => ({ default: m.ShiftLogView })),
);
const PartnersView = lazy(() =>
  import('./views/Partners/PartnersView').then((m) => ({ default: m.PartnersView })),
);
const StatementView = lazy(() =>
  import('./views/Partners/StatementView').then((m) => ({ default: m.StatementView })),
);

function Loading() {
  const { t } = useI18n();
  return <EmptyState kind="loading" title={t('empty.loading')} />;
}

function Deferred({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

function NotFound() {
  const { t } = useI18n();
  return <EmptyState kind="unknown" title={t('empty.notFound')} />;
}

/** Every view at its own URL; the state of each lives in its query string. */
export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginView />} />
      <Route element={<RequireSession />}>
        <Route path="/" element={<Navigate to="/fleet" replace />} />
        <Route path="/wall" element={<WallView />} />
        <Route element={<Layout />}>
          <Route path="/fleet" element={<FleetView />} />
          <Route path="/spacecraft/:id" element={<SpacecraftAccess />} />
          <Route
            path="/investigate"
            element={
              <Deferred>
                <InvestigateView />
              </Deferred>
            }
          />
          <Route
            path="/stations"
            element={
              <Deferred>
                <StationsView />
              </Deferred>
            }
          />
          <Route
            path="/partners"
            element={
              <Deferred>
                <PartnersView />
              </Deferred>
            }
          />
          <Route
            path="/partners/statement"
            element={
              <Deferred>
                <StatementView />
              </Deferred>
            }
          />
          <Route path="/alarms" element={<AlarmsView />} />
          <Route
            path="/shiftlog"
            element={
              <Deferred>
                <ShiftLogView />
              </Deferred>
            }
          />
          <Route path="/admin" element={<AdminView />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Route>
    </Routes>
  );
}

export function App() {
  const { locale, t } = useI18n();
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = t('app.title');
  }, [locale, t]);
  useSessionStart();
  // Data and the live socket start with a session and start again after every sign-in (new cookie).
  const signedIn = useOrtaq((s) => s.authStatus === 'signedIn');
  const epoch = useOrtaq((s) => s.sessionEpoch);
  useEffect(() => (signedIn ? startBootstrap() : undefined), [signedIn, epoch]);
  useEffect(() => {
    if (!signedIn) return;
    const live = startLiveClient();
    return () => live.stop();
  }, [signedIn, epoch]);
  return (
    <BrowserRouter>
      <AppRoutes />
    </BrowserRouter>
  );
}
