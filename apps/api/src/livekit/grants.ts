import { TrackSource, type VideoGrant } from 'livekit-server-sdk';

export type CallRole = 'participant' | 'facilitator';

/**
 * The least a person needs in a call: camera, microphone and chat (data). Screen share is
 * left out for participants, and only facilitators may administer the room.
 */
export function grantsFor(role: CallRole, room: string): VideoGrant {
  const base: VideoGrant = {
    room,
    roomJoin: true,
    canSubscribe: true,
    canPublish: true,
    canPublishData: true,
    canUpdateOwnMetadata: false,
    canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE],
  };
  if (role === 'facilitator') {
    return {
      ...base,
      roomAdmin: true,
      canPublishSources: [
        TrackSource.CAMERA,
        TrackSource.MICROPHONE,
        TrackSource.SCREEN_SHARE,
        TrackSource.SCREEN_SHARE_AUDIO,
      ],
    };
  }
  return base;
}
