import { randomUUID } from 'node:crypto';
import * as schema from '@peer-support/db/schema';
import { groups, sessionEntries, sessions, users } from '@peer-support/db/schema';
import { eq, getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { as, type Person, signUp } from '../accounts.ts';
import { buildTestApp } from '../helper.ts';
import { liveCast } from '../live-fixture.ts';

/**
 * Bad input never reaches the database or a calendar raw (issue 10, finding 8): characters a
 * database cannot store, line breaks that would become calendar properties, names of any
 * length, and requests another site makes a browser send.
 */
type App = Awaited<ReturnType<typeof buildTestApp>>;
type Cast = Awaited<ReturnType<typeof liveCast>>;

const NUL = '\u0000';
const LONE_SURROGATE = '\ud800';
const FOREIGN = 'https://elsewhere.example';
const BAD = [
  { what: 'a NUL character', char: NUL, message: 'must not contain control characters' },
  { what: 'a lone surrogate', char: LONE_SURROGATE, message: 'has characters we cannot store; retype it' },
];

let app: App;
let cast: Cast;
let f: {
  providerId: string;
  groupId: string;
  seriesId: string;
  occurrenceKey: string;
  inviteToken: string;
  waitingEntryId: string;
  admittedEntryId: string;
};

beforeAll(async () => {
  app = await buildTestApp();
  cast = await liveCast(app, { dropIns: true });
  const post = async (who: Person, url: string, payload: object) => {
    const res = await app.inject({ method: 'POST', url, headers: as(who), payload });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };
  const groupId = cast.group.id as string;
  const series = await post(cast.admin, `/api/groups/${groupId}/series`, {
    rule: { freq: 'weekly', interval: 1, byDay: ['TH'] },
    startDate: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
    startTime: '18:30',
    durationMinutes: 90,
    mode: 'hybrid',
    venue: { name: 'Hall', address: '1 High Street' },
  });
  const invite = await post(cast.admin, `/api/groups/${groupId}/invites`, { kind: 'link' });
  const base = `/api/sessions/${cast.session.id}`;
  await post(cast.facilitator, `${base}/entries`, { displayName: 'Fran', groundRulesVersion: 1 });
  const waiting = await post(cast.member, `${base}/entries`, { displayName: 'Morag', groundRulesVersion: 1 });
  const admitted = await post(cast.member2, `${base}/entries`, { displayName: 'Nils', groundRulesVersion: 1 });
  await post(cast.facilitator, `${base}/entries/${admitted.entry.id}/admit`, {});
  // Nobody holds a live connection here: keep Morag waiting for the whole file, where the
  // sweep would otherwise let her place go after a few minutes (and change the tables mid-test).
  await app.database.db
    .update(sessionEntries)
    .set({ lastSeenAt: new Date(Date.now() + 86_400_000) })
    .where(eq(sessionEntries.id, waiting.entry.id));
  f = {
    providerId: cast.providerId,
    groupId,
    seriesId: series.id,
    occurrenceKey: await firstOccurrence(groupId),
    inviteToken: new URL(invite.url).pathname.split('/').pop() ?? '',
    waitingEntryId: waiting.entry.id,
    admittedEntryId: admitted.entry.id,
  };
});

async function firstOccurrence(groupId: string): Promise<string> {
  const res = await app.inject({ method: 'GET', url: `/api/groups/${groupId}/schedule`, headers: as(cast.admin) });
  return res.json().sessions[0].occurrenceKey;
}

/** Every row of every table, so a test can say "nothing was written" without naming tables. */
async function everything(): Promise<string> {
  const tables: PgTable[] = Object.values(schema as Record<string, unknown>).filter((t): t is PgTable =>
    is(t, PgTable),
  );
  const dump: Record<string, unknown[]> = {};
  for (const table of tables) {
    const rows = await app.database.db.select().from(table);
    dump[getTableName(table)] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return JSON.stringify(dump);
}

// ----- NUL and lone surrogates, in every free-text field of every route -----------------

interface Case {
  route: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  url: () => string;
  who?: () => Person;
  /** A valid body or query; each listed field is spoiled in turn. */
  body?: () => Record<string, unknown>;
  query?: () => Record<string, string>;
  fields: string[];
}

const supportLine = { name: 'Listening line', phone: '116 123', hours: 'Any time', description: 'Someone to talk to' };
const venue = { name: 'Hall', address: '1 High Street', accessNotes: 'Step-free', mapUrl: 'https://maps.example/1' };
const venueFields = (prefix: string) => ['name', 'address', 'accessNotes', 'mapUrl'].map((k) => `${prefix}${k}`);
const entryUrl = (id: () => string, action: string) => () =>
  `/api/sessions/${cast.session.id}/entries/${id()}/${action}`;

const CASES: Case[] = [
  {
    route: 'create a provider',
    method: 'POST',
    url: () => '/api/providers',
    who: () => cast.admin,
    body: () => ({ name: 'Harbour Peer Network' }),
    fields: ['name'],
  },
  {
    route: 'create a group',
    method: 'POST',
    url: () => `/api/providers/${f.providerId}/groups`,
    who: () => cast.admin,
    body: () => ({
      name: 'Harbour Circle',
      description: 'We meet weekly.',
      topics: ['grief'],
      supportLines: [supportLine],
      groundRules: ['Be kind.'],
      facilitatorIds: [cast.facilitator.id],
    }),
    fields: [
      'name',
      'description',
      'topics.0',
      'supportLines.0.name',
      'supportLines.0.phone',
      'supportLines.0.hours',
      'supportLines.0.description',
      'groundRules.0',
      'facilitatorIds.0',
    ],
  },
  {
    route: 'change a group',
    method: 'PATCH',
    url: () => `/api/groups/${f.groupId}`,
    who: () => cast.admin,
    body: () => ({ name: 'Evening Circle', description: 'About us', topics: ['grief'], supportLines: [supportLine] }),
    fields: [
      'name',
      'description',
      'topics.0',
      'supportLines.0.name',
      'supportLines.0.phone',
      'supportLines.0.hours',
      'supportLines.0.description',
    ],
  },
  {
    route: 'replace the ground rules',
    method: 'PUT',
    url: () => `/api/groups/${f.groupId}/ground-rules`,
    who: () => cast.admin,
    body: () => ({ rules: ['Be kind.', 'One voice at a time.'] }),
    fields: ['rules.1'],
  },
  {
    route: 'add staff',
    method: 'POST',
    url: () => `/api/providers/${f.providerId}/staff`,
    who: () => cast.admin,
    body: () => ({ email: cast.outsider.email, role: 'facilitator' }),
    fields: ['email'],
  },
  {
    route: 'ask to join a group',
    method: 'POST',
    url: () => `/api/groups/${f.groupId}/join-requests`,
    who: () => cast.outsider,
    body: () => ({ displayName: 'Otto', acceptGroundRulesVersion: 1 }),
    fields: ['displayName'],
  },
  {
    route: 'invite by email',
    method: 'POST',
    url: () => `/api/groups/${f.groupId}/invites`,
    who: () => cast.admin,
    body: () => ({ kind: 'email', email: 'someone@example.org' }),
    fields: ['email'],
  },
  {
    route: 'accept an invitation',
    method: 'POST',
    url: () => `/api/invites/${f.inviteToken}/accept`,
    who: () => cast.outsider,
    body: () => ({ displayName: 'Otto', acceptGroundRulesVersion: 1 }),
    fields: ['displayName'],
  },
  {
    route: 'create a series',
    method: 'POST',
    url: () => `/api/groups/${f.groupId}/series`,
    who: () => cast.admin,
    body: () => ({
      rule: { freq: 'weekly', interval: 1, byDay: ['MO'] },
      startDate: '2030-01-07',
      startTime: '18:30',
      durationMinutes: 60,
      timeZone: 'Europe/London',
      mode: 'in_person',
      venue,
    }),
    fields: ['startDate', 'startTime', 'timeZone', ...venueFields('venue.')],
  },
  {
    route: 'change a series',
    method: 'PATCH',
    url: () => `/api/groups/${f.groupId}/series/${f.seriesId}`,
    who: () => cast.admin,
    body: () => ({ venue }),
    fields: venueFields('venue.'),
  },
  {
    route: 'cancel or move one session',
    method: 'POST',
    url: () => `/api/groups/${f.groupId}/series/${f.seriesId}/exceptions`,
    who: () => cast.admin,
    body: () => ({ occurrenceKey: f.occurrenceKey, move: { venue }, reason: 'The hall is being painted.' }),
    fields: ['occurrenceKey', 'reason', ...venueFields('move.venue.')],
  },
  {
    route: 'come into a session',
    method: 'POST',
    url: () => `/api/sessions/${cast.session.id}/entries`,
    body: () => ({ displayName: 'Sky', groundRulesVersion: 1 }),
    fields: ['displayName'],
  },
  {
    route: 'deny someone waiting',
    method: 'POST',
    url: entryUrl(() => f.waitingEntryId, 'deny'),
    who: () => cast.facilitator,
    body: () => ({ message: 'Members only tonight.' }),
    fields: ['message'],
  },
  {
    route: 'remove someone from the call',
    method: 'POST',
    url: entryUrl(() => f.admittedEntryId, 'remove'),
    who: () => cast.facilitator,
    body: () => ({ to: 'waiting_room', message: 'Back in a moment.' }),
    fields: ['message'],
  },
  {
    route: 'message everyone waiting',
    method: 'POST',
    url: () => `/api/sessions/${cast.session.id}/notice`,
    who: () => cast.facilitator,
    body: () => ({ text: 'Starting in five minutes.' }),
    fields: ['text'],
  },
  {
    route: 'pin someone',
    method: 'PUT',
    url: () => `/api/sessions/${cast.session.id}/pin`,
    who: () => cast.facilitator,
    body: () => ({ identity: 'someone' }),
    fields: ['identity'],
  },
  {
    route: 'search the roster',
    method: 'GET',
    url: () => `/api/groups/${f.groupId}/roster`,
    who: () => cast.admin,
    query: () => ({ q: 'Morag' }),
    fields: ['q'],
  },
  {
    route: 'export the roster',
    method: 'GET',
    url: () => `/api/groups/${f.groupId}/roster.csv`,
    who: () => cast.admin,
    query: () => ({ q: 'Morag' }),
    fields: ['q'],
  },
  {
    route: 'filter the directory',
    method: 'GET',
    url: () => '/api/directory',
    query: () => ({ topic: 'grief', from: '2030-01-01' }),
    fields: ['topic', 'from'],
  },
  {
    route: 'read a schedule',
    method: 'GET',
    url: () => `/api/groups/${f.groupId}/schedule`,
    who: () => cast.admin,
    query: () => ({ from: '2030-01-01', to: '2030-02-01' }),
    fields: ['from', 'to'],
  },
  // better-auth's own routes: no schema of ours, so only the safety net stands here.
  {
    route: 'sign up',
    method: 'POST',
    url: () => '/api/auth/sign-up/email',
    body: () => ({ name: 'Robin', email: `robin-${randomUUID()}@example.org`, password: 'a long enough password' }),
    fields: ['name', 'email', 'password'],
  },
  {
    route: 'change your name',
    method: 'POST',
    url: () => '/api/auth/update-user',
    who: () => cast.outsider,
    body: () => ({ name: 'Otto O.' }),
    fields: ['name'],
  },
  {
    route: 'sign in',
    method: 'POST',
    url: () => '/api/auth/sign-in/email',
    body: () => ({ email: cast.outsider.email, password: 'a long enough password' }),
    fields: ['email', 'password'],
  },
  {
    route: 'ask for a sign-in link',
    method: 'POST',
    url: () => '/api/auth/sign-in/magic-link',
    body: () => ({ email: cast.outsider.email }),
    fields: ['email'],
  },
  {
    route: 'ask for a password reset',
    method: 'POST',
    url: () => '/api/auth/request-password-reset',
    body: () => ({ email: cast.outsider.email }),
    fields: ['email'],
  },
];

/** Puts the bad character inside the valid value at `path` (e.g. `supportLines.0.name`). */
function spoil(value: Record<string, unknown>, path: string, char: string): Record<string, unknown> {
  const copy = structuredClone(value);
  const keys = path.split('.');
  const last = keys.pop() ?? '';
  let at: Record<string, unknown> = copy;
  for (const k of keys) at = at[k] as Record<string, unknown>;
  const good = String(at[last]);
  at[last] = `${good.slice(0, 1)}${char}${good.slice(1)}`;
  return copy;
}

describe('characters we cannot store', () => {
  // A lone surrogate has no UTF-8 form, so it cannot be written in a URL (what arrives is
  // U+FFFD, which is storable): query strings are tried with NUL only.
  const table = CASES.flatMap((c) =>
    c.fields.flatMap((field) =>
      BAD.filter((bad) => c.body || bad.char === NUL).map((bad) => ({
        ...c,
        field,
        bad,
        title: `${c.route}: ${field}, ${bad.what}`,
      })),
    ),
  );

  it.each(table)('$title is refused with a 400 naming the field, and nothing is written', async (c) => {
    const before = await everything();
    const res = await app.inject({
      method: c.method,
      url: c.url(),
      headers: { ...(c.who && as(c.who())) },
      ...(c.body && { payload: spoil(c.body(), c.field, c.bad.char) }),
      ...(c.query && { query: spoil(c.query(), c.field, c.bad.char) as Record<string, string> }),
    });
    expect(res.statusCode, res.body).toBe(400);
    const field = `${c.body ? 'body' : 'querystring'}.${c.field}`;
    expect(res.json().fields, res.body).toContainEqual({ field, message: c.bad.message });
    expect(res.json().message).toContain(`${field} ${c.bad.message}`);
    expect(await everything()).toBe(before);
  });

  // A lone surrogate cannot be written in a URL at all (it has no UTF-8 form); its nearest
  // thing is the bytes it would have had, which are not UTF-8 either.
  it.each([
    { what: 'a NUL character', encoded: '%00', message: BAD[0]?.message },
    { what: 'bytes that are not UTF-8', encoded: '%ED%A0%80', message: undefined },
  ])('$what in a path parameter is refused with a 400, not a 500, and nothing is written', async (bad) => {
    const key = `2030-01-07T18%3A30${bad.encoded}%5BEurope%2FLondon%5D`;
    const before = await everything();
    const rsvp = `/api/groups/${f.groupId}/series/${f.seriesId}/occurrences/${key}/rsvp`;
    for (const [method, url, payload] of [
      ['GET', `/api/public/groups/${f.groupId}/sessions/${key}.ics`, undefined],
      ['GET', rsvp, undefined],
      ['PUT', rsvp, { status: 'going' }],
    ] as const) {
      const res = await app.inject({ method, url, headers: as(cast.member), ...(payload && { payload }) });
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(400);
      if (bad.message)
        expect(res.json().fields).toContainEqual({ field: 'params.occurrenceKey', message: bad.message });
    }
    expect(await everything()).toBe(before);
  });

  it('refuses line breaks and other control characters in one-line text, and keeps them in multi-line text', async () => {
    const patch = (payload: object) =>
      app.inject({ method: 'PATCH', url: `/api/groups/${f.groupId}`, headers: as(cast.admin), payload });
    for (const name of [
      'Evening\r\nCircle',
      'Evening\nCircle',
      'Evening\tCircle',
      'Evening\u007fCircle',
      'Evening\u0085',
    ]) {
      const res = await patch({ name });
      expect(res.statusCode, JSON.stringify(name)).toBe(400);
      expect(res.json().fields[0].field).toBe('body.name');
      expect(res.json().fields[0].message).toMatch(/must be on one line|must not contain control characters/);
    }
    expect((await patch({ name: 'Evening\nCircle' })).json().fields[0].message).toBe(
      'must be on one line; remove the line breaks',
    );
    const ok = await patch({ description: 'We meet on Thursdays.\n\n\tBring a cup.' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().description).toBe('We meet on Thursdays.\n\n\tBring a cup.');
    const cr = await patch({ description: 'Line one\r\nLine two' });
    expect(cr.statusCode).toBe(400);
    expect(cr.json().fields).toEqual([{ field: 'body.description', message: 'must not contain control characters' }]);
  });

  it('takes emoji and other well-formed text outside the basic plane as it is', async () => {
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/groups/${f.groupId}`,
      headers: as(cast.admin),
      payload: { name: 'Evening Circle 🌙', topics: ['𝒢rief'] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Evening Circle 🌙', topics: ['𝒢rief'] });
  });
});

// ----- calendar files -----------------------------------------------------------------

describe('calendar files', () => {
  const EVIL = 'Evening Circle\r\nX-INJECTED:yes\r\nBEGIN:VEVENT';

  it('a group name with line breaks is refused at the API', async () => {
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/groups/${f.groupId}`,
      headers: as(cast.admin),
      payload: { name: EVIL },
    });
    expect(res.statusCode).toBe(400);
  });

  it('names saved before the rule are escaped in the feed and the .ics file, never written as properties', async () => {
    // As if written before the text rules existed (or by any path that skips them).
    await app.database.db
      .update(groups)
      .set({ name: `${EVIL}\u0007, with; commas`, slug: 'evening\r\nset-cookie: x=1' })
      .where(eq(groups.id, f.groupId));
    try {
      const feed = await app.inject({ method: 'GET', url: `/api/public/groups/${f.groupId}/calendar.ics` });
      const one = await app.inject({
        method: 'GET',
        url: `/api/public/groups/${f.groupId}/sessions/${encodeURIComponent(f.occurrenceKey)}.ics`,
      });
      for (const res of [feed, one]) {
        expect(res.statusCode, res.body).toBe(200);
        // No line of the file starts a property or component that was not ours.
        const lines = res.body.split('\r\n');
        expect(lines.filter((l) => /^X-INJECTED/i.test(l))).toEqual([]);
        expect(lines.filter((l) => l === 'BEGIN:VEVENT').length).toBe(lines.filter((l) => l === 'END:VEVENT').length);
        expect(res.body).not.toContain('\u0007');
        // Header values carry no line break and nothing the slug tried to add.
        expect(String(res.headers['content-disposition'])).not.toMatch(/[\r\n]/);
        expect(res.headers['set-cookie']).toBeUndefined();
        expect(String(res.headers['content-disposition'])).toMatch(/^(inline|attachment); filename="[a-z0-9-]+\.ics"$/);

        // NAME (RFC 7986) and X-WR-CALNAME are TEXT; ical.js only unescapes what it knows as TEXT.
        for (const p of ['name', 'x-wr-calname']) ICAL.design.icalendar.property[p] = { defaultType: 'text' };
        const calendar = new ICAL.Component(ICAL.parse(res.body));
        const name = 'Evening Circle\nX-INJECTED:yes\nBEGIN:VEVENT, with; commas';
        expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe(name);
        expect(calendar.getFirstPropertyValue('name')).toBe(name);
        const events = calendar.getAllSubcomponents('vevent');
        expect(events.length).toBeGreaterThan(0);
        for (const event of events) {
          expect(event.getFirstPropertyValue('summary')).toBe(name);
          expect(event.getAllProperties('x-injected')).toEqual([]);
        }
      }
    } finally {
      await app.database.db
        .update(groups)
        .set({ name: 'Evening Circle', slug: `evening-circle-${randomUUID().slice(0, 8)}` })
        .where(eq(groups.id, f.groupId));
    }
  });
});

// ----- names --------------------------------------------------------------------------

describe('account names', () => {
  const signUpAs = (name: string) =>
    app.inject({
      method: 'POST',
      url: '/api/auth/sign-up/email',
      payload: { name, email: `n-${randomUUID()}@example.org`, password: 'a long enough password' },
    });

  it('sign-up refuses a name over 80 characters, a blank one and one with line breaks, and makes no account', async () => {
    const before = (await app.database.db.select({ id: users.id }).from(users)).length;
    const cases: [string, string][] = [
      ['x'.repeat(81), 'must be at most 80 characters'],
      ['   ', 'must not be blank'],
      ['Robin\r\nBcc: everyone', 'must be on one line; remove the line breaks'],
      ['Robin\u0007', 'must not contain control characters'],
    ];
    for (const [name, message] of cases) {
      const res = await signUpAs(name);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().fields).toContainEqual({ field: 'body.name', message });
    }
    expect((await app.database.db.select({ id: users.id }).from(users)).length).toBe(before);
    expect((await signUpAs('x'.repeat(80))).statusCode).toBe(200);
  });

  it('changing a name follows the same rules, and a refused change leaves the name as it was', async () => {
    const person = await signUp(app, 'Pat');
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/update-user',
      headers: as(person),
      payload: { name: 'P'.repeat(10_000) },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().fields).toContainEqual({ field: 'body.name', message: 'must be at most 80 characters' });
    const [row] = await app.database.db.select({ name: users.name }).from(users).where(eq(users.id, person.id));
    expect(row?.name).toBe('Pat');
    const ok = await app.inject({
      method: 'POST',
      url: '/api/auth/update-user',
      headers: as(person),
      payload: { name: 'Pat Jones' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
  });
});

// ----- requests another site makes a browser send ------------------------------------

describe('cross-site requests', () => {
  const sessionRow = async () =>
    (await app.database.db.select().from(sessions).where(eq(sessions.id, cast.session.id)))[0];
  const entryRow = async (id: string) =>
    (await app.database.db.select().from(sessionEntries).where(eq(sessionEntries.id, id)))[0];

  it('a text/plain post (what a cross-site form can send) without our Origin is refused, and nothing changes', async () => {
    const before = await everything();
    for (const [url, body] of [
      [`/api/sessions/${cast.session.id}/end`, ''],
      [`/api/sessions/${cast.session.id}/entries/${f.waitingEntryId}/admit`, 'x=1'],
      ['/api/providers', '{"name":"Made by another site"}'],
    ] as const) {
      const res = await app.inject({
        method: 'POST',
        url,
        headers: { ...as(cast.admin), 'content-type': 'text/plain', origin: undefined },
        payload: body,
      });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(403);
      expect(res.json().code).toBe('cross_site_request');
      expect(res.json().message).toMatch(/another site/);
    }
    expect(await everything()).toBe(before);
  });

  it('a bodyless post with neither JSON nor an Origin is refused', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/sessions/${cast.session.id}/entries/${f.waitingEntryId}/admit`,
      headers: { ...as(cast.facilitator), origin: undefined },
    });
    expect(res.statusCode, res.body).toBe(403);
    expect((await entryRow(f.waitingEntryId))?.status).toBe('waiting');
  });

  it('a foreign Origin is refused whatever the content type, and nothing changes', async () => {
    const before = await everything();
    const attempts = [
      { url: `/api/sessions/${cast.session.id}/end`, payload: undefined, type: undefined },
      { url: `/api/sessions/${cast.session.id}/end`, payload: {}, type: 'application/json' },
      { url: `/api/sessions/${cast.session.id}/notice`, payload: { text: 'Call 0900 now' }, type: 'application/json' },
      { url: '/api/providers', payload: { name: 'Made by another site' }, type: 'application/json' },
    ];
    for (const origin of [FOREIGN, 'null', 'http://localhost:5173']) {
      for (const a of attempts) {
        const res = await app.inject({
          method: 'POST',
          url: a.url,
          headers: { ...as(cast.admin), origin, ...(a.type && { 'content-type': a.type }) },
          ...(a.payload && { payload: a.payload }),
        });
        expect(res.statusCode, `${origin} ${a.url}: ${res.body}`).toBe(403);
      }
    }
    const del = await app.inject({
      method: 'DELETE',
      url: `/api/groups/${f.groupId}/series/${f.seriesId}`,
      headers: { ...as(cast.admin), origin: FOREIGN },
    });
    expect(del.statusCode).toBe(403);
    expect(await everything()).toBe(before);
    expect((await sessionRow())?.endedAt).toBeNull();
  });

  it('a same-origin bodyless post works, and so does JSON from a client with no Origin', async () => {
    const admit = await app.inject({
      method: 'POST',
      url: `/api/sessions/${cast.session.id}/entries/${f.waitingEntryId}/admit`,
      headers: { ...as(cast.facilitator), origin: 'http://localhost:3000' },
    });
    expect(admit.statusCode, admit.body).toBe(200);
    expect((await entryRow(f.waitingEntryId))?.status).toBe('admitted');
    const json = await app.inject({
      method: 'POST',
      url: '/api/providers',
      headers: { ...as(cast.admin), origin: undefined, 'content-type': 'application/json; charset=utf-8' },
      payload: JSON.stringify({ name: 'Made by a script' }),
    });
    expect(json.statusCode, json.body).toBe(201);
  });

  it('reads are not affected: a GET with a foreign Origin is answered as usual', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/directory', headers: { origin: FOREIGN } });
    expect(res.statusCode).toBe(200);
  });

  it('the live socket refuses a foreign Origin, and takes our own or none', async () => {
    await app.ready();
    const url = `/api/sessions/${cast.session.id}/live`;
    for (const origin of [FOREIGN, 'null']) {
      await expect(app.injectWS(url, { headers: { origin } })).rejects.toThrow(/403/);
    }
    for (const headers of [{ origin: 'http://localhost:3000' }, {}]) {
      const ws = await app.injectWS(url, { headers });
      const first = new Promise<string>((resolve) => ws.once('message', (raw) => resolve(String(raw))));
      ws.send(JSON.stringify({ type: 'ping' }));
      ws.send(JSON.stringify({ type: 'hello', entryId: randomUUID(), key: 'nope' }));
      expect(JSON.parse(await first).type).toBe('error');
      ws.terminate();
    }
  });
});
