import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { Loading } from '../components/loading';
import { useAuth } from '../lib/auth';
import { useMe } from '../lib/me';
import { SignInRoute } from '../features/auth/routes/sign-in';
import { RegisterRoute } from '../features/auth/routes/register';

// Everything behind the sign-in is loaded on demand, so the sign-in page stays small.
const AppLayout = lazy(() => import('../components/layout/app-layout'));
const ChangePasswordRoute = lazy(() => import('../features/auth/routes/change-password'));
const OverviewRoute = lazy(() => import('./routes/overview'));
const ToolsRoute = lazy(() => import('../features/tools/routes/tools'));
const ConnectionsRoute = lazy(() => import('../features/connections/routes/connections'));
const TokensRoute = lazy(() => import('../features/tokens/routes/tokens'));
const ConnectRoute = lazy(() => import('../features/connect/routes/connect'));
const ProfileRoute = lazy(() => import('./routes/profile'));
const CallsRoute = lazy(() => import('../features/calls/routes/calls'));
const PeopleRoute = lazy(() => import('../features/people/routes/people'));
const LiveRoute = lazy(() => import('../features/live/routes/live'));
const SystemRoute = lazy(() => import('../features/system/routes/system'));
const AdminOnlyRoute = lazy(() => import('./routes/admin-only'));
const NotFoundRoute = lazy(() => import('./routes/not-found'));

/** Signed-in pages: the sign-in page otherwise, and only the password change while one is required. */
function RequireAuth({ children, passwordChange = false }: { children: ReactNode; passwordChange?: boolean }) {
  const { status, session } = useAuth();
  const location = useLocation();
  if (status === 'starting') return <Loading />;
  if (!session) return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  if (session.passwordChangeRequired && !passwordChange) return <Navigate to="/change-password" replace />;
  return <>{children}</>;
}

/**
 * The administration pages, for administrators; anyone else is told they may not (the API refuses
 * them anyway, so this only spares them a page of errors).
 */
function RequireAdmin({ children }: { children: ReactNode }) {
  const me = useMe();
  if (me.isPending) return <Loading />;
  if (me.data?.role !== 'ADMIN') return <AdminOnlyRoute />;
  return <>{children}</>;
}

/** The sign-in and register pages, for those not signed in. */
function PublicOnly({ children }: { children: ReactNode }) {
  const { status, session } = useAuth();
  if (status === 'starting') return <Loading />;
  if (session) return <Navigate to={session.passwordChangeRequired ? '/change-password' : '/'} replace />;
  return <>{children}</>;
}

export function AppRoutes() {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route path="/sign-in" element={<PublicOnly><SignInRoute /></PublicOnly>} />
        <Route path="/register" element={<PublicOnly><RegisterRoute /></PublicOnly>} />
        <Route
          path="/change-password"
          element={
            <RequireAuth passwordChange>
              <ChangePasswordRoute />
            </RequireAuth>
          }
        />
        <Route
          element={
            <RequireAuth>
              <AppLayout />
            </RequireAuth>
          }
        >
          <Route index element={<OverviewRoute />} />
          <Route path="tools" element={<ToolsRoute />} />
          <Route path="connections" element={<ConnectionsRoute />} />
          <Route path="tokens" element={<TokensRoute />} />
          <Route path="connect" element={<ConnectRoute />} />
          <Route path="profile" element={<ProfileRoute />} />
          <Route path="calls" element={<CallsRoute />} />
          <Route path="manage">
            <Route index element={<Navigate to="/manage/people" replace />} />
            <Route path="people" element={<RequireAdmin><PeopleRoute /></RequireAdmin>} />
            <Route path="live" element={<RequireAdmin><LiveRoute /></RequireAdmin>} />
            <Route path="system" element={<RequireAdmin><SystemRoute /></RequireAdmin>} />
            <Route path="*" element={<RequireAdmin><NotFoundRoute /></RequireAdmin>} />
          </Route>
          <Route path="*" element={<NotFoundRoute />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
