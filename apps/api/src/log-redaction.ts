/** Private calendar links carry their token in the path: log that one was asked for, not the link. */
export const redactSecrets = (url: string) => url.replace(/^\/api\/calendar\/[^?#]*/, '/api/calendar/[private link]');
