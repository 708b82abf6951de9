import type { SessionList, SessionSummary } from '@peer-support/contracts/sessions';
import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { api } from '../api.ts';
import { localTime, longDay, viewerTimeZone, yourTime, zoneLabel } from '../schedule/schedule-words.ts';
import { usePageTitle } from '../use-page-title.ts';

/** On the group's clock, as its other pages and emails say it, named when the viewer's clock is another zone. */
function when(s: SessionSummary, viewerZone: string): string {
  const zone = zoneLabel(s.timeZone, viewerZone);
  return `${longDay(s.startsAt, s.timeZone)} at ${localTime(s.startsAt, s.timeZone)}${zone ? ` ${zone}` : ''}`;
}

export function HomePage() {
  usePageTitle("What's on");
  const [sessions, setSessions] = useState<SessionSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const here = viewerTimeZone();

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
        {sessions?.map((s) => {
          const otherClock = yourTime(s.startsAt, s.endsAt, s.timeZone, here);
          return (
            <li key={s.id} className="card">
              <h2>{s.group.name}</h2>
              <p className="muted">
                {s.provider.name} · {when(s, here)} · {s.mode.replace('_', ' ')}
              </p>
              {otherClock && <p className="muted">{otherClock}</p>}
              <p>{s.group.description}</p>
              {s.mode !== 'in_person' && (
                <Link className="button" to={`/sessions/${s.id}`} aria-label={`Join ${s.title}`}>
                  Join online
                </Link>
              )}
            </li>
          );
        })}
      </ul>
      <p className="muted">
        Do you run peer-support groups? <Link to="/providers/new">Start a provider</Link>.
      </p>
    </section>
  );
}
