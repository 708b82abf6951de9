import type { SessionList, SessionSummary } from '@peer-support/contracts/sessions';
import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { api } from '../api.ts';
import { usePageTitle } from '../use-page-title.ts';

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short' });

export function HomePage() {
  usePageTitle("What's on");
  const [sessions, setSessions] = useState<SessionSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    api<SessionList>('/api/sessions', { signal: controller.signal })
      .then((r) => setSessions(r.sessions))
      .catch((e: Error) => e.name !== 'AbortError' && setError(e.message));
    return () => controller.abort();
  }, []);

  return (
    <section>
      <h1>What's on</h1>
      {error && <p role="alert">{error}</p>}
      {!sessions && !error && <p role="status">Loading sessions…</p>}
      {sessions?.length === 0 && <p>No sessions are coming up yet.</p>}
      <ul className="session-list">
        {sessions?.map((s) => (
          <li key={s.id} className="card">
            <h2>{s.group.name}</h2>
            <p className="muted">
              {s.provider.name} · {when.format(new Date(s.startsAt))} · {s.mode.replace('_', ' ')}
            </p>
            <p>{s.group.description}</p>
            {s.mode !== 'in_person' && (
              <Link className="button" to={`/sessions/${s.id}`} aria-label={`Join ${s.title}`}>
                Join online
              </Link>
            )}
          </li>
        ))}
      </ul>
      <p className="muted">
        Do you run peer-support groups? <Link to="/providers/new">Start a provider</Link>.
      </p>
    </section>
  );
}
