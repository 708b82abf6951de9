import { type ComponentType, lazy, Suspense } from 'react';
import { Link, Route, Switch } from 'wouter';
import { HomePage } from './pages/HomePage.tsx';
import { SiteHeader } from './SiteHeader.tsx';
import { SignedInOnly } from './session/SignedInOnly.tsx';
import { SessionContext, useSessionLoader } from './session/use-me.ts';

// Only the home page is in the first download. The call code (livekit-client) and every
// account, admin and group page load when someone opens them, so the join flow stays small.
const LiveSessionPage = lazy(() => import('./pages/LiveSessionPage.tsx'));
/** `/sessions/:sessionId` and `/sessions/:sessionId/call`. */
const SESSION_VISIT = /^\/sessions\/(?<sessionId>[^/]+)(?<call>\/call)?\/?$/;
const SignUpPage = lazy(() => import('./pages/account/SignUpPage.tsx'));
const SignInPage = lazy(() => import('./pages/account/SignInPage.tsx'));
const ForgotPasswordPage = lazy(() => import('./pages/account/ForgotPasswordPage.tsx'));
const ResetPasswordPage = lazy(() => import('./pages/account/ResetPasswordPage.tsx'));
const VerifyEmailPage = lazy(() => import('./pages/account/VerifyEmailPage.tsx'));
const NewProviderPage = lazy(() => import('./pages/admin/NewProviderPage.tsx'));
const AdminHomePage = lazy(() => import('./pages/admin/AdminHomePage.tsx'));
const ProviderGroupsPage = lazy(() => import('./pages/admin/ProviderGroupsPage.tsx'));
const StaffPage = lazy(() => import('./pages/admin/StaffPage.tsx'));
const GroupEditorPage = lazy(() => import('./pages/admin/GroupEditorPage.tsx'));
const GroundRulesPage = lazy(() => import('./pages/admin/GroundRulesPage.tsx'));
const RosterPage = lazy(() => import('./pages/admin/RosterPage.tsx'));
const SchedulePage = lazy(() => import('./pages/admin/SchedulePage.tsx'));
const AttendancePage = lazy(() => import('./pages/admin/AttendancePage.tsx'));
const PublicGroupPage = lazy(() => import('./pages/PublicGroupPage.tsx'));
const InvitePage = lazy(() => import('./pages/InvitePage.tsx'));
const StaffInvitationPage = lazy(() => import('./pages/StaffInvitationPage.tsx'));
const MyGroupsPage = lazy(() => import('./pages/MyGroupsPage.tsx'));
const MySessionsPage = lazy(() => import('./pages/MySessionsPage.tsx'));

// Account and admin pages: signed-out visitors go to sign-in first and come back after.
const SIGNED_IN_PAGES: [path: string, Page: ComponentType][] = [
  ['/me/groups', MyGroupsPage],
  ['/me/sessions', MySessionsPage],
  ['/providers/new', NewProviderPage],
  ['/admin', AdminHomePage],
  ['/admin/groups/:groupId', GroupEditorPage],
  ['/admin/groups/:groupId/ground-rules', GroundRulesPage],
  ['/admin/groups/:groupId/roster', RosterPage],
  ['/admin/groups/:groupId/schedule', SchedulePage],
  ['/admin/sessions/:sessionId/attendance', AttendancePage],
  ['/admin/:providerId', ProviderGroupsPage],
  ['/admin/:providerId/staff', StaffPage],
  ['/admin/:providerId/groups/new', GroupEditorPage],
];

export function App() {
  const session = useSessionLoader();
  // wouter rather than react-router: the router is in every page's first download, and
  // wouter is about a tenth of the size for the routing this app does (decision 0009).
  // Switch takes the first match, so the fixed /admin/groups/… and /admin/sessions/…
  // paths come before /admin/:providerId/….
  return (
    <SessionContext value={session}>
      <SiteHeader />
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p role="status">Loading…</p>}>
          <Switch>
            <Route path="/">
              <HomePage />
            </Route>
            {/* One route for the session link and its call, so the visit is one component (LiveSessionPage). */}
            <Route path={SESSION_VISIT}>
              <LiveSessionPage />
            </Route>
            <Route path="/groups/:groupId">
              <PublicGroupPage />
            </Route>
            <Route path="/invite/:token">
              <InvitePage />
            </Route>
            <Route path="/staff-invitation/:token">
              <StaffInvitationPage />
            </Route>
            <Route path="/verify-email">
              <VerifyEmailPage />
            </Route>
            <Route path="/sign-up">
              <SignUpPage />
            </Route>
            <Route path="/sign-in">
              <SignInPage />
            </Route>
            <Route path="/forgot-password">
              <ForgotPasswordPage />
            </Route>
            <Route path="/reset-password">
              <ResetPasswordPage />
            </Route>
            {SIGNED_IN_PAGES.map(([path, Page]) => (
              <Route key={path} path={path}>
                <SignedInOnly>
                  <Page />
                </SignedInOnly>
              </Route>
            ))}
            <Route>
              <NotFound />
            </Route>
          </Switch>
        </Suspense>
      </main>
    </SessionContext>
  );
}

function NotFound() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        That link does not lead anywhere. <Link to="/">See what's on</Link>.
      </p>
    </section>
  );
}
