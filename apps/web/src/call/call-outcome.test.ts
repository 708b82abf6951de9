import { describe, expect, it } from 'vitest';
import { callScreen, droppedWords, refusalLink } from './call-outcome.ts';

const admitted = { status: 'admitted' as const, message: null };

describe('callScreen', () => {
  it('stays in the call while admitted, and before the live connection has said anything', () => {
    expect(callScreen({ leftHere: false, ended: false, entry: admitted })).toEqual({ kind: 'call' });
    expect(callScreen({ leftHere: false, ended: false, entry: null })).toEqual({ kind: 'call' });
  });

  it('shows the facilitator’s words when someone is removed out of the session', () => {
    expect(
      callScreen({ leftHere: false, ended: false, entry: { status: 'removed', message: 'Take care of yourself.' } }),
    ).toEqual({ kind: 'removed', message: 'Take care of yourself.' });
  });

  it('sends someone moved back to the waiting room to the join page', () => {
    expect(callScreen({ leftHere: false, ended: false, entry: { status: 'waiting', message: null } })).toEqual({
      kind: 'to-waiting-room',
    });
  });

  it('says the session ended, whatever the entry says', () => {
    expect(callScreen({ leftHere: false, ended: true, entry: admitted })).toEqual({ kind: 'ended' });
    expect(callScreen({ leftHere: false, ended: true, entry: { status: 'removed', message: null } })).toEqual({
      kind: 'ended',
    });
  });

  it('says "you left" once they left, here or in another tab, even if the session ends after', () => {
    expect(callScreen({ leftHere: true, ended: true, entry: admitted })).toEqual({ kind: 'left', message: null });
    expect(callScreen({ leftHere: false, ended: false, entry: { status: 'left', message: null } })).toEqual({
      kind: 'left',
      message: null,
    });
  });

  it('says why, when the server took their place because their standing changed', () => {
    const message = 'You are no longer on this group’s roster, so you have left this session.';
    expect(callScreen({ leftHere: false, ended: false, entry: { status: 'left', message } })).toEqual({
      kind: 'left',
      message,
    });
  });
});

describe('refusalLink', () => {
  const id = '6b1f3f0e-0000-4000-8000-000000000001';

  it('sends someone not yet admitted to the waiting room', () => {
    expect(refusalLink('not_admitted', id)).toEqual({ to: `/sessions/${id}`, label: 'Go to the waiting room' });
  });

  it('sends the removed and the denied back to the session page, where their status is explained', () => {
    expect(refusalLink('removed', id).to).toBe(`/sessions/${id}`);
    expect(refusalLink('denied', id).to).toBe(`/sessions/${id}`);
  });

  it('sends people away from an ended session to what else is on', () => {
    expect(refusalLink('session_ended', id).to).toBe('/');
  });
});

describe('droppedWords', () => {
  it('offers to rejoin after a lost connection', () => {
    expect(droppedWords('SIGNAL_CLOSE')).toEqual({ text: 'The connection to the call was lost.', rejoin: true });
    expect(droppedWords(undefined).rejoin).toBe(true);
  });

  it('does not offer to rejoin when a facilitator removed them, the room closed, or they joined elsewhere', () => {
    expect(droppedWords('PARTICIPANT_REMOVED').rejoin).toBe(false);
    expect(droppedWords('ROOM_DELETED').rejoin).toBe(false);
    expect(droppedWords('DUPLICATE_IDENTITY').text).toMatch(/another tab or device/);
  });
});
