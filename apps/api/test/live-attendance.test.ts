import { createHash } from 'node:crypto';
import { livekitEvents, memberships } from '@peer-support/db/schema';
import { eq } from 'drizzle-orm';
import { AccessToken } from 'livekit-server-sdk';
import { describe, expect, inject, it } from 'vitest';
import { appForFile, type buildTestApp } from './helper.ts';
import { liveCast, newSession } from './live-fixture.ts';

type App = Awaited<ReturnType<typeof buildTestApp>>;

const testApp = appForFile();

/** A webhook as LiveKit sends it: JSON signed with a JWT over the body's SHA-256, using the real key. */
async function deliver(app: App, event: object) {
  const lk = inject('livekit');
  const body = JSON.stringify(event);
  const at = new AccessToken(lk.apiKey, lk.apiSecret);
  at.sha256 = createHash('sha256').update(body).digest('base64');
  return app.inject({
    method: 'POST',
    url: '/api/livekit/webhook',
    headers: { 'content-type': 'application/webhook+json', authorization: await at.toJwt() },
    payload: body,
  });
}

const seconds = (d: Date) => String(Math.floor(d.getTime() / 1000));

describe('attendance from LiveKit webhooks', { timeout: 60_000 }, () => {
  it('records joins and leaves per person, and room_finished closes the stretches in that room, not the session', async () => {
    const app = await testApp();
    const cast = await liveCast(app);
    const base = `/api/sessions/${cast.session.id}`;
    const enter = await app.inject({
      method: 'POST',
      url: `${base}/entries`,
      headers: { cookie: cast.member.cookie },
      payload: { displayName: 'Morag', groundRulesVersion: 1 },
    });
    const morag = enter.json();
    const room = { sid: 'RM_1', name: cast.session.roomName };
    const joined = new Date(Date.now() - 9 * 60_000);
    const participant = { sid: `PA_${morag.entry.id.slice(0, 8)}`, identity: morag.entry.identity, name: 'Morag' };
    expect(
      (
        await deliver(app, {
          event: 'participant_joined',
          id: `EV_j_${participant.sid}`,
          createdAt: seconds(joined),
          room,
          participant,
        })
      ).statusCode,
    ).toBe(200);
    const left = new Date(joined.getTime() + 8 * 60_000);
    expect(
      (
        await deliver(app, {
          event: 'participant_left',
          id: `EV_l_${participant.sid}`,
          createdAt: seconds(left),
          room,
          participant,
        })
      ).statusCode,
    ).toBe(200);

    const view = async () =>
      app.inject({ method: 'GET', url: `${base}/attendance`, headers: { cookie: cast.facilitator.cookie } });
    const report = (await view()).json();
    expect(report.online).toEqual([
      {
        displayName: 'Morag',
        kind: 'member',
        joinedAt: new Date(Number(seconds(joined)) * 1000).toISOString(),
        leftAt: new Date(Number(seconds(left)) * 1000).toISOString(),
        minutes: 8,
      },
    ]);
    expect(report.ended).toBe(false);
    // Participants and strangers do not see attendance.
    expect(
      (await app.inject({ method: 'GET', url: `${base}/attendance`, headers: { cookie: cast.member.cookie } }))
        .statusCode,
    ).toBe(403);
    expect(
      (await app.inject({ method: 'GET', url: `${base}/attendance`, headers: { cookie: cast.outsider.cookie } }))
        .statusCode,
    ).toBe(404);

    // Morag comes back and is still in the room when LiveKit closes it (a stretch left open).
    const again = { ...participant, sid: `${participant.sid}_2` };
    await deliver(app, {
      event: 'participant_joined',
      id: `EV_j_${again.sid}`,
      createdAt: seconds(left),
      room,
      participant: again,
    });
    const finishedAt = new Date();
    const finished = await deliver(app, {
      event: 'room_finished',
      id: `EV_f_${room.name}`,
      createdAt: seconds(finishedAt),
      room,
    });
    expect(finished.statusCode).toBe(200);
    const after = (await view()).json();
    // LiveKit closing an empty room before the scheduled end does not end the session (0011).
    expect(after.ended).toBe(false);
    expect(after.online.map((r: { leftAt: string | null }) => r.leftAt)).toEqual([
      new Date(Number(seconds(left)) * 1000).toISOString(),
      new Date(Number(seconds(finishedAt)) * 1000).toISOString(),
    ]);
    const still = await app.inject({
      method: 'GET',
      url: `${base}/entries/${morag.entry.id}`,
      headers: { 'x-entry-key': morag.key },
    });
    expect(still.json().status).toBe('waiting');
  });

  it('acts on a repeated delivery once, and refuses a stale (replayed) one without recording it', async () => {
    const app = await testApp();
    const cast = await liveCast(app);
    const room = { sid: 'RM_2', name: cast.session.roomName };
    const participant = { sid: 'PA_dup', identity: 'entry-00000000-0000-4000-8000-000000000000', name: 'Sky' };
    const event = { event: 'participant_joined', id: 'EV_dup', createdAt: seconds(new Date()), room, participant };
    expect((await deliver(app, event)).statusCode).toBe(200);
    expect((await deliver(app, event)).statusCode).toBe(200);
    const report = await app.inject({
      method: 'GET',
      url: `/api/sessions/${cast.session.id}/attendance`,
      headers: { cookie: cast.admin.cookie },
    });
    expect(report.json().online).toHaveLength(1);

    const old = { ...event, id: 'EV_old', createdAt: seconds(new Date(Date.now() - 3600_000)) };
    const stale = await deliver(app, old);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('stale_webhook');
    expect(await app.database.db.select().from(livekitEvents).where(eq(livekitEvents.id, 'EV_old'))).toEqual([]);
  });

  it('keeps an in-person check-in list for facilitators', async () => {
    const app = await testApp();
    const cast = await liveCast(app);
    const session = await newSession(app, cast.group.id, 'in_person');
    const [morag] = await app.database.db
      .select({ id: memberships.id })
      .from(memberships)
      .where(eq(memberships.userId, cast.member.id));
    const url = `/api/sessions/${session.id}/checkins/${morag?.id}`;
    const put = (cookie: string, present: boolean) =>
      app.inject({ method: 'PUT', url, headers: { cookie }, payload: { present } });
    expect((await put(cast.member.cookie, true)).statusCode).toBe(403);
    expect((await put(cast.facilitator.cookie, true)).statusCode).toBe(204);
    const report = await app.inject({
      method: 'GET',
      url: `/api/sessions/${session.id}/attendance`,
      headers: { cookie: cast.facilitator.cookie },
    });
    const rows = report.json().inPerson as { displayName: string; checkedInAt: string | null }[];
    expect(rows.map((r) => [r.displayName, r.checkedInAt !== null])).toEqual([
      ['Morag', true],
      ['Nils', false],
    ]);
    expect((await put(cast.facilitator.cookie, false)).statusCode).toBe(204);
    const stranger = await app.inject({
      method: 'PUT',
      url: `/api/sessions/${session.id}/checkins/00000000-0000-4000-8000-000000000000`,
      headers: { cookie: cast.facilitator.cookie },
      payload: { present: true },
    });
    expect(stranger.statusCode).toBe(404);
  });

  it('erasing a person takes their name out of waiting rooms and attendance, and keeps the count', async () => {
    const app = await testApp();
    const cast = await liveCast(app);
    const base = `/api/sessions/${cast.session.id}`;
    const morag = (
      await app.inject({
        method: 'POST',
        url: `${base}/entries`,
        headers: { cookie: cast.member.cookie },
        payload: { displayName: 'Morag Real-Name', groundRulesVersion: 1 },
      })
    ).json();
    const room = { sid: 'RM_3', name: cast.session.roomName };
    const participant = { sid: 'PA_erase', identity: morag.entry.identity, name: 'Morag Real-Name' };
    await deliver(app, {
      event: 'participant_joined',
      id: 'EV_erase',
      createdAt: seconds(new Date()),
      room,
      participant,
    });
    const [membership] = await app.database.db
      .select({ id: memberships.id })
      .from(memberships)
      .where(eq(memberships.userId, cast.member.id));
    const erase = await app.inject({
      method: 'DELETE',
      url: `/api/groups/${cast.group.id}/roster/${membership?.id}/personal-data`,
      headers: { cookie: cast.admin.cookie },
    });
    expect(erase.statusCode, erase.body).toBe(200);
    const report = await app.inject({
      method: 'GET',
      url: `${base}/attendance`,
      headers: { cookie: cast.admin.cookie },
    });
    expect(report.json().online.map((r: { displayName: string }) => r.displayName)).toEqual(['Erased member']);
    expect(JSON.stringify(report.json())).not.toContain('Real-Name');
  });
});
