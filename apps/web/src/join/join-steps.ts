import type { Entry, EntryStatus } from '@peer-support/contracts/live';
import type { DeviceChoice, StoredEntry } from '../live/entry-store.ts';

/**
 * The session link's steps as data: name → ground rules → device check → waiting room, with
 * coming back to a saved place on reload. The page renders the step and does the I/O (fetching
 * the entry, creating it, storage, navigation); what each answer does to the flow is here, as a
 * pure reducer with unit tests.
 */

export type Step = 'name' | 'rules' | 'devices' | 'waiting' | 'left';
export type EntryAuth = { entryId: string; key: string };

export interface JoinState {
  step: Step;
  /** Focus moves to a step's heading only after someone moved between steps, not on arrival. */
  moved: boolean;
  /** A place saved on this device, being checked with the server before anything is shown. */
  resume: { stored: StoredEntry; failed?: string } | null;
  name: string;
  nameError?: string;
  /** The ground rules version this person accepted; null until they do (or after it changed). */
  acceptedVersion: number | null;
  /** The rules changed while they were on the way: the rules step says so. */
  rulesChanged: boolean;
  devices: DeviceChoice | null;
  busy: boolean;
  joinError?: string;
  waiting: { auth: EntryAuth; entry: Entry } | null;
}

export type JoinEvent =
  /** The saved place, as the server has it now (not admitted: the page takes the admitted into the call). */
  | { type: 'resumed'; auth: EntryAuth; entry: Entry }
  /** The server does not know the saved place (any more): start again. */
  | { type: 'resume_unknown' }
  /** The check could not be made (offline, server down): say so, offer to try again. */
  | { type: 'resume_failed'; message: string }
  | { type: 'resume_retry' }
  | { type: 'start_again' }
  | { type: 'named'; name: string }
  | { type: 'rules_accepted'; version: number }
  | { type: 'back'; to: Step }
  | { type: 'joining'; devices: DeviceChoice }
  | { type: 'joined'; auth: EntryAuth; entry: Entry }
  | { type: 'join_failed'; code: string | undefined; nameProblem: string | undefined; message: string }
  | { type: 'left_waiting' };

export function startJoin(stored: StoredEntry | null, viewerName: string | null): JoinState {
  return {
    step: 'name',
    moved: false,
    resume: stored ? { stored } : null,
    name: viewerName ?? '',
    acceptedVersion: null,
    rulesChanged: false,
    devices: null,
    busy: false,
    waiting: null,
  };
}

const go = (state: JoinState, step: Step): JoinState => ({ ...state, step, moved: true });

export function joinStep(state: JoinState, event: JoinEvent): JoinState {
  switch (event.type) {
    case 'resumed':
      if (event.entry.status === 'left') return { ...state, resume: null };
      return {
        ...state,
        resume: null,
        name: event.entry.displayName,
        waiting: { auth: event.auth, entry: event.entry },
        step: 'waiting',
      };
    case 'resume_unknown':
    case 'start_again':
      return { ...state, resume: null };
    case 'resume_failed':
      return state.resume ? { ...state, resume: { stored: state.resume.stored, failed: event.message } } : state;
    case 'resume_retry':
      return state.resume ? { ...state, resume: { stored: state.resume.stored } } : state;
    case 'named':
      return go({ ...state, name: event.name, nameError: undefined }, 'rules');
    case 'rules_accepted':
      return go({ ...state, acceptedVersion: event.version, rulesChanged: false }, 'devices');
    case 'back':
      return go(state, event.to);
    case 'joining':
      // Devices are chosen on the last step; without accepted rules there is nothing to join with.
      if (state.acceptedVersion === null) return go(state, 'rules');
      return { ...state, devices: event.devices, busy: true, joinError: undefined };
    case 'joined':
      return go({ ...state, busy: false, waiting: { auth: event.auth, entry: event.entry } }, 'waiting');
    case 'join_failed':
      if (event.code === 'rules_changed') {
        return go({ ...state, busy: false, acceptedVersion: null, rulesChanged: true }, 'rules');
      }
      if (event.nameProblem) return go({ ...state, busy: false, nameError: event.nameProblem }, 'name');
      return { ...state, busy: false, joinError: event.message };
    case 'left_waiting':
      return go({ ...state, waiting: null }, 'left');
  }
}

/** Whether a saved place should be forgotten on this device once the server's answer is in. */
export const forgetsStoredPlace = (status: EntryStatus) => status === 'left';

/** Refusals after which what the page knows about the session is stale: it fetches join-info again. */
export const REFRESHES_JOIN_INFO: ReadonlySet<string> = new Set([
  'rules_changed',
  'session_ended',
  'session_cancelled',
  'not_online',
]);
