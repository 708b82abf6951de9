import { groupFacilitators, memberships, sessionEntries, sessions } from '@peer-support/db/schema';
import { identityOf } from '@peer-support/domain/waiting-room';
import { beforeAll, describe, expect, it } from 'vitest';
import { addStaff, signUp, signUpVerified } from './accounts.ts';
import { buildTestApp } from './helper.ts';

/**
 * Every route, tried as every kind of person. Someone with no standing in a provider gets
 * 404, exactly as for a thing that does not exist; 403 only goes to people who can already
 * see the thing. Anonymous callers of signed-in routes get 401.
 */
type Who = 'anonymous' | 'participant' | 'otherFacilitator' | 'facilitator' | 'otherAdmin' | 'admin';
const WHO: Who[] = ['anonymous', 'participant', 'otherFacilitator', 'facilitator', 'otherAdmin', 'admin'];

interface Fixture {
  cookies: Record<Who, string | undefined>;
  providerId: string;
  listedGroupId: string;
  hiddenGroupId: string;
  adminId: string;
  otherFacilitatorId: string;
  participantMembershipId: string;
  spareMembershipId: string;
  seriesId: string;
  spareSeriesId: string;
  listedSessionId: string;
  hiddenSessionId: string;
  /** Entries in the listed session for the facilitator controls, in the state each control needs. */
  entries: { toAdmit: string; toDeny: string; toRemove: string; toMute: string };
  inPersonSessionId: string;
  /** A session that is ended and reopened by its rows, away from the others. */
  endableSessionId: string;
  /** A link invitation (to a group of its own): its token; and an invitation to the listed group, to revoke. */
  inviteToken: string;
  revokeInviteId: string;
}

let app: Awaited<ReturnType<typeof buildTestApp>>;
let f: Fixture;
let n = 0;

beforeAll(async () => {
  app = await buildTestApp();
  const admin = await signUp(app, 'Admin');
  const otherAdmin = await signUp(app, 'Other Admin');
  const facilitator = await signUpVerified(app, 'Facilitator');
  const otherFacilitator = await signUpVerified(app, 'Other Facilitator');
  const participant = await signUp(app, 'Participant');
  const spare = await signUp(app, 'Spare');
  const post = async (cookie: string, url: string, payload: object) => {
    const res = await app.inject({ method: 'POST', url, headers: { cookie }, payload });
    if (res.statusCode >= 300) throw new Error(`${url}: ${res.body}`);
    return res.json();
  };
  const provider = await post(admin.cookie, '/api/providers', { name: 'Provider A' });
  await post(otherAdmin.cookie, '/api/providers', { name: 'Provider B' });
  for (const person of [facilitator, otherFacilitator]) await addStaff(app, admin, provider.id, person);
  const listed = await post(admin.cookie, `/api/providers/${provider.id}/groups`, {
    name: 'Listed group',
    facilitatorIds: [facilitator.id],
  });
  const hidden = await post(admin.cookie, `/api/providers/${provider.id}/groups`, {
    name: 'Hidden group',
    visibility: 'invite_only',
    facilitatorIds: [facilitator.id],
  });
  const elsewhere = await post(admin.cookie, `/api/providers/${provider.id}/groups`, { name: 'Elsewhere' });
  await app.database.db.insert(groupFacilitators).values({ groupId: elsewhere.id, userId: otherFacilitator.id });
  const rows = await app.database.db
    .insert(memberships)
    .values([
      { groupId: listed.id, userId: participant.id, displayName: 'P', status: 'active' },
      { groupId: hidden.id, userId: participant.id, displayName: 'P', status: 'active' },
      { groupId: listed.id, userId: spare.id, displayName: 'S', status: 'requested' },
    ])
    .returning({ id: memberships.id });
  const weekly = {
    rule: { freq: 'weekly', interval: 1, byDay: ['TH'] },
    startDate: '2026-01-01',
    startTime: '18:30',
    durationMinutes: 90,
    mode: 'online',
  };
  const series = await post(admin.cookie, `/api/groups/${listed.id}/series`, weekly);
  // Accepting joins the group, so the invitation is to a group no other row reads standing from.
  const invite = await post(admin.cookie, `/api/groups/${elsewhere.id}/invites`, { kind: 'link' });
  const toRevoke = await post(admin.cookie, `/api/groups/${listed.id}/invites`, { kind: 'link' });
  // Not met yet, so it can be deleted (one that has met is ended instead, decision 0016).
  const spareSeries = await post(admin.cookie, `/api/groups/${listed.id}/series`, {
    ...weekly,
    startDate: new Date(Date.now() + 30 * 24 * 3600_000).toISOString().slice(0, 10),
  });
  const soon = new Date(Date.now() + 10 * 60_000);
  const live = await app.database.db
    .insert(sessions)
    .values(
      [listed.id, hidden.id].map((groupId, i) => ({
        groupId,
        title: `Live ${i}`,
        startsAt: soon,
        endsAt: new Date(soon.getTime() + 3600_000),
        mode: 'online' as const,
        roomName: `matrix-${i}-${Date.now()}`,
      })),
    )
    .returning({ id: sessions.id });
  const [inPerson, endable] = await app.database.db
    .insert(sessions)
    .values(
      (['in_person', 'online'] as const).map((mode, i) => ({
        groupId: listed.id,
        title: `Extra ${i}`,
        startsAt: soon,
        endsAt: new Date(soon.getTime() + 3600_000),
        mode,
        roomName: `matrix-extra-${i}-${Date.now()}`,
      })),
    )
    .returning({ id: sessions.id });
  const guest = (name: string, status: 'waiting' | 'admitted') => ({
    sessionId: live[0]?.id ?? '',
    displayName: name,
    kind: 'guest' as const,
    status,
    keyHash: 'not-a-key',
    waitingSince: new Date(),
  });
  const placed = await app.database.db
    .insert(sessionEntries)
    .values([
      guest('To admit', 'waiting'),
      guest('To deny', 'waiting'),
      guest('To remove', 'admitted'),
      guest('To mute', 'admitted'),
    ])
    .returning({ id: sessionEntries.id });
  f = {
    cookies: {
      anonymous: undefined,
      participant: participant.cookie,
      otherFacilitator: otherFacilitator.cookie,
      facilitator: facilitator.cookie,
      otherAdmin: otherAdmin.cookie,
      admin: admin.cookie,
    },
    providerId: provider.id,
    listedGroupId: listed.id,
    hiddenGroupId: hidden.id,
    adminId: admin.id,
    otherFacilitatorId: otherFacilitator.id,
    participantMembershipId: rows[0]?.id ?? '',
    spareMembershipId: rows[2]?.id ?? '',
    seriesId: series.id,
    spareSeriesId: spareSeries.id,
    listedSessionId: live[0]?.id ?? '',
    hiddenSessionId: live[1]?.id ?? '',
    entries: {
      toAdmit: placed[0]?.id ?? '',
      toDeny: placed[1]?.id ?? '',
      toRemove: placed[2]?.id ?? '',
      toMute: placed[3]?.id ?? '',
    },
    inPersonSessionId: inPerson?.id ?? '',
    endableSessionId: endable?.id ?? '',
    inviteToken: String(invite.url).split('/invite/')[1] ?? '',
    revokeInviteId: toRevoke.id,
  };
});

interface Route {
  name: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: (f: Fixture) => string;
  body?: (f: Fixture) => object;
  headers?: Record<string, string>;
  /** What a 404 says: a missing thing's code (an entry without its key reads as a bad entry). */
  notFoundCode?: string;
  expect: Record<Who, number>;
}

/** The key of a Thursday session of the weekly series, a few weeks ahead. */
function futureThursday(): string {
  const d = new Date(Date.now() + 28 * 24 * 3600 * 1000);
  d.setUTCDate(d.getUTCDate() + ((4 - d.getUTCDay() + 7) % 7));
  return `${d.toISOString().slice(0, 10)}T18:30[Europe/London]`;
}

const signedIn = (rest: Omit<Record<Who, number>, 'anonymous'>) => ({ anonymous: 401, ...rest });

/** Everyone, cookie or none, gets the same answer. */
const allGet = (status: number): Record<Who, number> => ({
  anonymous: status,
  participant: status,
  otherFacilitator: status,
  facilitator: status,
  otherAdmin: status,
  admin: status,
});

const ROUTES: Route[] = [
  // ----- live sessions: hosting is for the group's facilitators and the provider's admins.
  // First in the list, while both groups' ground rules are still at version 1.
  {
    name: 'join info, invite-only group',
    method: 'GET',
    url: (f) => `/api/sessions/${f.hiddenSessionId}/join-info`,
    expect: { anonymous: 404, participant: 200, otherFacilitator: 404, facilitator: 200, otherAdmin: 404, admin: 200 },
  },
  {
    name: 'come into a listed group’s session (no drop-ins)',
    method: 'POST',
    url: (f) => `/api/sessions/${f.listedSessionId}/entries`,
    body: () => ({ displayName: 'Matrix', groundRulesVersion: 1 }),
    expect: { anonymous: 403, participant: 201, otherFacilitator: 403, facilitator: 201, otherAdmin: 403, admin: 201 },
  },
  {
    name: 'come into an invite-only group’s session',
    method: 'POST',
    url: (f) => `/api/sessions/${f.hiddenSessionId}/entries`,
    body: () => ({ displayName: 'Matrix', groundRulesVersion: 1 }),
    expect: { anonymous: 404, participant: 201, otherFacilitator: 404, facilitator: 201, otherAdmin: 404, admin: 201 },
  },
  {
    name: 'attendance, listed group',
    method: 'GET',
    url: (f) => `/api/sessions/${f.listedSessionId}/attendance`,
    expect: signedIn({ participant: 403, otherFacilitator: 403, facilitator: 200, otherAdmin: 404, admin: 200 }),
  },
  {
    name: 'attendance, invite-only group',
    method: 'GET',
    url: (f) => `/api/sessions/${f.hiddenSessionId}/attendance`,
    expect: signedIn({ participant: 403, otherFacilitator: 404, facilitator: 200, otherAdmin: 404, admin: 200 }),
  },
  {
    name: 'lock the room',
    method: 'PUT',
    url: (f) => `/api/sessions/${f.listedSessionId}/lock`,
    body: () => ({ locked: false }),
    expect: signedIn({ participant: 403, otherFacilitator: 403, facilitator: 200, otherAdmin: 404, admin: 200 }),
  },
  {
    name: 'admit everyone waiting, invite-only group',
    method: 'POST',
    url: (f) => `/api/sessions/${f.hiddenSessionId}/admit-all`,
    expect: signedIn({ participant: 403, otherFacilitator: 404, facilitator: 200, otherAdmin: 404, admin: 200 }),
  },
  {
    name: 'message everyone waiting',
    method: 'POST',
    url: (f) => `/api/sessions/${f.listedSessionId}/notice`,
    body: () => ({ text: 'Starting soon' }),
    expect: signedIn({ participant: 403, otherFacilitator: 403, facilitator: 200, otherAdmin: 404, admin: 200 }),
  },
  // Each facilitator control: the group's facilitator acts first; the admin then finds the
  // thing already done (409), which shows they got past authorisation too.
  {
    name: 'admit someone waiting',
    method: 'POST',
    url: (f) => `/api/sessions/${f.listedSessionId}/entries/${f.entries.toAdmit}/admit`,
    expect: signedIn({ participant: 403, otherFacilitator: 403, facilitator: 200, otherAdmin: 404, admin: 409 }),
  },
  {
    name: 'deny someone waiting',
    method: 'POST',
    url: (f) => `/api/sessions/${f.listedSessionId}/entries/${f.entries.toDeny}/deny`,
    body: () => ({ message: 'Not tonight' }),
    expect: signedIn({ participant: 403, otherFacilitator: 403, facilitator: 200, otherAdmin: 404, admin: 409 }),
  },
  {
    name: 'remove someone from the call',
    method: 'POST',
    url: (f) => `/api/sessions/${f.listedSessionId}/entries/${f.entries.toRemove}/remove`,
    body: () => ({ to: 'waiting_room' }),
    expect: signedIn({ participant: 403, otherFacilitator: 403, facilitator: 200, otherAdmin: 404, admin: 409 }),
  },
  {
    // Nobody is connected to LiveKit here, so those allowed hear "not connected right now".
    name: 'mute someone',
    method: 'POST',
    url: (f) => `/api/sessions/${f.listedSessionId}/entries/${f.entries.toMute}/mute`,
    body: () => ({ track: 'audio' }),
    expect: signedIn({ participant: 403, otherFacilitator: 403, facilitator: 409, otherAdmin: 404, admin: 409 }),
  },
  {
    name: 'pin someone for everyone',
    method: 'PUT',
    url: (f) => `/api/sessions/${f.listedSessionId}/pin`,
    body: (f) => ({ identity: identityOf(f.entries.toMute) }),
    expect: signedIn({ participant: 403, otherFacilitator: 403, facilitator: 200, otherAdmin: 404, admin: 200 }),
  },
  {
    name: 'show the ground rules to everyone',
    method: 'POST',
    url: (f) => `/api/sessions/${f.listedSessionId}/show-rules`,
    expect: signedIn({ participant: 403, otherFacilitator: 403, facilitator: 200, otherAdmin: 404, admin: 200 }),
  },
  {
    name: 'tick someone off at an in-person session',
    method: 'PUT',
    url: (f) => `/api/sessions/${f.inPersonSessionId}/checkins/${f.participantMembershipId}`,
    body: () => ({ present: true }),
    expect: signedIn({ participant: 403, otherFacilitator: 403, facilitator: 204, otherAdmin: 404, admin: 204 }),
  },
  {
    name: 'end the session for all',
    method: 'POST',
    url: (f) => `/api/sessions/${f.endableSessionId}/end`,
    expect: signedIn({ participant: 403, otherFacilitator: 403, facilitator: 200, otherAdmin: 404, admin: 200 }),
  },
  {
    name: 'reopen a session ended by mistake',
    method: 'POST',
    url: (f) => `/api/sessions/${f.endableSessionId}/reopen`,
    expect: signedIn({ participant: 403, otherFacilitator: 403, facilitator: 200, otherAdmin: 404, admin: 409 }),
  },
  {
    name: 'list staff',
    method: 'GET',
    url: (f) => `/api/providers/${f.providerId}/staff`,
    expect: signedIn({ participant: 404, otherFacilitator: 200, facilitator: 200, otherAdmin: 404, admin: 200 }),
  },
  {
    name: 'invite someone to the staff',
    method: 'POST',
    url: (f) => `/api/providers/${f.providerId}/staff-invitations`,
    body: () => ({ email: `invitee${++n}@example.org`, role: 'facilitator' }),
    expect: signedIn({ participant: 404, otherFacilitator: 403, facilitator: 403, otherAdmin: 404, admin: 201 }),
  },
  {
    name: 'list pending staff invitations',
    method: 'GET',
    url: (f) => `/api/providers/${f.providerId}/staff-invitations`,
    expect: signedIn({ participant: 404, otherFacilitator: 403, facilitator: 403, otherAdmin: 404, admin: 200 }),
  },
  {
    // Past authorisation, an invitation that is not pending is not found.
    name: 'withdraw a staff invitation',
    method: 'DELETE',
    url: (f) => `/api/providers/${f.providerId}/staff-invitations/00000000-0000-4000-8000-000000000000`,
    expect: signedIn({ participant: 404, otherFacilitator: 403, facilitator: 403, otherAdmin: 404, admin: 404 }),
  },
  {
    // Setting the role someone already has changes nothing, and shows the caller got through.
    name: "change a staff member's role",
    method: 'PATCH',
    url: (f) => `/api/providers/${f.providerId}/staff/${f.otherFacilitatorId}`,
    body: () => ({ role: 'facilitator' }),
    expect: signedIn({ participant: 404, otherFacilitator: 403, facilitator: 403, otherAdmin: 404, admin: 200 }),
  },
  {
    // The only admin cannot be removed (409): the caller got past authorisation, nothing changed.
    name: 'take someone off the staff',
    method: 'DELETE',
    url: (f) => `/api/providers/${f.providerId}/staff/${f.adminId}`,
    expect: signedIn({ participant: 404, otherFacilitator: 403, facilitator: 403, otherAdmin: 404, admin: 409 }),
  },
  {
    // The signed link is the key; a wrong one reads the same whoever asks.
    name: 'see a staff invitation with a wrong link',
    method: 'GET',
    url: () => '/api/staff-invitations/not-a-real-link',
    expect: { anonymous: 404, participant: 404, otherFacilitator: 404, facilitator: 404, otherAdmin: 404, admin: 404 },
  },
  {
    name: 'accept a staff invitation with a wrong link',
    method: 'POST',
    url: () => '/api/staff-invitations/not-a-real-link/accept',
    expect: signedIn({ participant: 404, otherFacilitator: 404, facilitator: 404, otherAdmin: 404, admin: 404 }),
  },
  {
    name: 'create group',
    method: 'POST',
    url: (f) => `/api/providers/${f.providerId}/groups`,
    body: () => ({ name: `Matrix group ${++n}` }),
    expect: signedIn({ participant: 404, otherFacilitator: 403, facilitator: 403, otherAdmin: 404, admin: 201 }),
  },
  {
    name: 'list groups',
    method: 'GET',
    url: (f) => `/api/providers/${f.providerId}/groups`,
    expect: signedIn({ participant: 404, otherFacilitator: 200, facilitator: 200, otherAdmin: 404, admin: 200 }),
  },
  {
    name: 'view listed group (staff view)',
    method: 'GET',
    url: (f) => `/api/groups/${f.listedGroupId}`,
    expect: signedIn({ participant: 403, otherFacilitator: 403, facilitator: 200, otherAdmin: 404, admin: 200 }),
  },
  {
    name: 'view invite-only group (staff view)',
    method: 'GET',
    url: (f) => `/api/groups/${f.hiddenGroupId}`,
    expect: signedIn({ participant: 403, otherFacilitator: 404, facilitator: 200, otherAdmin: 404, admin: 200 }),
  },
  {
    name: 'edit group',
    method: 'PATCH',
    url: (f) => `/api/groups/${f.listedGroupId}`,
    body: () => ({ description: `edited ${++n}` }),
    expect: signedIn({ participant: 403, otherFacilitator: 403, facilitator: 403, otherAdmin: 404, admin: 200 }),
  },
  {
    name: 'view ground-rules history',
    method: 'GET',
    url: (f) => `/api/groups/${f.listedGroupId}/ground-rules`,
    expect: signedIn({ participant: 403, otherFacilitator: 403, facilitator: 200, otherAdmin: 404, admin: 200 }),
  },
  {
    name: 'save ground rules',
    method: 'PUT',
    url: (f) => `/api/groups/${f.hiddenGroupId}/ground-rules`,
    body: () => ({ rules: [`Rule ${++n}`] }),
    expect: signedIn({ participant: 403, otherFacilitator: 404, facilitator: 201, otherAdmin: 404, admin: 201 }),
  },
  {
    name: 'view roster',
    method: 'GET',
    url: (f) => `/api/groups/${f.listedGroupId}/roster`,
    expect: signedIn({ participant: 403, otherFacilitator: 403, facilitator: 200, otherAdmin: 404, admin: 200 }),
  },
  {
    name: 'view roster of an invite-only group',
    method: 'GET',
    url: (f) => `/api/groups/${f.hiddenGroupId}/roster`,
    expect: signedIn({ participant: 403, otherFacilitator: 404, facilitator: 200, otherAdmin: 404, admin: 200 }),
  },
  {
    // Approving an active member is refused by the roster rules (409), which shows the
    // caller got past authorisation without changing anything.
    name: 'roster action',
    method: 'POST',
    url: (f) => `/api/groups/${f.listedGroupId}/roster/${f.participantMembershipId}/actions`,
    body: () => ({ action: 'approve' }),
    expect: signedIn({ participant: 403, otherFacilitator: 403, facilitator: 409, otherAdmin: 404, admin: 409 }),
  },
  {
    name: 'export roster CSV',
    method: 'GET',
    url: (f) => `/api/groups/${f.listedGroupId}/roster.csv`,
    expect: signedIn({ participant: 403, otherFacilitator: 403, facilitator: 403, otherAdmin: 404, admin: 200 }),
  },
  {
    name: 'create invitation',
    method: 'POST',
    url: (f) => `/api/groups/${f.hiddenGroupId}/invites`,
    body: () => ({ kind: 'link' }),
    expect: signedIn({ participant: 403, otherFacilitator: 404, facilitator: 201, otherAdmin: 404, admin: 201 }),
  },
  {
    name: 'list invitations',
    method: 'GET',
    url: (f) => `/api/groups/${f.listedGroupId}/invites`,
    expect: signedIn({ participant: 403, otherFacilitator: 403, facilitator: 200, otherAdmin: 404, admin: 200 }),
  },
  {
    name: 'ask to join an invite-only group',
    method: 'POST',
    url: (f) => `/api/groups/${f.hiddenGroupId}/join-requests`,
    body: () => ({ displayName: 'Me', acceptGroundRulesVersion: 1 }),
    expect: signedIn({ participant: 409, otherFacilitator: 404, facilitator: 409, otherAdmin: 404, admin: 409 }),
  },
  {
    name: 'erase a person',
    method: 'DELETE',
    url: (f) => `/api/groups/${f.listedGroupId}/roster/${f.spareMembershipId}/personal-data`,
    expect: signedIn({ participant: 403, otherFacilitator: 403, facilitator: 403, otherAdmin: 404, admin: 200 }),
  },
  {
    name: 'public page of a listed group',
    method: 'GET',
    url: (f) => `/api/public/groups/${f.listedGroupId}`,
    expect: { anonymous: 200, participant: 200, otherFacilitator: 200, facilitator: 200, otherAdmin: 200, admin: 200 },
  },
  {
    name: 'public page of an invite-only group',
    method: 'GET',
    url: (f) => `/api/public/groups/${f.hiddenGroupId}`,
    expect: { anonymous: 404, participant: 200, otherFacilitator: 404, facilitator: 200, otherAdmin: 404, admin: 200 },
  },
  {
    name: 'add a series',
    method: 'POST',
    url: (f) => `/api/groups/${f.listedGroupId}/series`,
    body: () => ({
      rule: { freq: 'monthly', interval: 1, byDay: 'TU', bySetPos: 1 },
      startDate: '2026-01-01',
      startTime: '19:00',
      durationMinutes: 90,
      mode: 'online',
    }),
    expect: signedIn({ participant: 403, otherFacilitator: 403, facilitator: 403, otherAdmin: 404, admin: 201 }),
  },
  {
    name: 'list series',
    method: 'GET',
    url: (f) => `/api/groups/${f.listedGroupId}/series`,
    expect: signedIn({ participant: 403, otherFacilitator: 403, facilitator: 200, otherAdmin: 404, admin: 200 }),
  },
  {
    name: 'list series of an invite-only group',
    method: 'GET',
    url: (f) => `/api/groups/${f.hiddenGroupId}/series`,
    expect: signedIn({ participant: 403, otherFacilitator: 404, facilitator: 200, otherAdmin: 404, admin: 200 }),
  },
  {
    name: 'edit a series',
    method: 'PATCH',
    url: (f) => `/api/groups/${f.listedGroupId}/series/${f.seriesId}`,
    body: () => ({ durationMinutes: 60 + (++n % 60) }),
    expect: signedIn({ participant: 403, otherFacilitator: 403, facilitator: 403, otherAdmin: 404, admin: 200 }),
  },
  {
    // A session that has already happened cannot change (409): the caller got past authorisation.
    name: 'cancel or move a session',
    method: 'POST',
    url: (f) => `/api/groups/${f.listedGroupId}/series/${f.seriesId}/exceptions`,
    body: () => ({ occurrenceKey: '2026-01-01T18:30[Europe/London]', cancelled: true, reason: 'Closed' }),
    expect: signedIn({ participant: 403, otherFacilitator: 403, facilitator: 403, otherAdmin: 404, admin: 409 }),
  },
  {
    name: 'delete a series',
    method: 'DELETE',
    url: (f) => `/api/groups/${f.listedGroupId}/series/${f.spareSeriesId}`,
    expect: signedIn({ participant: 403, otherFacilitator: 403, facilitator: 403, otherAdmin: 404, admin: 204 }),
  },
  {
    name: 'staff schedule',
    method: 'GET',
    url: (f) => `/api/groups/${f.listedGroupId}/schedule`,
    expect: signedIn({ participant: 403, otherFacilitator: 403, facilitator: 200, otherAdmin: 404, admin: 200 }),
  },
  {
    name: 'public schedule of a listed group',
    method: 'GET',
    url: (f) => `/api/public/groups/${f.listedGroupId}/schedule`,
    expect: { anonymous: 200, participant: 200, otherFacilitator: 200, facilitator: 200, otherAdmin: 200, admin: 200 },
  },
  {
    name: 'public schedule of an invite-only group',
    method: 'GET',
    url: (f) => `/api/public/groups/${f.hiddenGroupId}/schedule`,
    expect: { anonymous: 404, participant: 200, otherFacilitator: 404, facilitator: 200, otherAdmin: 404, admin: 200 },
  },
  {
    name: 'calendar feed of a listed group',
    method: 'GET',
    url: (f) => `/api/public/groups/${f.listedGroupId}/calendar.ics`,
    expect: { anonymous: 200, participant: 200, otherFacilitator: 200, facilitator: 200, otherAdmin: 200, admin: 200 },
  },
  {
    name: 'calendar feed of an invite-only group',
    method: 'GET',
    url: (f) => `/api/public/groups/${f.hiddenGroupId}/calendar.ics`,
    expect: { anonymous: 404, participant: 200, otherFacilitator: 404, facilitator: 200, otherAdmin: 404, admin: 200 },
  },
  {
    name: 'one session as .ics',
    method: 'GET',
    url: (f) =>
      `/api/public/groups/${f.listedGroupId}/sessions/${encodeURIComponent('2026-01-08T18:30[Europe/London]')}.ics`,
    expect: { anonymous: 200, participant: 200, otherFacilitator: 200, facilitator: 200, otherAdmin: 200, admin: 200 },
  },
  {
    name: 'directory',
    method: 'GET',
    url: (f) => `/api/directory?providerId=${f.providerId}`,
    expect: { anonymous: 200, participant: 200, otherFacilitator: 200, facilitator: 200, otherAdmin: 200, admin: 200 },
  },
  {
    // Only active members answer; staff run the session rather than take a place in it.
    name: 'RSVP to a session',
    method: 'PUT',
    url: (f) =>
      `/api/groups/${f.listedGroupId}/series/${f.seriesId}/occurrences/${encodeURIComponent(futureThursday())}/rsvp`,
    body: () => ({ status: 'going' }),
    expect: signedIn({ participant: 200, otherFacilitator: 403, facilitator: 403, otherAdmin: 404, admin: 403 }),
  },
  {
    name: 'RSVP counts of a session',
    method: 'GET',
    url: (f) =>
      `/api/groups/${f.listedGroupId}/series/${f.seriesId}/occurrences/${encodeURIComponent(futureThursday())}/rsvp`,
    expect: signedIn({ participant: 200, otherFacilitator: 403, facilitator: 200, otherAdmin: 404, admin: 200 }),
  },
  {
    name: 'RSVP in an invite-only group',
    method: 'GET',
    url: (f) =>
      `/api/groups/${f.hiddenGroupId}/series/${f.seriesId}/occurrences/${encodeURIComponent(futureThursday())}/rsvp`,
    // The series belongs to the listed group, so past authorisation it is not found (404).
    expect: signedIn({ participant: 404, otherFacilitator: 404, facilitator: 404, otherAdmin: 404, admin: 404 }),
  },
  {
    name: 'my sessions',
    method: 'GET',
    url: () => '/api/me/sessions',
    expect: signedIn({ participant: 200, otherFacilitator: 200, facilitator: 200, otherAdmin: 200, admin: 200 }),
  },
  {
    name: 'set the places of a session',
    method: 'PUT',
    url: (f) =>
      `/api/groups/${f.listedGroupId}/series/${f.seriesId}/occurrences/${encodeURIComponent(futureThursday())}/places`,
    body: () => ({ places: null }),
    expect: signedIn({ participant: 403, otherFacilitator: 403, facilitator: 403, otherAdmin: 404, admin: 200 }),
  },
  {
    name: 'my private calendar link',
    method: 'GET',
    url: () => '/api/me/calendar-feed',
    expect: signedIn({ participant: 200, otherFacilitator: 200, facilitator: 200, otherAdmin: 200, admin: 200 }),
  },
  {
    name: 'a new private calendar link',
    method: 'POST',
    url: () => '/api/me/calendar-feed/reset',
    expect: signedIn({ participant: 200, otherFacilitator: 200, facilitator: 200, otherAdmin: 200, admin: 200 }),
  },
  {
    // The link is the key; a wrong one reads exactly like a missing thing, whoever asks.
    name: 'a private calendar feed with a wrong link',
    method: 'GET',
    url: () => '/api/calendar/bm9ib2R5.1.bm90LWEtc2lnbmF0dXJl.ics',
    expect: { anonymous: 404, participant: 404, otherFacilitator: 404, facilitator: 404, otherAdmin: 404, admin: 404 },
  },
  // ----- reading without standing: what anyone may see, and the signed-in person's own things.
  {
    name: 'health',
    method: 'GET',
    url: () => '/api/health',
    expect: { anonymous: 200, participant: 200, otherFacilitator: 200, facilitator: 200, otherAdmin: 200, admin: 200 },
  },
  {
    name: 'upcoming sessions of listed groups',
    method: 'GET',
    url: () => '/api/sessions',
    expect: { anonymous: 200, participant: 200, otherFacilitator: 200, facilitator: 200, otherAdmin: 200, admin: 200 },
  },
  {
    name: 'who am I',
    method: 'GET',
    url: () => '/api/me',
    expect: signedIn({ participant: 200, otherFacilitator: 200, facilitator: 200, otherAdmin: 200, admin: 200 }),
  },
  {
    name: 'the sign-in session',
    method: 'GET',
    url: () => '/api/session',
    expect: { anonymous: 200, participant: 200, otherFacilitator: 200, facilitator: 200, otherAdmin: 200, admin: 200 },
  },
  {
    name: 'my groups',
    method: 'GET',
    url: () => '/api/me/groups',
    expect: signedIn({ participant: 200, otherFacilitator: 200, facilitator: 200, otherAdmin: 200, admin: 200 }),
  },
  {
    // Anyone signed in may start a provider of their own (decision 0014); it gives no standing elsewhere.
    name: 'start a provider',
    method: 'POST',
    url: () => '/api/providers',
    body: () => ({ name: `Matrix provider ${++n}` }),
    expect: signedIn({ participant: 201, otherFacilitator: 201, facilitator: 201, otherAdmin: 201, admin: 201 }),
  },
  // ----- things held by a secret, not a cookie: the entry key, the invitation link, LiveKit's signature.
  {
    name: 'an entry read without its key',
    method: 'GET',
    url: (f) => `/api/sessions/${f.listedSessionId}/entries/${f.entries.toMute}`,
    notFoundCode: 'bad_entry',
    expect: allGet(404),
  },
  {
    name: 'a call token without the entry key',
    method: 'POST',
    url: (f) => `/api/sessions/${f.listedSessionId}/entries/${f.entries.toMute}/token`,
    notFoundCode: 'bad_entry',
    expect: allGet(404),
  },
  {
    name: 'leave for someone else, without their key',
    method: 'POST',
    url: (f) => `/api/sessions/${f.listedSessionId}/entries/${f.entries.toMute}/leave`,
    notFoundCode: 'bad_entry',
    expect: allGet(404),
  },
  {
    name: 'raise someone else’s hand, without their key',
    method: 'PUT',
    url: (f) => `/api/sessions/${f.listedSessionId}/entries/${f.entries.toMute}/hand`,
    body: () => ({ raised: true }),
    notFoundCode: 'bad_entry',
    expect: allGet(404),
  },
  {
    name: 'a LiveKit webhook not signed by LiveKit',
    method: 'POST',
    url: () => '/api/livekit/webhook',
    body: () => ({ event: 'room_finished', room: { name: 'x' } }),
    headers: { 'content-type': 'application/webhook+json' },
    expect: allGet(401),
  },
  {
    name: 'read an invitation by its link',
    method: 'GET',
    url: (f) => `/api/invites/${f.inviteToken}`,
    expect: allGet(200),
  },
  {
    name: 'accept an invitation by its link',
    method: 'POST',
    url: (f) => `/api/invites/${f.inviteToken}/accept`,
    body: () => ({ displayName: 'Invited', acceptGroundRulesVersion: 1 }),
    expect: signedIn({ participant: 201, otherFacilitator: 201, facilitator: 201, otherAdmin: 201, admin: 201 }),
  },
  {
    name: 'revoke an invitation',
    method: 'DELETE',
    url: (f) => `/api/groups/${f.listedGroupId}/invites/${f.revokeInviteId}`,
    expect: signedIn({ participant: 403, otherFacilitator: 403, facilitator: 200, otherAdmin: 404, admin: 200 }),
  },
];

describe('role-by-route matrix', () => {
  for (const route of ROUTES) {
    it(`${route.method} ${route.name}`, async () => {
      const got: Partial<Record<Who, number>> = {};
      for (const who of WHO) {
        const cookie = f.cookies[who];
        const res = await app.inject({
          method: route.method,
          url: route.url(f),
          headers: { ...route.headers, ...(cookie && { cookie }) },
          ...(route.body && { payload: route.body(f) }),
        });
        got[who] = res.statusCode;
        // A refusal never carries the data, and a 404 reads exactly like a missing thing.
        if (res.statusCode === 404) expect(res.json().code).toBe(route.notFoundCode ?? 'not_found');
        if (res.statusCode >= 400)
          expect(Object.keys(res.json()).sort()).toEqual(['code', 'error', 'message', 'statusCode']);
      }
      expect(got).toEqual(route.expect);
    });
  }

  it('has a row for every route in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
    const pattern = (path: string) => new RegExp(`^${path.replaceAll(/\{[^}]+\}/g, '[^/]+')}$`);
    const tried = ROUTES.map((r) => `${r.method} ${r.url(f).split('?')[0]}`);
    const missing = documented.filter((op) => {
      const [method, path = ''] = op.split(' ');
      return !tried.some((t) => t.startsWith(`${method} `) && pattern(path).test(t.slice(t.indexOf(' ') + 1)));
    });
    expect(missing).toEqual([]);
  });

  it('answers 404 the same for a group that does not exist', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/groups/00000000-0000-4000-8000-000000000000',
      headers: { cookie: f.cookies.admin ?? '' },
    });
    expect(res.statusCode).toBe(404);
    const hidden = await app.inject({
      method: 'GET',
      url: `/api/groups/${f.listedGroupId}`,
      headers: { cookie: f.cookies.otherAdmin ?? '' },
    });
    expect(hidden.json()).toEqual(res.json());
  });
});
