import type { SessionMode } from '@peer-support/contracts/schedule';
import type { ReactNode } from 'react';
import { Link } from 'wouter';

/**
 * The way into a session's video call: its session link, which leads through name, ground
 * rules, device check and the waiting room (or straight in, for facilitators). Nothing for an
 * in-person or cancelled session, or one that has no record yet (more than a couple of weeks
 * away).
 */
export function SessionLink(props: {
  sessionId: string | null;
  mode: SessionMode;
  cancelled: boolean;
  /** Says which session, for screen readers, when the page lists several. */
  about: string;
  children: ReactNode;
}) {
  if (!props.sessionId || props.mode === 'in_person' || props.cancelled) return null;
  return (
    <p>
      <Link className="button" to={`/sessions/${props.sessionId}`}>
        {props.children}
        <span className="visually-hidden"> {props.about}</span>
      </Link>
    </p>
  );
}
