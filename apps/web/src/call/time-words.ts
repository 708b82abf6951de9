/**
 * How long someone has been waiting (or had their hand up), in words a facilitator can take
 * in at a glance and a screen reader says naturally: "4 minutes", "1 hour 5 minutes".
 * A clock a little ahead of the server's gives a negative span: that is "less than a minute".
 */
export function durationWords(sinceIso: string, now: number): string {
  const minutes = Math.floor((now - Date.parse(sinceIso)) / 60_000);
  if (!(minutes >= 1)) return 'less than a minute';
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return plural(rest, 'minute');
  return rest === 0 ? plural(hours, 'hour') : `${plural(hours, 'hour')} ${plural(rest, 'minute')}`;
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** A clock time for chat lines and attendance, in the viewer's own zone and habits. */
export function clockTime(at: string | number | Date, locale?: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone }).format(new Date(at));
}
