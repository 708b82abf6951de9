import { TrackSource, type VideoGrant } from 'livekit-server-sdk';

export type CallRole = 'participant' | 'facilitator';

/**
 * The least a person needs in a call: camera, microphone and chat (data); facilitators may
 * also share their screen. Nobody gets `roomAdmin`: every control (mute, remove, end) goes
 * through our API, which checks standing fresh and uses the server key, so a facilitator's
 * token cannot kick a co-facilitator through LiveKit, and a former facilitator's token is
 * worth no more than anyone's. Nobody may change their own name, metadata or attributes
 * (the server sets who is a facilitator there).
 */
export function grantsFor(role: CallRole, room: string): VideoGrant {
  return {
    room,
    roomJoin: true,
    canSubscribe: true,
    canPublish: true,
    canPublishData: true,
    canUpdateOwnMetadata: false,
    canPublishSources:
      role === 'facilitator'
        ? [TrackSource.CAMERA, TrackSource.MICROPHONE, TrackSource.SCREEN_SHARE, TrackSource.SCREEN_SHARE_AUDIO]
        : [TrackSource.CAMERA, TrackSource.MICROPHONE],
  };
}
