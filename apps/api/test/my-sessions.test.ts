import { memberships } from '@peer-support/db/schema';
import { describe, expect, it } from 'vitest';
import { as, post, signUp } from './accounts.ts';
import { buildTestApp } from './helper.ts';

const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;
const MINUTE = 60_000;

/** A weekly online series (UTC clock) whose first session starts `minutesAgo` before now. */
function startedAgo(minutesAgo: number, durationMinutes: number) {
  const start = new Date(Math.floor((Date.now() - minutesAgo * MINUTE) / MINUTE) * MINUTE);
  return {
    rule: { freq: 'weekly', interval: 1, byDay: [WEEKDAYS[start.getUTCDay()]] },
    startDate: start.toISOString().slice(0, 10),
    startTime: start.toISOString().slice(11, 16),
    durationMinutes,
    timeZone: 'UTC',
    mode: 'online',
  };
}

interface Mine {
  group: { name: string };
  occurrenceKey: string;
  sessionId: string | null;
  start: string;
  end: string;
  ended: boolean;
}

async function setup() {
  const app = await buildTestApp();
  const admin = await signUp(app, 'Aileen Admin');
  const provider = await post(app, admin, '/api/providers', { name: `Provider ${Math.random()}` });
  const group = await post(app, admin, `/api/providers/${provider.id}/groups`, { name: 'Late Evenings' });
  const ash = await signUp(app, 'Ash');
  await app.database.db
    .insert(memberships)
    .values({ groupId: group.id, userId: ash.id, displayName: 'Ash', status: 'active' });
  const mine = async (query = '') => {
    const res = await app.inject({ method: 'GET', url: `/api/me/sessions${query}`, headers: as(ash) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().sessions as Mine[];
  };
  return { app, admin, group, mine };
}

describe('my sessions', { timeout: 60_000 }, () => {
  it('keeps a session that has started, with its link, until it ends', async () => {
    const { app, admin, group, mine } = await setup();
    try {
      await post(app, admin, `/api/groups/${group.id}/series`, startedAgo(30, 90));
      const [running, next] = await mine();
      expect(running).toMatchObject({ group: { name: 'Late Evenings' }, ended: false });
      expect(Date.parse(running?.start ?? '')).toBeLessThan(Date.now());
      // A latecomer needs the link: the session record was made although it had already started.
      expect(running?.sessionId).toMatch(/^[0-9a-f-]{36}$/);
      expect(next).toMatchObject({ ended: false });
    } finally {
      await app.close();
    }
  });

  it('says a session has ended once a facilitator ended it or its end time passed', async () => {
    const { app, admin, group, mine } = await setup();
    try {
      // One session running now, the other group series' session over an hour ago.
      await post(app, admin, `/api/groups/${group.id}/series`, startedAgo(30, 90));
      await post(app, admin, `/api/groups/${group.id}/series`, startedAgo(180, 60));
      const [running] = await mine();
      if (!running?.sessionId) throw new Error('The running session has no record');
      // The facilitator ends it for everyone before its planned end.
      const end = await app.inject({
        method: 'POST',
        url: `/api/sessions/${running.sessionId}/end`,
        headers: as(admin),
        payload: {},
      });
      expect(end.statusCode, end.body).toBe(200);
      const now = await mine();
      const endedEarly = now.find((s) => s.sessionId === running.sessionId);
      expect(endedEarly).toMatchObject({ ended: true });

      // Asked from four hours back, the session whose time is over is there, and says so.
      const earlier = await mine(`?from=${encodeURIComponent(new Date(Date.now() - 240 * MINUTE).toISOString())}`);
      const over = earlier.filter((s) => Date.parse(s.end) < Date.now());
      expect(over).toHaveLength(1);
      expect(over[0]).toMatchObject({ ended: true });
      // Next week's sessions have not ended.
      expect(earlier.filter((s) => Date.parse(s.start) > Date.now()).every((s) => !s.ended)).toBe(true);
    } finally {
      await app.close();
    }
  });
});
