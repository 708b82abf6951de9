import type { SessionMode } from '@peer-support/contracts/schedule';
import { useMemo } from 'react';
import { Link } from 'wouter';
import { addMonths, monthGrid, sessionsByDay } from './month-grid.ts';
import { localDay, localTime, monthName, viewerTimeZone, zoneLabel } from './schedule-words.ts';

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

/**
 * One month of sessions as a calendar, weeks starting on Monday as in the UK. A session sits on
 * the day it falls on in its own zone, as the list says it, whatever the viewer's clock.
 */
export function MonthCalendar({ month, sessions }: { month: string; sessions: readonly CalendarSession[] }) {
  const byDay = useMemo(() => sessionsByDay(sessions), [sessions]);
  const here = viewerTimeZone();
  const today = localDay(new Date().toISOString(), here);
  const grid = monthGrid(month, byDay);
  return (
    <div className="table-scroll">
      <table className="month-grid">
        <caption className="visually-hidden">{monthName(month)}</caption>
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
  );
}

/**
 * The month's name as a heading, between links to the months either side. Links, not buttons:
 * each month has its own address (?month=YYYY-MM) to bookmark, share or go back to.
 */
export function MonthNav({ month, hrefFor, level }: { month: string; hrefFor(month: string): string; level: 2 | 3 }) {
  const Heading = level === 2 ? 'h2' : 'h3';
  const previous = addMonths(month, -1);
  const next = addMonths(month, 1);
  return (
    <div className="month-nav">
      <Link className="button secondary" href={hrefFor(previous)}>
        Previous month<span className="visually-hidden">: {monthName(previous)}</span>
      </Link>
      <Heading aria-live="polite">{monthName(month)}</Heading>
      <Link className="button secondary" href={hrefFor(next)}>
        Next month<span className="visually-hidden">: {monthName(next)}</span>
      </Link>
    </div>
  );
}

function CalendarEntry({ session: s, viewerZone }: { session: CalendarSession; viewerZone: string }) {
  const zone = zoneLabel(s.timeZone, viewerZone);
  const text = `${localTime(s.start, s.timeZone)}${zone ? ` ${zone}` : ''} ${SHORT_MODE[s.mode]}`;
  if (s.cancelled) {
    return (
      <li className="cancelled">
        <s>{text}</s> <strong>Cancelled</strong>
      </li>
    );
  }
  return <li>{s.moved ? `${text} (moved)` : text}</li>;
}
