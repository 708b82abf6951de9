import type { SessionMode } from '@peer-support/contracts/schedule';
import { useId, useMemo, useState } from 'react';
import { addMonths, monthGrid, sessionsByDay } from './month-grid.ts';
import { localDay, localTime, viewerTimeZone, zoneName } from './schedule-words.ts';

export interface CalendarSession {
  seriesId: string;
  occurrenceKey: string;
  start: string;
  timeZone: string;
  mode: SessionMode;
  cancelled: boolean;
  moved: boolean;
}

const SHORT_MODE: Record<SessionMode, string> = { online: 'Online', in_person: 'In person', hybrid: 'Hybrid' };
// 2023-01-01 was a Sunday, so day n of that week is weekday n.
const weekdayName = (weekday: number, style: 'long' | 'short') =>
  new Intl.DateTimeFormat('en-GB', { weekday: style, timeZone: 'UTC' }).format(Date.UTC(2023, 0, 1 + weekday));
const monthName = (month: string) =>
  new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-01T00:00:00Z`),
  );

/**
 * The sessions as a month calendar, weeks starting on Monday as in the UK. A session sits on
 * the day it falls on in its own zone, as the list says it, whatever the viewer's clock.
 */
export function MonthCalendar({ sessions }: { sessions: readonly CalendarSession[] }) {
  const byDay = useMemo(() => sessionsByDay(sessions), [sessions]);
  const here = viewerTimeZone();
  const today = localDay(new Date().toISOString(), here);
  const days = [...byDay.keys()].sort();
  // From this month to the last month with a session, opening on the next session's month. (In a
  // zone ahead of the group's, that can be the month before the viewer's own.)
  const thisMonth = today.slice(0, 7);
  const first = days[0]?.slice(0, 7) ?? thisMonth;
  const earliest = first.localeCompare(thisMonth) < 0 ? first : thisMonth;
  const latest = days.at(-1)?.slice(0, 7) ?? earliest;
  const [month, setMonth] = useState(first);
  const grid = monthGrid(month, byDay);
  const headingId = useId();

  const atStart = month <= earliest;
  const atEnd = month >= latest;
  return (
    <div className="month">
      <div className="month-nav">
        {/* aria-disabled rather than disabled: a button that is disabled while focused drops focus to the page. */}
        <button
          type="button"
          className="secondary"
          aria-disabled={atStart}
          onClick={() => !atStart && setMonth(addMonths(month, -1))}
        >
          Previous month
        </button>
        <h3 id={headingId} aria-live="polite">
          {monthName(month)}
        </h3>
        <button
          type="button"
          className="secondary"
          aria-disabled={atEnd}
          onClick={() => !atEnd && setMonth(addMonths(month, 1))}
        >
          Next month
        </button>
      </div>
      <div className="table-scroll">
        <table className="month-grid" aria-labelledby={headingId}>
          <thead>
            <tr>
              {grid.weekdays.map((d) => (
                <th key={d} scope="col">
                  <span aria-hidden="true">{weekdayName(d, 'short')}</span>
                  <span className="visually-hidden">{weekdayName(d, 'long')}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {grid.weeks.map((week) => (
              <tr key={week.find((c) => c)?.day}>
                {week.map((cell, i) =>
                  cell ? (
                    <td
                      key={cell.day}
                      aria-current={cell.day === today ? 'date' : undefined}
                      className={cell.sessions.length > 0 ? 'has-sessions' : undefined}
                    >
                      <time className="day-number" dateTime={cell.day}>
                        {cell.dayOfMonth}
                      </time>
                      {cell.sessions.length > 0 && (
                        <ul className="plain-list">
                          {cell.sessions.map((s) => (
                            <CalendarEntry key={`${s.seriesId}-${s.occurrenceKey}`} session={s} viewerZone={here} />
                          ))}
                        </ul>
                      )}
                    </td>
                  ) : (
                    // biome-ignore lint/suspicious/noArrayIndexKey: padding cells have no identity but their place.
                    <td key={`pad-${i}`} className="pad" />
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function CalendarEntry({ session: s, viewerZone }: { session: CalendarSession; viewerZone: string }) {
  const text = `${localTime(s.start, s.timeZone)}${s.timeZone === viewerZone ? '' : ` ${zoneName(s.timeZone)}`} ${SHORT_MODE[s.mode]}`;
  if (s.cancelled) {
    return (
      <li className="cancelled">
        <s>{text}</s> <strong>Cancelled</strong>
      </li>
    );
  }
  return <li>{s.moved ? `${text} (moved)` : text}</li>;
}
