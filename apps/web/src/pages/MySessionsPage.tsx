import type { MySession, MySessions } from '@peer-support/contracts/schedule';
import { Link } from 'wouter';
import { sessionsByDay } from '../schedule/month-grid.ts';
import { PrivateCalendarFeed } from '../schedule/PrivateCalendarFeed.tsx';
import { RsvpControl } from '../schedule/RsvpControl.tsx';
import { SessionLink } from '../schedule/SessionLink.tsx';
import {
  localTime,
  longDay,
  MODE_LABELS,
  timeRange,
  viewerTimeZone,
  yourTime,
  zoneLabel,
} from '../schedule/schedule-words.ts';
import { LoadFailure } from '../ui/LoadFailure.tsx';
import { useApi } from '../use-api.ts';
import { usePageTitle } from '../use-page-title.ts';

const WEEKS_AHEAD = 8;

/**
 * The person's own diary: every session of the groups they are in that is still on or coming
 * up, and whether they are going. A session that has started stays, with its link, until it
 * ends, so someone running late finds it here.
 */
export default function MySessionsPage() {
  usePageTitle('My sessions');
  // The API's default range: from now (sessions still on included) for the next 8 weeks.
  const mine = useApi<MySessions>('/api/me/sessions');
  const here = viewerTimeZone();

  if (mine.error) return <LoadFailure error={mine.error} retry={mine.reload} admin={false} />;
  const days = [...sessionsByDay(mine.data?.sessions ?? [])].sort(([a], [b]) => a.localeCompare(b));

  return (
    <section className="my-sessions">
      <h1>My sessions</h1>
      <p className="muted">
        The next {WEEKS_AHEAD} weeks in the groups you are a member of. Saying whether you are going helps the
        facilitator know who to expect, and frees your place for someone else if you cannot come.
      </p>
      {!mine.data && <p role="status">Loading your sessions…</p>}
      {mine.data && days.length === 0 && (
        <p>
          No sessions in the next {WEEKS_AHEAD} weeks. See <Link to="/me/groups">your groups</Link>, or{' '}
          <Link to="/">see what's on</Link>.
        </p>
      )}
      {days.map(([day, sessions]) => (
        <section key={day} aria-labelledby={`day-${day}`} className="schedule-day">
          <h2 id={`day-${day}`}>{sessions[0] && longDay(sessions[0].start, sessions[0].timeZone)}</h2>
          <ul className="plain-list session-list">
            {sessions.map((s) => (
              <SessionItem key={`${s.seriesId}-${s.occurrenceKey}`} session={s} viewerZone={here} />
            ))}
          </ul>
        </section>
      ))}
      {mine.data && <PrivateCalendarFeed />}
    </section>
  );
}

function SessionItem({ session: s, viewerZone }: { session: MySession; viewerZone: string }) {
  const when = `${longDay(s.start, s.timeZone)}, ${localTime(s.start, s.timeZone)}`;
  const zone = zoneLabel(s.timeZone, viewerZone);
  const onNow = !s.ended && !s.cancelled && Date.parse(s.start) <= Date.now();
  const groupPage = `/groups/${s.group.id}`;
  const otherClock = yourTime(s.start, s.end, s.timeZone, viewerZone);
  // Members may read their own group's public pages, invite-only ones included, so this link works for them.
  const ics = `/api/public/groups/${s.group.id}/sessions/${encodeURIComponent(s.occurrenceKey)}.ics?seriesId=${s.seriesId}`;
  return (
    <li className={`card session${s.cancelled ? ' cancelled' : ''}${s.ended ? ' ended' : ''}`}>
      <h3>
        <Link to={groupPage}>{s.group.name}</Link>
      </h3>
      <p className="session-time">
        <time dateTime={s.start}>{timeRange(s.start, s.end, s.timeZone)}</time>
        {zone && ` ${zone}`}
        {s.cancelled && <span className="badge cancelled">Cancelled</span>}
        {s.ended && !s.cancelled && <span className="badge ended">Ended</span>}
        {onNow && <span className="badge on-now">On now</span>}
        {s.moved && !s.cancelled && <span className="badge moved">Moved</span>}
      </p>
      {otherClock && <p className="muted">{otherClock}</p>}
      {s.cancelled && <p>This session is cancelled.{s.reason ? ` ${s.reason}` : ''}</p>}
      {s.moved && !s.cancelled && (
        <p>
          This session has moved from its usual time or place.{s.reason ? ` ${s.reason}` : ''}{' '}
          <Link to={groupPage}>See the group page</Link>.
        </p>
      )}
      {s.ended && !s.cancelled && <p>This session has ended for everyone.</p>}
      {onNow && <p>This session has started, and it is not too late to come.</p>}
      {!s.cancelled && !s.ended && (
        <>
          <p>
            <strong>{MODE_LABELS[s.mode]}.</strong> How to take part: {s.howToJoin}
          </p>
          <SessionLink
            sessionId={s.sessionId}
            mode={s.mode}
            cancelled={s.cancelled}
            about={`(${s.group.name}, ${when})`}
          >
            Join online
          </SessionLink>
          {s.venue?.accessNotes && <p className="muted">Access: {s.venue.accessNotes}</p>}
          {s.venue?.mapUrl && (
            <p>
              <a href={s.venue.mapUrl}>
                Map<span className="visually-hidden"> of {s.venue.name}</span>
              </a>
            </p>
          )}
        </>
      )}
      <p>
        <a href={ics} download>
          Add to calendar
          <span className="visually-hidden">
            {' '}
            ({s.group.name}, {when})
          </span>
        </a>
      </p>
      {!s.cancelled && !s.ended && !onNow && (
        <RsvpControl
          groupId={s.group.id}
          seriesId={s.seriesId}
          occurrenceKey={s.occurrenceKey}
          initial={s.rsvp}
          about={`to ${s.group.name} on ${when}`}
        />
      )}
    </li>
  );
}
