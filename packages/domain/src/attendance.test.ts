import { describe, expect, it } from 'vitest';
import { attendedMinutes, isStaleWebhook, WEBHOOK_MAX_AGE_MS } from './attendance.ts';

const at = (hhmmss: string) => new Date(`2026-03-02T${hhmmss}Z`);

describe('isStaleWebhook', () => {
  const now = at('10:00:00');

  it('takes a delivery up to ten minutes old, and one from a clock slightly ahead', () => {
    expect(isStaleWebhook(now, now)).toBe(false);
    expect(isStaleWebhook(new Date(now.getTime() - WEBHOOK_MAX_AGE_MS), now)).toBe(false);
    expect(isStaleWebhook(at('10:00:30'), now)).toBe(false);
  });

  it('refuses anything older as a replay', () => {
    expect(isStaleWebhook(new Date(now.getTime() - WEBHOOK_MAX_AGE_MS - 1), now)).toBe(true);
    expect(isStaleWebhook(at('08:00:00'), now)).toBe(true);
  });
});

describe('attendedMinutes', () => {
  const joinedAt = at('18:00:00');

  it('counts a closed stretch to the nearest minute', () => {
    expect(attendedMinutes({ joinedAt, leftAt: at('18:45:00') }, null, at('20:00:00'))).toBe(45);
    expect(attendedMinutes({ joinedAt, leftAt: at('18:01:29') }, null, at('20:00:00'))).toBe(1);
    expect(attendedMinutes({ joinedAt, leftAt: at('18:01:30') }, null, at('20:00:00'))).toBe(2);
    expect(attendedMinutes({ joinedAt, leftAt: at('18:00:20') }, null, at('20:00:00'))).toBe(0);
  });

  it('ends an open stretch when the session ended, or now while it runs', () => {
    expect(attendedMinutes({ joinedAt, leftAt: null }, at('19:30:00'), at('21:00:00'))).toBe(90);
    expect(attendedMinutes({ joinedAt, leftAt: null }, null, at('18:20:00'))).toBe(20);
  });

  it('prefers the stretch’s own end to the session’s', () => {
    expect(attendedMinutes({ joinedAt, leftAt: at('18:10:00') }, at('19:30:00'), at('21:00:00'))).toBe(10);
  });

  it('never counts below zero when clocks disagree', () => {
    expect(attendedMinutes({ joinedAt, leftAt: at('17:58:00') }, null, at('21:00:00'))).toBe(0);
  });
});
