import type { CreateException, Schedule, ScheduledSession } from '@peer-support/contracts/schedule';
import { monthOf } from '@peer-support/domain/calendar-month';
import { zoneName } from '@peer-support/domain/series-words';
import { useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { Link, useLocation } from 'wouter';
import { api } from '../../api.ts';
import { Field, FormAlert } from '../../forms/Field.tsx';
import { useFormSubmit } from '../../forms/use-form-submit.ts';
import { MonthNav } from '../../schedule/MonthCalendar.tsx';
import { SessionLink } from '../../schedule/SessionLink.tsx';
import {
  isMonth,
  localDay,
  localTime,
  longDay,
  monthName,
  viewerTimeZone,
  zonedIso,
  zoneLabel,
} from '../../schedule/schedule-words.ts';
import { useApi } from '../../use-api.ts';
import { useSearchParam } from '../../use-search-param.ts';

/**
 * The group's series merged into one list for a month, by day, with cancel and move for
 * admins. The month is in the address (?month=YYYY-MM); without one, this month on the
 * group's clock (`timeZone`).
 */
export function UpcomingSessions({
  groupId,
  timeZone,
  isAdmin,
}: {
  groupId: string;
  timeZone: string;
  isAdmin: boolean;
}) {
  const [here] = useLocation();
  const asked = useSearchParam('month');
  // Fixed when the section mounts unless the address names a month.
  const [thisMonth] = useState(() => monthOf(new Date(), timeZone));
  const month = isMonth(asked) ? asked : thisMonth;
  const path = `/api/groups/${groupId}/schedule?month=${month}`;
  const schedule = useApi<Schedule>(path);
  const viewerZone = viewerTimeZone();
  const [open, setOpen] = useState<{ key: string; action: 'cancel' | 'move' }>();
  const [message, setMessage] = useState('');
  const messageRef = useRef<HTMLParagraphElement>(null);

  async function changed(text: string) {
    schedule.setData(await api<Schedule>(path));
    flushSync(() => {
      setOpen(undefined);
      setMessage(text);
    });
    messageRef.current?.focus();
  }

  function close(key: string, action: 'cancel' | 'move') {
    flushSync(() => setOpen(undefined));
    document.getElementById(`${action}-${sessionDomId(key)}`)?.focus();
  }

  const days = groupByDay(schedule.data?.sessions ?? []);

  return (
    <section aria-labelledby="upcoming-heading">
      <h2 id="upcoming-heading">Sessions</h2>
      <p className="muted">Month by month, with every series together.</p>
      <MonthNav month={month} hrefFor={(m) => `${here}?month=${m}`} level={3} />
      <p ref={messageRef} role="status" tabIndex={-1} className={message ? 'banner' : undefined}>
        {message}
      </p>
      {schedule.error && (
        <div role="alert">
          <p className="error">{schedule.error.message}</p>
          <button type="button" onClick={schedule.reload}>
            Try again
          </button>
        </div>
      )}
      {!schedule.data && !schedule.error && <p role="status">Loading the sessions…</p>}
      {schedule.data && days.length === 0 && <p>No sessions in {monthName(month)}.</p>}
      {days.map(({ day, label, sessions }) => (
        <section key={day} aria-labelledby={`day-${day}`} className="schedule-day">
          <h4 id={`day-${day}`}>{label}</h4>
          <ul className="plain-list session-list">
            {sessions.map((s) => {
              const domId = sessionDomId(s.occurrenceKey);
              const when = `${longDay(s.start, s.timeZone)}, ${localTime(s.start, s.timeZone)}`;
              return (
                <li
                  key={`${s.seriesId}-${s.occurrenceKey}`}
                  className={`card session${s.cancelled ? ' cancelled' : ''}`}
                >
                  <SessionSummary session={s} viewerZone={viewerZone} />
                  <SessionLink
                    sessionId={s.sessionId}
                    mode={s.mode}
                    cancelled={s.cancelled}
                    about={`for the session on ${when}`}
                  >
                    Open the session
                  </SessionLink>
                  {s.sessionId && !s.cancelled && (
                    <p>
                      <Link to={`/admin/sessions/${s.sessionId}/attendance`}>
                        Attendance<span className="visually-hidden"> for the session on {when}</span>
                      </Link>
                    </p>
                  )}
                  {/* What happened stays as it happened: a session that has started cannot be cancelled or moved. */}
                  {isAdmin && !s.cancelled && Date.parse(s.start) > Date.now() && open?.key !== s.occurrenceKey && (
                    <div className="row-actions">
                      <button
                        type="button"
                        id={`cancel-${domId}`}
                        className="secondary danger"
                        onClick={() => setOpen({ key: s.occurrenceKey, action: 'cancel' })}
                      >
                        Cancel this session<span className="visually-hidden"> on {when}</span>
                      </button>
                      <button
                        type="button"
                        id={`move-${domId}`}
                        className="secondary"
                        onClick={() => setOpen({ key: s.occurrenceKey, action: 'move' })}
                      >
                        Move<span className="visually-hidden"> the session on {when}</span>
                      </button>
                    </div>
                  )}
                  {open?.key === s.occurrenceKey && (
                    <ExceptionForm
                      groupId={groupId}
                      session={s}
                      action={open.action}
                      when={when}
                      onDone={(text) => changed(text)}
                      onCancel={() => close(s.occurrenceKey, open.action)}
                    />
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </section>
  );
}

function SessionSummary({ session: s, viewerZone }: { session: ScheduledSession; viewerZone: string }) {
  const zone = zoneLabel(s.timeZone, viewerZone);
  const where =
    s.mode === 'online'
      ? 'Online'
      : `${s.mode === 'hybrid' ? 'In person or online' : 'In person'}${s.venue ? ` at ${s.venue.name}, ${s.venue.address}` : ''}`;
  return (
    <>
      <p className="session-time">
        <time dateTime={s.start}>{localTime(s.start, s.timeZone)}</time>–
        <time dateTime={s.end}>{localTime(s.end, s.timeZone)}</time>
        {zone && <span className="muted"> {zone}</span>}
        {s.cancelled && <span className="badge cancelled">Cancelled</span>}
        {s.moved && !s.cancelled && <span className="badge moved">Moved</span>}
      </p>
      <p>{where}</p>
      <p className="muted">{s.description}</p>
      {s.reason && <p>Reason: {s.reason}</p>}
    </>
  );
}

interface ExceptionFormProps {
  groupId: string;
  session: ScheduledSession;
  action: 'cancel' | 'move';
  when: string;
  onDone(message: string): Promise<void>;
  onCancel(): void;
}

function ExceptionForm({ groupId, session: s, action, when, onDone, onCancel }: ExceptionFormProps) {
  const [reason, setReason] = useState('');
  const [date, setDate] = useState(localDay(s.start, s.timeZone));
  const [time, setTime] = useState(localTime(s.start, s.timeZone));
  const domId = sessionDomId(s.occurrenceKey);
  const cancelling = action === 'cancel';

  const { form, errors, busy, submit } = useFormSubmit(
    async () => {
      const body: CreateException = { occurrenceKey: s.occurrenceKey, reason };
      if (cancelling) body.cancelled = true;
      else body.move = { start: zonedIso(date, time, s.timeZone) ?? `${date}T${time}` };
      await api(`/api/groups/${groupId}/series/${s.seriesId}/exceptions`, { method: 'POST', body });
      await onDone(
        cancelling
          ? `The session on ${when} is cancelled. Members have been told why.`
          : `The session on ${when} has moved. Members have been told why.`,
      );
    },
    { doneStaysBusy: true },
  );

  return (
    <form
      ref={form}
      onSubmit={submit}
      noValidate
      className="exception-form"
      aria-label={cancelling ? `Cancel the session on ${when}` : `Move the session on ${when}`}
    >
      <FormAlert message={errors?.message} />
      {!cancelling && (
        <div className="inline-fields">
          <Field id={`move-date-${domId}`} label="New date" error={errors?.fields['move.start']}>
            {(p) => <input {...p} type="date" value={date} onChange={(e) => setDate(e.target.value)} />}
          </Field>
          <Field id={`move-time-${domId}`} label={`New start time (${zoneName(s.timeZone)})`}>
            {(p) => (
              <input {...p} type="time" className="short" value={time} onChange={(e) => setTime(e.target.value)} />
            )}
          </Field>
        </div>
      )}
      <Field
        id={`reason-${domId}`}
        label="Reason"
        hint="Members are emailed this, so keep it kind and short."
        error={errors?.fields.reason}
      >
        {(p) => <textarea {...p} rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <div className="actions">
        <button type="submit" className={cancelling ? 'danger' : undefined}>
          {busy ? 'Saving…' : cancelling ? 'Cancel the session' : 'Move the session'}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {cancelling ? 'Keep it' : 'Do not move it'}
        </button>
      </div>
    </form>
  );
}

/** Occurrence keys hold ":" and "[": fine in an id, but kept to letters and digits for selectors. */
const sessionDomId = (key: string) => key.replace(/[^A-Za-z0-9]/g, '-');

function groupByDay(sessions: ScheduledSession[]) {
  const days: { day: string; label: string; sessions: ScheduledSession[] }[] = [];
  for (const s of sessions) {
    const day = localDay(s.start, s.timeZone);
    const last = days.at(-1);
    if (last?.day === day) last.sessions.push(s);
    else days.push({ day, label: longDay(s.start, s.timeZone), sessions: [s] });
  }
  return days;
}
