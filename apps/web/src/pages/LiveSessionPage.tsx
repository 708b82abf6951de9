import { lazy, Suspense } from 'react';
import { useParams } from 'wouter';
import { loadCallPage, loadedCallPage } from '../live/call-chunk.ts';
import { LiveSessionProvider } from '../live/LiveSession.tsx';
import JoinPage from './JoinPage.tsx';

const CallPage = lazy(loadCallPage);

/**
 * `/sessions/:id` and `/sessions/:id/call` under one provider (App routes both URLs here), so
 * the visit keeps one live connection and one join-info from the link to the end of the call.
 */
export default function LiveSessionPage() {
  const { sessionId = '', call } = useParams<{ sessionId?: string; call?: string }>();
  // Loaded while they waited (the usual way in): straight into the call, no suspense.
  const Loaded = loadedCallPage();
  return (
    <LiveSessionProvider key={sessionId} sessionId={sessionId}>
      {call && Loaded ? (
        <Loaded />
      ) : call ? (
        <Suspense fallback={<p role="status">Joining the call…</p>}>
          <CallPage />
        </Suspense>
      ) : (
        <JoinPage />
      )}
    </LiveSessionProvider>
  );
}
