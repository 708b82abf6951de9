import type { Entry } from '@peer-support/contracts/live';
import { describe, expect, it } from 'vitest';
import type { StoredEntry } from '../live/entry-store.ts';
import { type JoinEvent, type JoinState, joinStep, REFRESHES_JOIN_INFO, startJoin } from './join-steps.ts';

const stored: StoredEntry = {
  entryId: 'e1',
  key: 'k1',
  displayName: 'Morag',
  devices: { camera: true, mic: true, audioOnly: false },
  until: '2026-12-01T20:00:00Z',
};
const auth = { entryId: 'e1', key: 'k1' };
const devices = { camera: false, mic: true, audioOnly: true };

function entry(over: Partial<Entry> = {}): Entry {
  return {
    id: 'e1',
    sessionId: 's1',
    displayName: 'Morag',
    kind: 'member',
    status: 'waiting',
    message: null,
    waitingSince: '2026-12-01T18:55:00Z',
    position: 1,
    handRaisedAt: null,
    identity: 'entry-e1',
    room: null,
    ...over,
  };
}

const run = (state: JoinState, ...events: JoinEvent[]) => events.reduce(joinStep, state);

describe('joinStep: the way in', () => {
  it('starts on the name step with the name the person is known by, not moving focus', () => {
    const start = startJoin(null, 'Fran');
    expect(start).toMatchObject({ step: 'name', moved: false, name: 'Fran', resume: null, acceptedVersion: null });
    expect(startJoin(null, null).name).toBe('');
  });

  it('goes name → rules → devices → waiting, moving focus once someone moves', () => {
    const s = run(
      startJoin(null, null),
      { type: 'named', name: 'Morag' },
      { type: 'rules_accepted', version: 3 },
      { type: 'joining', devices },
    );
    expect(s).toMatchObject({ step: 'devices', moved: true, name: 'Morag', acceptedVersion: 3, busy: true, devices });
    const joined = joinStep(s, { type: 'joined', auth, entry: entry() });
    expect(joined).toMatchObject({ step: 'waiting', busy: false, waiting: { auth, entry: entry() } });
  });

  it('sends someone without accepted rules back to the rules, not into the waiting room', () => {
    const s = run(startJoin(null, null), { type: 'named', name: 'Morag' }, { type: 'joining', devices });
    expect(s).toMatchObject({ step: 'rules', busy: false, devices: null });
  });

  it('goes back a step without forgetting what was chosen', () => {
    const s = run(
      startJoin(null, null),
      { type: 'named', name: 'Morag' },
      { type: 'rules_accepted', version: 3 },
      { type: 'back', to: 'rules' },
    );
    expect(s).toMatchObject({ step: 'rules', name: 'Morag', acceptedVersion: 3 });
  });

  it('clears a name error once a new name is given', () => {
    const failed = run(
      startJoin(null, null),
      { type: 'named', name: 'Sam' },
      { type: 'rules_accepted', version: 1 },
      { type: 'joining', devices },
      { type: 'join_failed', code: 'invalid_input', nameProblem: 'That name is taken here.', message: 'x' },
    );
    expect(failed).toMatchObject({ step: 'name', nameError: 'That name is taken here.', busy: false });
    expect(joinStep(failed, { type: 'named', name: 'Sam B' })).toMatchObject({ step: 'rules', nameError: undefined });
  });
});

describe('joinStep: refusals on joining', () => {
  const ready = run(
    startJoin(null, null),
    { type: 'named', name: 'Morag' },
    { type: 'rules_accepted', version: 3 },
    { type: 'joining', devices },
  );

  it('asks for the new ground rules when they changed on the way', () => {
    const s = joinStep(ready, { type: 'join_failed', code: 'rules_changed', nameProblem: undefined, message: 'x' });
    expect(s).toMatchObject({ step: 'rules', acceptedVersion: null, rulesChanged: true, busy: false });
    expect(joinStep(s, { type: 'rules_accepted', version: 4 })).toMatchObject({ rulesChanged: false, step: 'devices' });
  });

  it('keeps them on the device step with the reason for anything else', () => {
    const s = joinStep(ready, {
      type: 'join_failed',
      code: 'session_ended',
      nameProblem: undefined,
      message: 'This session has ended.',
    });
    expect(s).toMatchObject({ step: 'devices', joinError: 'This session has ended.', busy: false });
    expect(joinStep(s, { type: 'joining', devices }).joinError).toBeUndefined();
  });

  it('fetches join-info again only after refusals that make it stale', () => {
    expect([...REFRESHES_JOIN_INFO].sort()).toEqual([
      'not_online',
      'rules_changed',
      'session_cancelled',
      'session_ended',
    ]);
    expect(REFRESHES_JOIN_INFO.has('display_name_taken')).toBe(false);
  });
});

describe('joinStep: a saved place', () => {
  const resuming = startJoin(stored, null);

  it('holds every step until the saved place is checked', () => {
    expect(resuming.resume).toEqual({ stored });
  });

  it('returns to the waiting room under the name the server has', () => {
    const s = joinStep(resuming, { type: 'resumed', auth, entry: entry({ displayName: 'Morag B' }) });
    expect(s).toMatchObject({ step: 'waiting', resume: null, name: 'Morag B', moved: false });
  });

  it('starts again at the name step when the person had left, or the server does not know them', () => {
    expect(joinStep(resuming, { type: 'resumed', auth, entry: entry({ status: 'left' }) })).toMatchObject({
      step: 'name',
      resume: null,
      waiting: null,
    });
    expect(joinStep(resuming, { type: 'resume_unknown' })).toMatchObject({ step: 'name', resume: null });
  });

  it('says the check failed, and can try again or start again', () => {
    const failed = joinStep(resuming, { type: 'resume_failed', message: 'Network error' });
    expect(failed.resume).toEqual({ stored, failed: 'Network error' });
    expect(joinStep(failed, { type: 'resume_retry' }).resume).toEqual({ stored });
    expect(joinStep(failed, { type: 'start_again' }).resume).toBeNull();
  });

  it('ignores a late answer once there is no saved place to check', () => {
    const none = startJoin(null, null);
    expect(joinStep(none, { type: 'resume_failed', message: 'late' })).toBe(none);
  });
});

describe('joinStep: leaving', () => {
  it('shows "you left" after leaving the waiting room, and can join again from the name', () => {
    const waiting = joinStep(startJoin(stored, null), { type: 'resumed', auth, entry: entry() });
    const left = joinStep(waiting, { type: 'left_waiting' });
    expect(left).toMatchObject({ step: 'left', waiting: null, moved: true });
    expect(joinStep(left, { type: 'back', to: 'name' }).step).toBe('name');
  });
});
