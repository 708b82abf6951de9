import { TrackSource } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import { grantsFor } from './grants.ts';

describe('grantsFor', () => {
  it('never gives a participant roomAdmin, recording or screen share', () => {
    const g = grantsFor('participant', 'room-1');
    expect(g.roomAdmin).toBeFalsy();
    expect(g.roomRecord).toBeFalsy();
    expect(g.roomCreate).toBeFalsy();
    expect(g.canPublishSources).toEqual([TrackSource.CAMERA, TrackSource.MICROPHONE]);
    expect(g).toMatchObject({ room: 'room-1', roomJoin: true, canSubscribe: true, canPublishData: true });
  });

  it('gives a facilitator screen share on that room only, and no room administration or recording', () => {
    const g = grantsFor('facilitator', 'room-2');
    expect(g.room).toBe('room-2');
    expect(g.canPublishSources).toContain(TrackSource.SCREEN_SHARE);
    expect(g.roomAdmin).toBeFalsy();
    expect(g.roomRecord).toBeFalsy();
    expect(g.roomList).toBeFalsy();
    expect(g.roomCreate).toBeFalsy();
  });

  it('lets nobody change their own name, metadata or attributes', () => {
    for (const role of ['participant', 'facilitator'] as const)
      expect(grantsFor(role, 'r').canUpdateOwnMetadata).toBe(false);
  });
});
