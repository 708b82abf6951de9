import { lazy, Suspense } from 'react';
import { BrowserRouter, Link, Route, Routes } from 'react-router';
import { HomePage } from './pages/HomePage.tsx';
import { SiteHeader } from './SiteHeader.tsx';
import { SignedInOnly } from './session/SignedInOnly.tsx';
import { SessionContext, useSessionLoader } from './session/use-me.ts';

// Only the home page is in the first download. The call code (livekit-client) and every
// account, admin and group page load when someone opens them, so the join flow stays small.
const CallPage = lazy(() => import('./pages/CallPage.tsx'));
const JoinPage = lazy(() => import('./pages/JoinPage.tsx'));
const SignUpPage = lazy(() => import('./pages/account/SignUpPage.tsx'));
const SignInPage = lazy(() => import('./pages/account/SignInPage.tsx'));
const ForgotPasswordPage = lazy(() => import('./pages/account/ForgotPasswordPage.tsx'));
const ResetPasswordPage = lazy(() => import('./pages/account/ResetPasswordPage.tsx'));
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
const MyGroupsPage = lazy(() => import('./pages/MyGroupsPage.tsx'));
const MySessionsPage = lazy(() => import('./pages/MySessionsPage.tsx'));

export function App() {
  const session = useSessionLoader();
  return (
    <SessionContext value={session}>
      <BrowserRouter>
        <SiteHeader />
        <main id="main" tabIndex={-1}>
          <Suspense fallback={<p role="status">Loading…</p>}>
            <Routes>
              <Route path="/" element={<HomePage />} />
              <Route path="/sessions/:sessionId" element={<JoinPage />} />
              <Route path="/sessions/:sessionId/call" element={<CallPage />} />
              <Route path="/groups/:groupId" element={<PublicGroupPage />} />
              <Route path="/invite/:token" element={<InvitePage />} />
              <Route path="/sign-up" element={<SignUpPage />} />
              <Route path="/sign-in" element={<SignInPage />} />
              <Route path="/forgot-password" element={<ForgotPasswordPage />} />
              <Route path="/reset-password" element={<ResetPasswordPage />} />
              <Route element={<SignedInOnly />}>
                <Route path="/me/groups" element={<MyGroupsPage />} />
                <Route path="/me/sessions" element={<MySessionsPage />} />
                <Route path="/providers/new" element={<NewProviderPage />} />
                <Route path="/admin" element={<AdminHomePage />} />
                <Route path="/admin/:providerId" element={<ProviderGroupsPage />} />
                <Route path="/admin/:providerId/staff" element={<StaffPage />} />
                <Route path="/admin/:providerId/groups/new" element={<GroupEditorPage />} />
                <Route path="/admin/groups/:groupId" element={<GroupEditorPage />} />
                <Route path="/admin/groups/:groupId/ground-rules" element={<GroundRulesPage />} />
                <Route path="/admin/groups/:groupId/roster" element={<RosterPage />} />
                <Route path="/admin/groups/:groupId/schedule" element={<SchedulePage />} />
                <Route path="/admin/sessions/:sessionId/attendance" element={<AttendancePage />} />
              </Route>
              <Route path="*" element={<NotFound />} />
            </Routes>
          </Suspense>
        </main>
      </BrowserRouter>
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
