import { describe, expect, it } from 'vitest';
import { redactSecrets } from './log-redaction.ts';

describe('redactSecrets', () => {
  it('keeps private calendar tokens out of request logs, and leaves other paths alone', () => {
    expect(redactSecrets('/api/calendar/dXNlcg.3.c2lnbmF0dXJl.ics?x=1')).toBe('/api/calendar/[private link]?x=1');
    expect(redactSecrets('/api/groups/1/calendar.ics')).toBe('/api/groups/1/calendar.ics');
  });
});
