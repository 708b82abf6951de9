import type { PublicSchedule as PublicScheduleData, PublicSession } from '@peer-support/contracts/schedule';
import { monthOf } from '@peer-support/domain/calendar-month';
import { DEFAULT_TIME_ZONE } from '@peer-support/domain/series';
import type { ReactNode } from 'react';
import { useLocation } from 'wouter';
import { Field } from '../forms/Field.tsx';
import { MonthCalendar, MonthNav } from '../schedule/MonthCalendar.tsx';
import { RsvpControl } from '../schedule/RsvpControl.tsx';
import { SessionLink } from '../schedule/SessionLink.tsx';
import { isMonth, localTime, viewerTimeZone, zoneLabel } from '../schedule/schedule-words.ts';
import { CopyButton } from '../ui/CopyButton.tsx';
import { useApi } from '../use-api.ts';
import { useSearchParam } from '../use-search-param.ts';

const whenFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });
const endFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/**
 * The group's next sessions, how to take part in each, and calendar links, as a list or a
 * month; `member`: the viewer is an active member, so may say whether they are going. The
 * month on show is in the address (?month=YYYY-MM), so paging is back-button and bookmark safe.
 */
export function PublicSchedule({ groupId, member }: { groupId: string; member: boolean }) {
  const schedule = useApi<PublicScheduleData>(`/api/public/groups/${groupId}/schedule`);
  const [path, navigate] = useLocation();
  const asked = useSearchParam('month');
  const month = isMonth(asked) ? asked : null;
  const monthly = useApi<PublicScheduleData>(month ? `/api/public/groups/${groupId}/schedule?month=${month}` : null);
  const view = month ? 'month' : 'list';
  const here = viewerTimeZone();
  const hrefFor = (m: string) => `${path}?month=${m}`;

  let body: ReactNode;
  if (schedule.error) {
    body = (
      <div role="alert">
        <p className="error">{schedule.error.message}</p>
        <button type="button" onClick={schedule.reload}>
          Try again
        </button>
      </div>
    );
  } else if (!schedule.data) {
    body = <p role="status">Loading the sessions…</p>;
  } else {
    const { sessions, calendarUrl } = schedule.data;
    // The month view opens on the next session's month, on the group's clock.
    const first = sessions[0];
    const opening = first ? monthOf(new Date(first.start), first.timeZone) : monthOf(new Date(), DEFAULT_TIME_ZONE);
    body = (
      <>
        {sessions.length === 0 && !month ? (
          <p>No sessions are planned yet. Check back soon.</p>
        ) : (
          <>
            <fieldset className="view-toggle">
              <legend className="visually-hidden">Show the sessions as</legend>
              {(['list', 'month'] as const).map((v) => (
                <button
                  key={v}
                  type="button"
                  className="secondary"
                  aria-pressed={view === v}
                  onClick={() => navigate(v === 'month' ? hrefFor(opening) : path)}
                >
                  {v === 'list' ? 'List' : 'Month'}
                </button>
              ))}
            </fieldset>
            {month ? (
              <>
                <MonthNav month={month} hrefFor={hrefFor} level={3} />
                {monthly.error && (
                  <div role="alert">
                    <p className="error">{monthly.error.message}</p>
                  </div>
                )}
                {!monthly.data && !monthly.error && <p role="status">Loading the month…</p>}
                {monthly.data && (
                  <>
                    <MonthCalendar month={month} sessions={monthly.data.sessions} />
                    {monthly.data.sessions.length === 0 && <p>No sessions this month.</p>}
                  </>
                )}
                <p className="muted">The list says how to take part in each session.</p>
              </>
            ) : (
              <ul className="plain-list public-sessions">
                {sessions.map((s) => (
                  <SessionItem
                    key={`${s.seriesId}-${s.occurrenceKey}`}
                    groupId={groupId}
                    session={s}
                    viewerZone={here}
                    member={member}
                  />
                ))}
              </ul>
            )}
          </>
        )}
        <div className="subscribe">
          <p>
            <a href={calendarUrl.replace(/^https?:/, 'webcal:')}>Subscribe to this group's calendar</a>
            <span className="muted"> — new and changed sessions appear in your calendar by themselves.</span>
          </p>
          <Field
            id="calendar-url"
            label="Calendar address"
            hint="If the link does not open your calendar app, copy this address into its “add calendar from URL” option."
          >
            {(p) => <input {...p} readOnly value={calendarUrl} onFocus={(e) => e.target.select()} className="wide" />}
          </Field>
          <CopyButton text={calendarUrl} label="calendar address" />
        </div>
      </>
    );
  }

  return (
    <section aria-labelledby="sessions-heading" className="card">
      <h2 id="sessions-heading">Upcoming sessions</h2>
      {body}
    </section>
  );
}

interface SessionItemProps {
  groupId: string;
  session: PublicSession;
  viewerZone: string;
  member: boolean;
}

function SessionItem({ groupId, session: s, viewerZone, member }: SessionItemProps) {
  const when = whenFormat.format(new Date(s.start));
  const zone = zoneLabel(s.timeZone, viewerZone);
  return (
    <li className={`session${s.cancelled ? ' cancelled' : ''}`}>
      <h3>
        <time dateTime={s.start}>{when}</time>
        {`–${endFormat.format(new Date(s.end))}`}
        {s.cancelled && <span className="badge cancelled">Cancelled</span>}
        {s.moved && !s.cancelled && <span className="badge moved">Moved</span>}
      </h3>
      {zone && (
        <p className="muted">
          {localTime(s.start, s.timeZone)} {zone}
        </p>
      )}
      {s.reason && (
        <p>
          {s.cancelled ? 'Why it is cancelled' : 'Why it moved'}: {s.reason}
        </p>
      )}
      {!s.cancelled && (
        <p>
          <strong>How to take part:</strong> {s.howToJoin}
        </p>
      )}
      <SessionLink sessionId={s.sessionId} mode={s.mode} cancelled={s.cancelled} about={`(${when})`}>
        Join online
      </SessionLink>
      {!s.cancelled && s.venue?.accessNotes && <p className="muted">Access: {s.venue.accessNotes}</p>}
      {!s.cancelled && s.venue?.mapUrl && (
        <p>
          <a href={s.venue.mapUrl}>
            Map<span className="visually-hidden"> of {s.venue.name}</span>
          </a>
        </p>
      )}
      <p className="muted">{s.description}</p>
      <p>
        <a href={s.icsUrl} download>
          Add to calendar<span className="visually-hidden"> ({when})</span>
        </a>
      </p>
      {member && !s.cancelled && (
        <RsvpControl groupId={groupId} seriesId={s.seriesId} occurrenceKey={s.occurrenceKey} about={`on ${when}`} />
      )}
    </li>
  );
}
