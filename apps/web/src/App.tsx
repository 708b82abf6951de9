import { lazy, Suspense } from 'react';
import { BrowserRouter, Link, Route, Routes } from 'react-router';
import { HomePage } from './pages/HomePage.tsx';

// The call code (livekit-client) loads only when someone opens a call.
const CallPage = lazy(() => import('./pages/CallPage.tsx'));

export function App() {
  return (
    <BrowserRouter>
      <header className="site-header">
        <Link to="/" className="brand">
          Peer support
        </Link>
      </header>
      <main>
        <Suspense fallback={<p role="status">Loading…</p>}>
          <Routes>
            <Route path="/" element={<HomePage />} />
            <Route path="/sessions/:sessionId/call" element={<CallPage />} />
            <Route path="*" element={<NotFound />} />
          </Routes>
        </Suspense>
      </main>
    </BrowserRouter>
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
