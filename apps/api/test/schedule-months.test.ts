import { describe, expect, it } from 'vitest';
import { as, type Person, post, signUp } from './accounts.ts';
import { buildTestApp } from './helper.ts';

/** Next calendar year: far enough to be past the old 8-week and 20-session windows, near enough to be allowed. */
const YEAR = new Date().getUTCFullYear() + 1;
const THURSDAYS = {
  rule: { freq: 'weekly', interval: 1, byDay: ['TH'] },
  startDate: `${YEAR - 1}-01-01`,
  startTime: '18:30',
  durationMinutes: 90,
  timeZone: 'Europe/London',
  mode: 'online',
};
/** The 1st of the month at 00:30 London time: on the last day of the month before in UTC all summer. */
const FIRSTS = { ...THURSDAYS, rule: { freq: 'monthly', interval: 1, byMonthDay: 1 }, startTime: '00:30' };

const thursdaysIn = (month: string) => {
  const days: string[] = [];
  for (
    let d = new Date(`${month}-01T12:00:00Z`);
    d.toISOString().startsWith(month);
    d = new Date(d.getTime() + 86_400_000)
  ) {
    if (d.getUTCDay() === 4) days.push(d.toISOString().slice(0, 10));
  }
  return days;
};

describe('a schedule month by month', { timeout: 60_000 }, () => {
  it('gives admins and visitors any month, counted on the group clock, with a sentence for a bad month', async () => {
    const app = await buildTestApp();
    try {
      const admin = await signUp(app, 'Aileen Admin');
      const provider = await post(app, admin, '/api/providers', { name: `Provider ${Math.random()}` });
      const group = await post(app, admin, `/api/providers/${provider.id}/groups`, {
        name: 'Thursday Circle',
        visibility: 'listed',
      });
      await post(app, admin, `/api/groups/${group.id}/series`, THURSDAYS);
      await post(app, admin, `/api/groups/${group.id}/series`, FIRSTS);
      const get = async (url: string, who?: Person) => {
        const res = await app.inject({ method: 'GET', url, ...(who && { headers: as(who) }) });
        expect(res.statusCode, res.body).toBe(200);
        return res.json().sessions as { start: string; occurrenceKey: string }[];
      };
      const adminMonth = (month: string) => get(`/api/groups/${group.id}/schedule?month=${month}`, admin);
      const publicMonth = (month: string) => get(`/api/public/groups/${group.id}/schedule?month=${month}`);

      // April, after the clocks go forward: every Thursday at 18:30 BST (17:30 UTC), and the 1st at 00:30.
      const april = `${YEAR}-04`;
      for (const list of [await adminMonth(april), await publicMonth(april)]) {
        expect(list.map((s) => s.occurrenceKey)).toEqual(
          [`${april}-01T00:30[Europe/London]`, ...thursdaysIn(april).map((d) => `${d}T18:30[Europe/London]`)].sort(),
        );
        expect(
          list.filter((s) => s.occurrenceKey.includes('T18:30')).every((s) => s.start.endsWith('T17:30:00.000Z')),
        ).toBe(true);
      }
      // 1 July at 00:30 BST is 30 June in UTC, and still July's.
      const july = await publicMonth(`${YEAR}-07`);
      expect(july[0]).toMatchObject({
        occurrenceKey: `${YEAR}-07-01T00:30[Europe/London]`,
        start: `${YEAR}-06-30T23:30:00.000Z`,
      });
      const june = await adminMonth(`${YEAR}-06`);
      expect(june.map((s) => s.occurrenceKey)).not.toContain(`${YEAR}-07-01T00:30[Europe/London]`);
      expect(june[0]?.occurrenceKey).toBe(`${YEAR}-06-01T00:30[Europe/London]`);

      for (const url of [`/api/groups/${group.id}/schedule`, `/api/public/groups/${group.id}/schedule`]) {
        const bad = await app.inject({ method: 'GET', url: `${url}?month=${YEAR}-13`, headers: as(admin) });
        expect(bad.statusCode).toBe(400);
        expect(bad.json().message).toContain('YYYY-MM');
        const far = await app.inject({ method: 'GET', url: `${url}?month=${YEAR + 10}-01`, headers: as(admin) });
        expect(far.statusCode).toBe(400);
        expect(far.json().message).toContain('within two years');
      }
    } finally {
      await app.close();
    }
  });

  it("names each session's zone in the home page's list", async () => {
    const app = await buildTestApp();
    try {
      const admin = await signUp(app, 'Aileen Admin');
      const provider = await post(app, admin, '/api/providers', { name: `Provider ${Math.random()}` });
      const group = await post(app, admin, `/api/providers/${provider.id}/groups`, {
        name: 'New York Mornings',
        visibility: 'listed',
      });
      const soon = new Date(Date.now() + 3 * 86_400_000);
      const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(soon);
      await post(app, admin, `/api/groups/${group.id}/series`, {
        ...THURSDAYS,
        rule: {
          freq: 'weekly',
          interval: 1,
          byDay: [['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'][new Date(`${day}T12:00:00Z`).getUTCDay()]],
        },
        startDate: day,
        startTime: '09:00',
        timeZone: 'America/New_York',
      });
      const res = await app.inject({ method: 'GET', url: '/api/sessions' });
      expect(res.statusCode, res.body).toBe(200);
      const ours = (res.json().sessions as { group: { id: string }; timeZone: string }[]).filter(
        (s) => s.group.id === group.id,
      );
      expect(ours.length).toBeGreaterThan(0);
      expect(ours.every((s) => s.timeZone === 'America/New_York')).toBe(true);
    } finally {
      await app.close();
    }
  });
});
