import { describe, expect, it } from 'vitest';
import { localTimeIsAmbiguous } from './ics.ts';

describe('localTimeIsAmbiguous', () => {
  it('is true for both instants the autumn fold shows as the same local time', () => {
    // London, 31 Oct 2027: 01:30 BST (00:30Z) and 01:30 GMT (01:30Z).
    expect(localTimeIsAmbiguous(new Date('2027-10-31T00:30:00Z'), 'Europe/London')).toBe(true);
    expect(localTimeIsAmbiguous(new Date('2027-10-31T01:30:00Z'), 'Europe/London')).toBe(true);
    // Sydney, 4 Apr 2027: 02:30 AEDT (15:30Z the day before).
    expect(localTimeIsAmbiguous(new Date('2027-04-03T15:30:00Z'), 'Australia/Sydney')).toBe(true);
  });

  it('is false around the fold, in the spring gap and on ordinary days', () => {
    expect(localTimeIsAmbiguous(new Date('2027-10-31T02:00:00Z'), 'Europe/London')).toBe(false);
    expect(localTimeIsAmbiguous(new Date('2027-10-30T23:59:00Z'), 'Europe/London')).toBe(false);
    // New York, 14 Mar 2027: 03:30 EDT, just after the gap.
    expect(localTimeIsAmbiguous(new Date('2027-03-14T07:30:00Z'), 'America/New_York')).toBe(false);
    expect(localTimeIsAmbiguous(new Date('2027-06-01T18:30:00Z'), 'Europe/London')).toBe(false);
    expect(localTimeIsAmbiguous(new Date('2027-10-31T00:30:00Z'), 'UTC')).toBe(false);
  });
});
