import type { PublicGroup } from '@peer-support/contracts/groups';
import type { Me } from '@peer-support/contracts/providers';
import type { JoinRequest, Membership, MyGroups } from '@peer-support/contracts/roster';
import { type ReactNode, useState } from 'react';
import { flushSync } from 'react-dom';
import { Link, useParams } from 'wouter';
import { api } from '../api.ts';
import { JoinGroupForm } from '../membership/JoinGroupForm.tsx';
import { MY_STATUS } from '../membership/my-status.ts';
import { SupportLines } from '../SupportLines.tsx';
import { useMe } from '../session/use-me.ts';
import { isUuid, LoadFailure, NotFoundPage } from '../ui/LoadFailure.tsx';
import { type ApiData, useApi } from '../use-api.ts';
import { usePageTitle } from '../use-page-title.ts';
import { PublicSchedule } from './PublicSchedule.tsx';

type MyGroup = MyGroups['groups'][number];

/** What anyone can read about a listed group before asking to join it. */
export default function PublicGroupPage() {
  const { groupId } = useParams();
  const group = useApi<PublicGroup>(isUuid(groupId) ? `/api/public/groups/${groupId}` : null);
  const { session } = useMe();
  // Where the viewer stands decides both the join section and whether they may answer for sessions.
  const mine = useApi<MyGroups>(session.status === 'signed_in' ? '/api/me/groups' : null);
  usePageTitle(group.data?.name ?? 'Group');

  if (!isUuid(groupId)) return <NotFoundPage admin={false} />;
  if (group.error) return <LoadFailure error={group.error} retry={group.reload} admin={false} />;
  if (!group.data) return <p role="status">Loading the group…</p>;
  const g = group.data;
  const membership = mine.data?.groups.find((m) => m.group.id === g.id && m.status !== 'removed');

  return (
    <article className="public-group">
      <h1>{g.name}</h1>
      <p className="muted">Run by {g.provider.name}</p>
      {g.description && <p className="description">{g.description}</p>}
      {g.topics.length > 0 && (
        <ul className="tags" aria-label="Topics">
          {g.topics.map((t) => (
            <li key={t}>{t}</li>
          ))}
        </ul>
      )}

      <PublicSchedule groupId={g.id} member={membership?.status === 'active'} />

      <section aria-labelledby="rules-heading" className="card">
        <h2 id="rules-heading">Ground rules</h2>
        <p className="muted">Everyone in the group agrees to these, so that each person feels safe to speak.</p>
        <ol className="ground-rules">
          {g.groundRules.rules.map((rule) => (
            <li key={rule}>{rule}</li>
          ))}
        </ol>
      </section>

      <JoinSection group={g} mine={mine} membership={membership} onRulesChanged={group.reload} />

      <SupportLines lines={g.supportLines} title="If you need support between sessions" level={2} />
    </article>
  );
}

interface JoinSectionProps {
  group: PublicGroup;
  /** The viewer's groups (nothing to load when signed out). */
  mine: ApiData<MyGroups>;
  /** Theirs in this group, if they are on its roster. */
  membership: MyGroup | undefined;
  onRulesChanged(): void;
}

/** Asking to join: a form for signed-in people, a way to sign in for others. */
function JoinSection({ group, mine, membership, onRulesChanged }: JoinSectionProps) {
  const { session } = useMe();
  const here = `/groups/${group.id}`;
  let body: ReactNode;
  if (session.status === 'signed_in') {
    body = (
      <AskToJoin group={group} me={session.me} mine={mine} existing={membership} onRulesChanged={onRulesChanged} />
    );
  } else if (session.status === 'loading') {
    body = <p role="status">Checking whether you are signed in…</p>;
  } else if (group.visibility === 'invite_only') {
    body = <ByInvitation group={group} />;
  } else {
    const next = encodeURIComponent(here);
    body = (
      <p>
        To ask to join, you need an account, so the facilitator can get back to you. You will come back to this page
        afterwards.{' '}
        <Link className="button" to={`/sign-up?next=${next}`}>
          Create an account
        </Link>{' '}
        or <Link to={`/sign-in?next=${next}`}>sign in</Link>.
      </p>
    );
  }
  return (
    <section aria-labelledby="join-heading" className="card">
      <h2 id="join-heading">{group.visibility === 'invite_only' ? 'Joining' : 'Ask to join'}</h2>
      {body}
    </section>
  );
}

interface AskToJoinProps {
  group: PublicGroup;
  me: Me;
  mine: ApiData<MyGroups>;
  existing: MyGroup | undefined;
  onRulesChanged(): void;
}

function AskToJoin({ group, me, mine, existing, onRulesChanged }: AskToJoinProps) {
  const [sent, setSent] = useState(false);

  function done() {
    flushSync(() => setSent(true));
    document.getElementById('join-sent')?.focus();
  }

  if (sent) {
    return (
      <div id="join-sent" role="status" tabIndex={-1} className="banner">
        <p>
          <strong>Your request has been sent; the facilitator will get back to you.</strong>
        </p>
        <p>
          You can check on it under <Link to="/me/groups">My groups</Link>.
        </p>
      </div>
    );
  }
  if (!mine.data && !mine.error) return <p role="status">Checking your groups…</p>;
  // Someone already on the roster is told where they stand, rather than offered a form the API would refuse.
  if (existing) {
    return (
      <p>
        {MY_STATUS[existing.status].detail} See <Link to="/me/groups">My groups</Link>.
      </p>
    );
  }
  if (group.visibility === 'invite_only') return <ByInvitation group={group} />;
  return (
    <>
      <p>
        Tell us the name you would like to use, and accept the ground rules above. The facilitator will look at your
        request and get back to you.
      </p>
      <JoinGroupForm
        rulesVersion={group.groundRules.version}
        defaultName={me.user.name}
        submitLabel="Ask to join"
        busyLabel="Sending…"
        join={(request: JoinRequest) =>
          api<Membership>(`/api/groups/${group.id}/join-requests`, { method: 'POST', body: request })
        }
        onJoined={done}
        onRulesChanged={onRulesChanged}
      />
    </>
  );
}

function ByInvitation({ group }: { group: PublicGroup }) {
  return (
    <p>
      Joining this group is by invitation. If you would like to join, ask its facilitator or {group.provider.name} for
      an invitation link.
    </p>
  );
}
