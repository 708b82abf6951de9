import type { Entry } from '@peer-support/contracts/live';

/**
 * What the call page shows, from what the live connection says about this person's place.
 * Leaving here wins (they chose it), then the session ending, then what a facilitator did.
 * Being moved back to `waiting` means "removed to the waiting room": the join page, which
 * resumes the waiting room, is where they belong.
 */
export type CallScreen =
  | { kind: 'call' }
  | { kind: 'left'; message: string | null }
  | { kind: 'ended' }
  | { kind: 'to-waiting-room' }
  | { kind: 'removed'; message: string | null }
  | { kind: 'denied'; message: string | null };

export function callScreen(state: {
  leftHere: boolean;
  ended: boolean;
  entry: Pick<Entry, 'status' | 'message'> | null;
}): CallScreen {
  if (state.leftHere) return { kind: 'left', message: null };
  if (state.ended) return { kind: 'ended' };
  switch (state.entry?.status) {
    case 'removed':
      return { kind: 'removed', message: state.entry.message };
    case 'denied':
      return { kind: 'denied', message: state.entry.message };
    case 'waiting':
      return { kind: 'to-waiting-room' };
    case 'left':
      // Left from another tab or device (this tab is out of the call as well), or taken out
      // because their standing changed, with the server's sentence saying why.
      return { kind: 'left', message: state.entry.message };
    default:
      return { kind: 'call' };
  }
}

/** Where a refused token request sends the person, and what the link says. */
export function refusalLink(code: string | undefined, sessionId: string): { to: string; label: string } {
  const joinPage = `/sessions/${sessionId}`;
  switch (code) {
    case 'not_admitted':
      return { to: joinPage, label: 'Go to the waiting room' };
    case 'session_ended':
      return { to: '/', label: 'See what’s on' };
    default:
      return { to: joinPage, label: 'Back to the session page' };
  }
}

/**
 * What to say when LiveKit closed the call on us, by the name of its `DisconnectReason`.
 * `rejoin` says whether asking for a new token could help (a lost connection, say), not when a
 * facilitator removed them or the same person joined from elsewhere.
 */
export function droppedWords(reason: string | undefined): { text: string; rejoin: boolean } {
  switch (reason) {
    case 'DUPLICATE_IDENTITY':
      return { text: 'You joined this call from another tab or device, so this one has stepped out.', rejoin: false };
    case 'PARTICIPANT_REMOVED':
      return { text: 'You are no longer in the call.', rejoin: false };
    case 'ROOM_DELETED':
      return { text: 'The call has closed.', rejoin: false };
    default:
      return { text: 'The connection to the call was lost.', rejoin: true };
  }
}
