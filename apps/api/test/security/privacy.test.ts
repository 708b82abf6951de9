import { randomUUID } from 'node:crypto';
import { memberships, providerMembers, sessions } from '@peer-support/db/schema';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Person, signUp, signUpVerified } from '../accounts.ts';
import { buildTestApp } from '../helper.ts';
import { newSession } from '../live-fixture.ts';

/**
 * "Invite-only groups never appear in anything an outsider can read" (DESIGN.md), tried on
 * every route an anonymous person or a signed-in outsider can reach. For each: an invite-only
 * group and its sessions never appear in a list, and an id that names one answers exactly
 * like an id that names nothing (same status, same body), so nobody can even confirm that it
 * exists. Public answers carry no one's name or email either.
 *
 * Viewers: anonymous; a signed-in outsider; a facilitator of the same provider who does not
 * facilitate the group ("colleague"); a former member (removed from its roster); an active
 * member; the group's facilitator; the provider's admin. The last three may see the group.
 */
type Viewer = 'anonymous' | 'outsider' | 'colleague' | 'former' | 'member' | 'facilitator' | 'admin';
const VIEWERS: Viewer[] = ['anonymous', 'outsider', 'colleague', 'former', 'member', 'facilitator', 'admin'];
const INSIDERS: ReadonlySet<Viewer> = new Set(['member', 'facilitator', 'admin']);
const OUTSIDERS = VIEWERS.filter((v) => !INSIDERS.has(v));

type App = Awaited<ReturnType<typeof buildTestApp>>;
type Res = Awaited<ReturnType<App['inject']>>;

const DAY = 24 * 3600 * 1000;
const tomorrow = new Date(Date.now() + DAY).toISOString().slice(0, 10);
/** Every day at noon from tomorrow, so each group has a fortnight of session records. */
const daily = {
  rule: { freq: 'weekly', interval: 1, byDay: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] },
  startDate: tomorrow,
  startTime: '12:00',
  durationMinutes: 60,
  mode: 'online',
};
const tomorrowKey = `${tomorrow}T12:00[Europe/London]`;

interface GroupFixture {
  id: string;
  seriesId: string;
  oneOffSessionId: string;
  seriesSessionId: string;
  sessionIds: string[];
}

interface Fixture {
  people: Record<Viewer, Person | undefined>;
  providerId: string;
  quietProviderId: string;
  listed: GroupFixture;
  hidden: GroupFixture;
  quiet: GroupFixture;
  /** What must never reach someone who may not see the invite-only groups. */
  hiddenSecrets: string[];
  /** The provider whose only group is invite-only: never to be seen by any of the viewers. */
  quietSecrets: string[];
  /** Names, pseudonyms and addresses of everyone involved: never in a public answer. */
  personal: string[];
  invite: { token: string; revokedToken: string; emailedToken: string; invitedEmail: string };
}

let app: App;
let f: Fixture;

async function call(viewer: Viewer | undefined, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
  const person = viewer && f.people[viewer];
  return app.inject({
    method,
    url,
    headers: person ? { cookie: person.cookie } : {},
    ...(payload && { payload }),
  });
}
const get = (viewer: Viewer, url: string) => call(viewer, 'GET', url);

/** Calendar files fold lines at 75 octets, which could split a name or an id in two. */
const unfold = (text: string) => text.replace(/\r?\n[ \t]/g, '');

function expectNone(res: Res, secrets: string[], what: string) {
  const body = unfold(res.body);
  const found = secrets.filter((s) => body.includes(s));
  expect(found, `${what} (${res.statusCode}) shows what it must not`).toEqual([]);
}

function expectAll(res: Res, wanted: string[], what: string) {
  const body = unfold(res.body);
  const missing = wanted.filter((s) => !body.includes(s));
  expect(missing, `${what} (${res.statusCode}) misses`).toEqual([]);
}

/** The same answer as for something that does not exist: status, type and body, byte for byte. */
function expectSameAsMissing(res: Res, missing: Res, what: string) {
  expect(
    { status: res.statusCode, type: res.headers['content-type'], body: res.body },
    `${what} answers differently from a thing that does not exist`,
  ).toEqual({ status: missing.statusCode, type: missing.headers['content-type'], body: missing.body });
}

beforeAll(async () => {
  app = await buildTestApp();
  const [admin, facilitator, colleague, member, former, outsider, quietAdmin] = await Promise.all([
    signUp(app, 'Ailsa Adminperson'),
    // Staff act as staff only once their address is confirmed (decision 0014).
    signUpVerified(app, 'Fenella Facilitatorperson'),
    signUpVerified(app, 'Colm Colleagueperson'),
    signUp(app, 'Maisie Memberperson'),
    signUp(app, 'Fergus Formerperson'),
    signUp(app, 'Oona Outsiderperson'),
    signUp(app, 'Quentin Quietadmin'),
  ]);
  const post = async (who: Person, url: string, payload: object) => {
    const res = await app.inject({ method: 'POST', url, headers: { cookie: who.cookie }, payload });
    if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const db = app.database.db;

  const provider = await post(admin, '/api/providers', { name: 'Harbour Peer Network' });
  const quietProvider = await post(quietAdmin, '/api/providers', { name: 'Zephyr Quiet Network' });
  await db.insert(providerMembers).values([
    { providerId: provider.id, userId: facilitator.id, role: 'facilitator' },
    { providerId: provider.id, userId: colleague.id, role: 'facilitator' },
  ]);
  const listedGroup = await post(admin, `/api/providers/${provider.id}/groups`, {
    name: 'Open Harbour Circle',
    description: 'A listed circle anyone may find.',
    topics: ['open-harbour-topic'],
    facilitatorIds: [facilitator.id],
  });
  const hiddenGroup = await post(admin, `/api/providers/${provider.id}/groups`, {
    name: 'Kestrel Survivors Haven',
    description: 'Kestrel-only description: for survivors of abuse.',
    topics: ['kestrel-hidden-topic'],
    visibility: 'invite_only',
    facilitatorIds: [facilitator.id],
  });
  const quietGroup = await post(quietAdmin, `/api/providers/${quietProvider.id}/groups`, {
    name: 'Zephyr Quiet Room',
    description: 'Zephyr-only description.',
    topics: ['zephyr-hidden-topic'],
    visibility: 'invite_only',
    // Drop-ins open a listed group to anyone with a link; they never open an invite-only one.
    dropIns: true,
  });
  await db.insert(memberships).values([
    { groupId: listedGroup.id, userId: member.id, displayName: 'Moss Pseudonymous', status: 'active' },
    { groupId: hiddenGroup.id, userId: member.id, displayName: 'Moss Pseudonymous', status: 'active' },
    { groupId: hiddenGroup.id, userId: former.id, displayName: 'Fern Pseudonymous', status: 'removed' },
  ]);

  async function groupFixture(who: Person, groupId: string): Promise<GroupFixture> {
    const series = await post(who, `/api/groups/${groupId}/series`, daily);
    const oneOff = await newSession(app, groupId);
    const rows = await db
      .select({ id: sessions.id, occurrenceKey: sessions.occurrenceKey })
      .from(sessions)
      .where(eq(sessions.groupId, groupId));
    const seriesSession = rows.find((r) => r.occurrenceKey === tomorrowKey);
    if (!seriesSession) throw new Error(`no session record for ${tomorrowKey}`);
    return {
      id: groupId,
      seriesId: series.id,
      oneOffSessionId: oneOff.id,
      seriesSessionId: seriesSession.id,
      sessionIds: rows.map((r) => r.id),
    };
  }
  const [listed, hidden, quiet] = await Promise.all([
    groupFixture(admin, listedGroup.id),
    groupFixture(admin, hiddenGroup.id),
    groupFixture(quietAdmin, quietGroup.id),
  ]);

  const link = await post(facilitator, `/api/groups/${hidden.id}/invites`, { kind: 'link' });
  const withdrawn = await post(facilitator, `/api/groups/${hidden.id}/invites`, { kind: 'link' });
  await app.inject({
    method: 'DELETE',
    url: `/api/groups/${hidden.id}/invites/${withdrawn.id}`,
    headers: { cookie: facilitator.cookie },
  });
  const invitedEmail = `invitee-${randomUUID().slice(0, 8)}@example.org`;
  const emailed = await post(facilitator, `/api/groups/${hidden.id}/invites`, { kind: 'email', email: invitedEmail });
  const tokenOf = (url: string) => new URL(url).pathname.split('/').pop() ?? '';

  const people = [admin, facilitator, colleague, member, former, outsider, quietAdmin];
  f = {
    people: { anonymous: undefined, outsider, colleague, former, member, facilitator, admin },
    providerId: provider.id,
    quietProviderId: quietProvider.id,
    listed,
    hidden,
    quiet,
    hiddenSecrets: [
      hidden.id,
      'Kestrel',
      'kestrel-hidden-topic',
      hidden.seriesId,
      ...hidden.sessionIds,
      link.id,
      withdrawn.id,
      emailed.id,
    ],
    quietSecrets: [quietProvider.id, 'Zephyr', quiet.id, quiet.seriesId, ...quiet.sessionIds],
    personal: [
      ...people.flatMap((p) => [p.name, p.email, p.id]),
      'Moss Pseudonymous',
      'Fern Pseudonymous',
      invitedEmail,
    ],
    invite: {
      token: tokenOf(link.url),
      revokedToken: tokenOf(withdrawn.url),
      emailedToken: tokenOf(emailed.url),
      invitedEmail,
    },
  };
});

/** What a viewer must not see: the invite-only group unless they stand in it, and never the other provider's. */
const secretsFor = (viewer: Viewer) => [...(INSIDERS.has(viewer) ? [] : f.hiddenSecrets), ...f.quietSecrets];

describe('lists an outsider can read show listed groups only', () => {
  it('what’s on (GET /api/sessions): listed groups for everyone, invite-only ones only for their members and staff', async () => {
    for (const viewer of VIEWERS) {
      const res = await get(viewer, '/api/sessions');
      expect(res.statusCode, viewer).toBe(200);
      expectAll(res, [f.listed.id, f.listed.oneOffSessionId, f.listed.seriesSessionId], `${viewer}: what's on`);
      expectNone(res, secretsFor(viewer), `${viewer}: what's on`);
      if (INSIDERS.has(viewer))
        expectAll(
          res,
          [f.hidden.oneOffSessionId, f.hidden.seriesSessionId, 'Kestrel Survivors Haven'],
          `${viewer}: what's on`,
        );
      if (viewer === 'anonymous') expectNone(res, f.personal, 'anonymous: what’s on');
    }
  });

  it('what’s on differs by who asks, so shared caches must not serve one person’s answer to another', async () => {
    const res = await get('member', '/api/sessions');
    expect(res.headers.vary).toMatch(/cookie/i);
  });

  it('the directory shows listed groups only, to everyone, whatever the filter', async () => {
    const queries = [
      '',
      '?mode=online',
      '?topic=kestrel-hidden-topic',
      '?topic=zephyr-hidden-topic',
      `?providerId=${f.providerId}`,
      `?providerId=${f.quietProviderId}`,
      '?pageSize=50',
    ];
    for (const viewer of VIEWERS) {
      for (const q of queries) {
        const res = await get(viewer, `/api/directory${q}`);
        expect(res.statusCode, `${viewer} ${q}`).toBe(200);
        // Members find their invite-only group under My sessions, not in the public directory.
        expectNone(res, [...f.hiddenSecrets, ...f.quietSecrets, ...f.personal], `${viewer}: directory${q}`);
      }
      const all = await get(viewer, '/api/directory?pageSize=50');
      expectAll(all, [f.listed.id, 'Open Harbour Circle'], `${viewer}: directory`);
      const topic = await get(viewer, '/api/directory?topic=kestrel-hidden-topic');
      expect(topic.json()).toMatchObject({ items: [], total: 0 });
      // A provider whose only group is invite-only looks like no provider at all.
      expectSameAsMissing(
        await get(viewer, `/api/directory?providerId=${f.quietProviderId}`),
        await get(viewer, `/api/directory?providerId=${randomUUID()}`),
        `${viewer}: directory of a provider with only an invite-only group`,
      );
    }
  });

  it('my sessions and my groups show a person only the groups they belong to', async () => {
    for (const viewer of VIEWERS) {
      for (const url of ['/api/me/sessions', '/api/me/groups']) {
        const res = await get(viewer, url);
        if (viewer === 'anonymous') {
          expect(res.statusCode, url).toBe(401);
          expectNone(res, [...f.hiddenSecrets, ...f.quietSecrets, ...f.personal], `anonymous: ${url}`);
          continue;
        }
        expect(res.statusCode, `${viewer} ${url}`).toBe(200);
        // A former member's own membership record (status "removed") is theirs to see.
        if (viewer === 'former' && url === '/api/me/groups') continue;
        expectNone(
          res,
          viewer === 'member' ? f.quietSecrets : [...f.hiddenSecrets, ...f.quietSecrets],
          `${viewer}: ${url}`,
        );
      }
    }
    expectAll(await get('member', '/api/me/sessions'), [f.hidden.seriesSessionId], 'member: my sessions');
  });

  it('a private calendar feed holds the person’s own groups only, and stops when they leave', async () => {
    for (const viewer of VIEWERS.filter((v) => v !== 'anonymous')) {
      const link = await get(viewer, '/api/me/calendar-feed');
      expect(link.statusCode, viewer).toBe(200);
      const feed = await get('anonymous', new URL(link.json().url).pathname);
      expect(feed.statusCode, viewer).toBe(200);
      // Staff are not members: a feed follows memberships, so only the member's holds the group.
      expectNone(
        feed,
        viewer === 'member' ? f.quietSecrets : [...f.hiddenSecrets, ...f.quietSecrets],
        `${viewer}: feed`,
      );
      if (viewer === 'member') expectAll(feed, [f.hidden.seriesId, 'Kestrel Survivors Haven'], 'member: feed');
    }
    expect((await get('anonymous', '/api/me/calendar-feed')).statusCode).toBe(401);
  });

  it('health and the API documents name no group and no person', async () => {
    for (const url of ['/api/health', '/api/docs/json', '/api/session']) {
      const res = await get('anonymous', url);
      expect(res.statusCode, url).toBeLessThan(300);
      expectNone(res, [...f.hiddenSecrets, ...f.quietSecrets, ...f.personal, f.listed.id, 'Open Harbour'], url);
    }
  });
});

describe('an id naming an invite-only group or its session answers as if it named nothing', () => {
  interface Probe {
    name: string;
    method?: 'GET' | 'POST' | 'PUT' | 'PATCH';
    /** The request naming the invite-only group (or its session), and the same naming nothing. */
    hidden: (f: Fixture) => string;
    missing: (f: Fixture) => string;
    body?: object;
    headers?: Record<string, string>;
    /**
     * What the viewers who may see the group get; outsiders must get exactly the missing
     * answer. `null`: a change only outsiders try here (the role matrix covers the others).
     */
    insiders: Partial<Record<Viewer, number>> | null;
  }

  const G = (path: string) => ({
    hidden: (f: Fixture) => `/api/groups/${f.hidden.id}${path}`,
    missing: () => `/api/groups/${randomUUID()}${path}`,
  });
  const PUBLIC = (path: string) => ({
    hidden: (f: Fixture) => `/api/public/groups/${f.hidden.id}${path}`,
    missing: () => `/api/public/groups/${randomUUID()}${path}`,
  });
  const S = (path: string, which: 'oneOffSessionId' | 'seriesSessionId' = 'oneOffSessionId') => ({
    hidden: (f: Fixture) => `/api/sessions/${f.hidden[which]}${path}`,
    missing: (_f: Fixture) => `/api/sessions/${randomUUID()}${path}`,
  });
  const all = (status: number) => ({ member: status, facilitator: status, admin: status });
  const staff = (member: number, facilitator: number, admin: number) => ({ member, facilitator, admin });
  const occurrence = `/series/SERIES/occurrences/${encodeURIComponent(tomorrowKey)}/rsvp`;

  const PROBES: Probe[] = [
    { name: 'public group page', ...PUBLIC(''), insiders: all(200) },
    { name: 'public schedule', ...PUBLIC('/schedule'), insiders: all(200) },
    { name: 'group subscription feed', ...PUBLIC('/calendar.ics'), insiders: all(200) },
    {
      name: 'one session as .ics',
      ...PUBLIC(`/sessions/${encodeURIComponent(tomorrowKey)}.ics`),
      insiders: all(200),
    },
    {
      // Someone who learnt an invite-only series id cannot read it through a listed group's URL.
      name: 'one session as .ics, an invite-only series through a listed group',
      hidden: (f) =>
        `/api/public/groups/${f.listed.id}/sessions/${encodeURIComponent(tomorrowKey)}.ics?seriesId=${f.hidden.seriesId}`,
      missing: (f) =>
        `/api/public/groups/${f.listed.id}/sessions/${encodeURIComponent(tomorrowKey)}.ics?seriesId=${randomUUID()}`,
      insiders: {},
    },
    {
      name: 'ask to join',
      method: 'POST',
      ...G('/join-requests'),
      body: { displayName: 'Prober', acceptGroundRulesVersion: 1 },
      // Invitation only: the member is already in, and staff cannot ask either.
      insiders: all(409),
    },
    {
      name: 'RSVP state of a session',
      hidden: (f) => `/api/groups/${f.hidden.id}${occurrence.replace('SERIES', f.hidden.seriesId)}`,
      missing: (f) => `/api/groups/${randomUUID()}${occurrence.replace('SERIES', f.hidden.seriesId)}`,
      insiders: all(200),
    },
    {
      name: 'RSVP to a session',
      method: 'PUT',
      hidden: (f) => `/api/groups/${f.hidden.id}${occurrence.replace('SERIES', f.hidden.seriesId)}`,
      missing: (f) => `/api/groups/${randomUUID()}${occurrence.replace('SERIES', f.hidden.seriesId)}`,
      body: { status: 'not_going' },
      insiders: staff(200, 403, 403),
    },
    { name: 'group, staff view', ...G(''), insiders: staff(403, 200, 200) },
    { name: 'ground-rules history', ...G('/ground-rules'), insiders: staff(403, 200, 200) },
    { name: 'roster', ...G('/roster'), insiders: staff(403, 200, 200) },
    { name: 'roster CSV', ...G('/roster.csv'), insiders: staff(403, 403, 200) },
    { name: 'invitations', ...G('/invites'), insiders: staff(403, 200, 200) },
    { name: 'series', ...G('/series'), insiders: staff(403, 200, 200) },
    { name: 'staff schedule', ...G('/schedule'), insiders: staff(403, 200, 200) },
    // Changes: an outsider's attempt must not even confirm the group is there.
    { name: 'edit the group', method: 'PATCH', ...G(''), body: { description: 'Probed' }, insiders: null },
    { name: 'save ground rules', method: 'PUT', ...G('/ground-rules'), body: { rules: ['Probe'] }, insiders: null },
    { name: 'add a series', method: 'POST', ...G('/series'), body: daily, insiders: null },
    {
      name: 'cancel a session',
      method: 'POST',
      hidden: (f) => `/api/groups/${f.hidden.id}/series/${f.hidden.seriesId}/exceptions`,
      missing: (f) => `/api/groups/${randomUUID()}/series/${f.hidden.seriesId}/exceptions`,
      body: { occurrenceKey: tomorrowKey, cancelled: true, reason: 'Probe' },
      insiders: null,
    },
    {
      name: 'set places for a session',
      method: 'PUT',
      hidden: (f) =>
        `/api/groups/${f.hidden.id}${occurrence.replace('SERIES', f.hidden.seriesId).replace(/rsvp$/, 'places')}`,
      missing: (f) =>
        `/api/groups/${randomUUID()}${occurrence.replace('SERIES', f.hidden.seriesId).replace(/rsvp$/, 'places')}`,
      body: { places: 3 },
      insiders: null,
    },
    { name: 'create an invitation', method: 'POST', ...G('/invites'), body: { kind: 'link' }, insiders: null },
    {
      name: 'roster action on a made-up membership',
      method: 'POST',
      hidden: (f) => `/api/groups/${f.hidden.id}/roster/${randomUUID()}/actions`,
      missing: () => `/api/groups/${randomUUID()}/roster/${randomUUID()}/actions`,
      body: { action: 'approve' },
      insiders: null,
    },
    {
      name: 'your place in the waiting room, with a made-up entry',
      hidden: (f) => `/api/sessions/${f.hidden.oneOffSessionId}/entries/${randomUUID()}`,
      missing: () => `/api/sessions/${randomUUID()}/entries/${randomUUID()}`,
      headers: { 'x-entry-key': 'guessed' },
      insiders: staff(404, 404, 404),
    },
    ...(['token', 'leave'] as const).map((action) => ({
      name: `${action} for a made-up entry`,
      method: 'POST' as const,
      hidden: (f: Fixture) => `/api/sessions/${f.hidden.oneOffSessionId}/entries/${randomUUID()}/${action}`,
      missing: () => `/api/sessions/${randomUUID()}/entries/${randomUUID()}/${action}`,
      headers: { 'x-entry-key': 'guessed' },
      insiders: staff(404, 404, 404),
    })),
  ];

  for (const probe of PROBES) {
    it(probe.name, async () => {
      for (const viewer of VIEWERS) {
        const person = f.people[viewer];
        const request = (url: string) =>
          app.inject({
            method: probe.method ?? 'GET',
            url,
            headers: { ...probe.headers, ...(person && { cookie: person.cookie }) },
            ...(probe.body && { payload: probe.body }),
          });
        const res = await request(probe.hidden(f));
        if (INSIDERS.has(viewer) && probe.insiders === null) continue;
        const expected = INSIDERS.has(viewer) ? probe.insiders?.[viewer] : undefined;
        if (expected !== undefined) {
          expect(res.statusCode, `${viewer}: ${res.body}`).toBe(expected);
          continue;
        }
        expectSameAsMissing(res, await request(probe.missing(f)), `${viewer}: ${probe.name}`);
        expectNone(res, [...f.hiddenSecrets, ...f.quietSecrets, ...f.personal], `${viewer}: ${probe.name}`);
      }
    });
  }

  it('session link (join info) of an invite-only group, one-off or from a series', async () => {
    for (const which of ['oneOffSessionId', 'seriesSessionId'] as const) {
      for (const viewer of VIEWERS) {
        const probe = S('/join-info', which);
        const res = await get(viewer, probe.hidden(f));
        if (INSIDERS.has(viewer)) {
          expect(res.statusCode, `${viewer}: ${res.body}`).toBe(200);
          expectAll(res, ['Kestrel Survivors Haven'], `${viewer}: join info`);
          continue;
        }
        expectNone(res, [...f.hiddenSecrets, ...f.quietSecrets, ...f.personal], `${viewer}: join info`);
        // Signed in or not, exactly like a session that does not exist; the words ask a member to sign in.
        expectSameAsMissing(res, await get(viewer, probe.missing(f)), `${viewer}: join info`);
      }
    }
  });

  it('coming into an invite-only group’s session, as someone not on its roster', async () => {
    for (const viewer of OUTSIDERS) {
      const probe = S('/entries');
      const body = { displayName: 'Prober', groundRulesVersion: 1 };
      const res = await call(viewer, 'POST', probe.hidden(f), body);
      expectNone(res, [...f.hiddenSecrets, ...f.quietSecrets, ...f.personal], `${viewer}: entries`);
      expectSameAsMissing(res, await call(viewer, 'POST', probe.missing(f), body), `${viewer}: entries`);
    }
  });

  it('hosting routes of an invite-only group’s session refuse outsiders with a 404 that shows nothing', async () => {
    for (const viewer of OUTSIDERS) {
      for (const [method, path, body] of [
        ['GET', '/attendance', undefined],
        ['PUT', '/lock', { locked: false }],
        ['POST', '/admit-all', undefined],
        ['POST', '/notice', { text: 'Probe' }],
        ['POST', '/show-rules', undefined],
        ['POST', '/end', undefined],
        ['POST', `/entries/${randomUUID()}/admit`, undefined],
        ['PUT', `/checkins/${randomUUID()}`, { present: true }],
      ] as const) {
        const probe = S(path);
        const res = await call(viewer, method, probe.hidden(f), body);
        expectSameAsMissing(res, await call(viewer, method, probe.missing(f), body), `${viewer} ${path}`);
        expectNone(res, [...f.hiddenSecrets, ...f.quietSecrets, ...f.personal], `${viewer}: ${path}`);
      }
    }
  });

  it('an invite-only group that takes drop-ins still takes no strangers through a session link', async () => {
    const quiet = `/api/sessions/${f.quiet.oneOffSessionId}`;
    const missing = `/api/sessions/${randomUUID()}`;
    const body = { displayName: 'Passer-by', groundRulesVersion: 1 };
    for (const viewer of VIEWERS) {
      expectSameAsMissing(await get(viewer, `${quiet}/join-info`), await get(viewer, `${missing}/join-info`), viewer);
      const entered = await call(viewer, 'POST', `${quiet}/entries`, body);
      expectSameAsMissing(entered, await call(viewer, 'POST', `${missing}/entries`, body), `${viewer}: entries`);
    }
  });
});

describe('an invitation link shows its own group to whoever holds it, and nothing else', () => {
  it('a valid link: the group, its provider and its ground rules; no people, no other group', async () => {
    for (const viewer of VIEWERS) {
      const res = await get(viewer, `/api/invites/${f.invite.token}`);
      expect(res.statusCode, viewer).toBe(200);
      expect(res.json().group).toMatchObject({ id: f.hidden.id, name: 'Kestrel Survivors Haven' });
      expectNone(
        res,
        [...f.quietSecrets, ...f.personal, ...f.hidden.sessionIds, f.hidden.seriesId, f.listed.id],
        viewer,
      );
    }
  });

  it('a withdrawn, forged or garbled link shows nothing of the group', async () => {
    const forged = `${f.invite.token.slice(0, -4)}AAAA`;
    for (const token of [f.invite.revokedToken, forged, 'garbled']) {
      for (const viewer of VIEWERS) {
        const res = await get(viewer, `/api/invites/${encodeURIComponent(token)}`);
        expect(res.statusCode, `${viewer} ${token}`).toBeGreaterThanOrEqual(400);
        expectNone(res, [...f.hiddenSecrets, ...f.quietSecrets, ...f.personal, 'Harbour'], `${viewer}: invite`);
      }
    }
  });

  it('an emailed invitation opened by someone else does not tell them the address it was sent to', async () => {
    for (const viewer of ['outsider', 'colleague', 'member'] as const) {
      const res = await call(viewer, 'POST', `/api/invites/${f.invite.emailedToken}/accept`, {
        displayName: 'Forwarded',
        acceptGroundRulesVersion: 1,
      });
      expect(res.statusCode, `${viewer}: ${res.body}`).toBe(403);
      expect(res.json().code).toBe('invite_for_someone_else');
      expectNone(res, [f.invite.invitedEmail, f.invite.invitedEmail.split('@')[0] ?? ''], `${viewer}: accept`);
    }
  });
});

describe('visibility is read fresh', () => {
  it('a listed group made invite-only leaves every public answer at once, and comes back when listed again', async () => {
    const admin = f.people.admin as Person;
    const patch = (visibility: string) =>
      app.inject({
        method: 'PATCH',
        url: `/api/groups/${f.listed.id}`,
        headers: { cookie: admin.cookie },
        payload: { visibility },
      });
    const publicAnswers = async () => [
      await get('anonymous', '/api/sessions'),
      await get('outsider', '/api/sessions'),
      await get('anonymous', '/api/directory?pageSize=50'),
    ];
    expect((await patch('invite_only')).statusCode).toBe(200);
    try {
      for (const res of await publicAnswers()) expectNone(res, [f.listed.id, 'Open Harbour'], 'after hiding');
      expectSameAsMissing(
        await get('anonymous', `/api/public/groups/${f.listed.id}`),
        await get('anonymous', `/api/public/groups/${randomUUID()}`),
        'public page after hiding',
      );
      // Its member still finds it on what's on.
      expectAll(await get('member', '/api/sessions'), [f.listed.id], 'member after hiding');
    } finally {
      expect((await patch('listed')).statusCode).toBe(200);
    }
    for (const res of await publicAnswers()) expectAll(res, [f.listed.id], 'after listing again');
  });
});
