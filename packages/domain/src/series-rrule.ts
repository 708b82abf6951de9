import { RRuleTemporal } from 'rrule-temporal';
import { Temporal } from 'temporal-polyfill';
import { pad, type Series } from './series.ts';

/**
 * A checked series as RFC 5545 rule parts, for the calendar feed and for the library that
 * expands it (on a floating wall clock: see recurrence.ts for why).
 */

export function ruleParts(series: Series): string[] {
  const { rule } = series;
  const parts = [`FREQ=${rule.freq === 'weekly' ? 'WEEKLY' : 'MONTHLY'}`];
  if (rule.interval > 1) parts.push(`INTERVAL=${rule.interval}`);
  if (rule.freq === 'weekly') {
    parts.push(`BYDAY=${rule.byDay.join(',')}`);
    if (rule.interval > 1) parts.push('WKST=MO');
  } else if ('byMonthDay' in rule) {
    parts.push(`BYMONTHDAY=${rule.byMonthDay}`);
  } else {
    parts.push(`BYDAY=${rule.bySetPos}${rule.byDay}`);
  }
  return parts;
}

/** `utc`: the real instant, for export. `floating`: the same bound on the floating wall clock the library expands on. */
export function endPart(series: Series, frame: 'utc' | 'floating'): string[] {
  const { end } = series;
  if (end.kind === 'never') return [];
  if (end.kind === 'count') return [`COUNT=${end.count}`];
  const compact = end.date.replaceAll('-', '');
  if (frame === 'floating') return [`UNTIL=${compact}T235959Z`];
  const lastSecond = Temporal.PlainDateTime.from(`${end.date}T23:59:59`)
    .toZonedDateTime(series.timeZone, { disambiguation: 'compatible' })
    .toInstant()
    .toZonedDateTimeISO('UTC');
  const { year, month, day, hour, minute, second } = lastSecond;
  return [`UNTIL=${pad(year, 4)}${pad(month)}${pad(day)}T${pad(hour)}${pad(minute)}${pad(second)}Z`];
}

/** The rule on a wall clock with no clock changes (see the top of the file for why). */
export function floatingRule(series: Series): RRuleTemporal {
  return new RRuleTemporal({
    rruleString: [...ruleParts(series), ...endPart(series, 'floating')].join(';'),
    dtstart: Temporal.PlainDateTime.from(`${series.startDate}T${series.startTime}`).toZonedDateTime('UTC'),
  });
}
