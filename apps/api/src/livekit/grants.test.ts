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

  it('gives a facilitator roomAdmin on that room only, and no recording', () => {
    const g = grantsFor('facilitator', 'room-2');
    expect(g.roomAdmin).toBe(true);
    expect(g.room).toBe('room-2');
    expect(g.roomRecord).toBeFalsy();
    expect(g.roomList).toBeFalsy();
  });
});
