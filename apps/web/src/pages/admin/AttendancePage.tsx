import type { Attendance, JoinInfo } from '@peer-support/contracts/live';
import { useEffect, useState } from 'react';
import { useParams } from 'wouter';
import { api } from '../../api.ts';
import { clockTime } from '../../call/time-words.ts';
import { isUuid, LoadFailure, NotFoundPage } from '../../ui/LoadFailure.tsx';
import { useApi } from '../../use-api.ts';
import { usePageTitle } from '../../use-page-title.ts';
import { checkinRows, checkinSummary, minutesWords, onlineRows, withCheckin } from './attendance-words.ts';
import { Breadcrumbs } from './Breadcrumbs.tsx';

const KIND: Record<string, string> = { facilitator: 'Facilitator', member: 'Member', guest: 'Guest' };
const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });

/**
 * Who came to one session: online from LiveKit's signed webhooks, in person from the
 * facilitator's ticks. Facilitators of the group and the provider's admins see it.
 */
export default function AttendancePage() {
  const { sessionId } = useParams();
  const valid = isUuid(sessionId);
  const attendance = useApi<Attendance>(valid ? `/api/sessions/${sessionId}/attendance` : null);
  const info = useApi<JoinInfo>(valid ? `/api/sessions/${sessionId}/join-info` : null);
  const title = info.data ? `Attendance: ${info.data.session.title}` : 'Attendance';
  usePageTitle(title);

  if (!valid) return <NotFoundPage />;
  if (attendance.error) return <LoadFailure error={attendance.error} retry={attendance.reload} />;
  if (!attendance.data) return <p role="status">Loading the attendance…</p>;

  const a = attendance.data;
  const group = info.data?.group;
  return (
    <section>
      {group && (
        <Breadcrumbs
          trail={[
            { to: `/admin/groups/${group.id}`, label: group.name },
            { to: `/admin/groups/${group.id}/schedule`, label: 'Schedule' },
            { label: 'Attendance' },
          ]}
        />
      )}
      <h1>{title}</h1>
      {info.data && <p>{dayFormat.format(new Date(info.data.session.startsAt))}</p>}
      <p className="muted">
        {a.ended ? 'The session has ended.' : 'The session has not ended: this may still change.'}{' '}
        <button type="button" className="secondary" onClick={attendance.reload}>
          Refresh
        </button>
      </p>
      {a.mode !== 'in_person' && <OnlineTable rows={a.online} />}
      {a.mode !== 'online' && <CheckinList sessionId={a.sessionId} rows={a.inPerson} />}
    </section>
  );
}

function OnlineTable({ rows }: { rows: Attendance['online'] }) {
  if (rows.length === 0) {
    return (
      <section aria-labelledby="online-heading">
        <h2 id="online-heading">Online</h2>
        <p>Nobody has joined the call.</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="online-heading">
      <h2 id="online-heading">Online</h2>
      <p className="muted">Each time someone joined the call is a row: a dropped connection starts a new one.</p>
      <div className="table-scroll">
        <table>
          <caption className="visually-hidden">Time in the call, by person</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Joined</th>
              <th scope="col">Left</th>
              <th scope="col">Time in the call</th>
            </tr>
          </thead>
          <tbody>
            {onlineRows(rows).map((r, i) => (
              // Names are not unique (pseudonyms) and a list shown once does not reorder: the place is the key.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above.
              <tr key={i}>
                <th scope="row">{r.displayName}</th>
                <td>{r.kind ? KIND[r.kind] : '—'}</td>
                <td>
                  <time dateTime={r.joinedAt}>{clockTime(r.joinedAt)}</time>
                </td>
                <td>{r.leftAt ? <time dateTime={r.leftAt}>{clockTime(r.leftAt)}</time> : 'Still in the call'}</td>
                <td>{minutesWords(r.minutes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The roster with a box to tick for each person in the room. A tick is saved at once. */
function CheckinList({ sessionId, rows }: { sessionId: string; rows: Attendance['inPerson'] }) {
  const [list, setList] = useState(rows);
  const [saving, setSaving] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<string | null>(null);

  // A refresh brings the server's list, which wins over anything shown before.
  useEffect(() => setList(rows), [rows]);

  async function toggle(membershipId: string, present: boolean, name: string) {
    const previous = list.find((r) => r.membershipId === membershipId)?.checkedInAt ?? null;
    setError(null);
    setSaving((s) => new Set(s).add(membershipId));
    // Shown at once: ticking a room full of people should not wait on each answer.
    setList((l) => withCheckin(l, membershipId, present ? new Date().toISOString() : null));
    try {
      await api(`/api/sessions/${sessionId}/checkins/${membershipId}`, { method: 'PUT', body: { present } });
    } catch (e) {
      setList((l) => withCheckin(l, membershipId, previous));
      setError(`${name} was not ${present ? 'checked in' : 'unticked'}: ${(e as Error).message}`);
    } finally {
      setSaving((s) => {
        const next = new Set(s);
        next.delete(membershipId);
        return next;
      });
    }
  }

  return (
    <section aria-labelledby="checkin-heading">
      <h2 id="checkin-heading">In person</h2>
      <p role="status">{checkinSummary(list)}</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {list.length === 0 ? (
        <p>The group has no members on its roster yet.</p>
      ) : (
        <fieldset>
          <legend>Tick everyone who is here</legend>
          <ul className="plain-list checkin-list">
            {checkinRows(list).map((r) => (
              <li key={r.membershipId} className="choice">
                <input
                  type="checkbox"
                  id={`checkin-${r.membershipId}`}
                  checked={r.checkedInAt !== null}
                  disabled={saving.has(r.membershipId)}
                  onChange={(e) => void toggle(r.membershipId, e.target.checked, r.displayName)}
                  aria-describedby={r.checkedInAt ? `checkin-${r.membershipId}-at` : undefined}
                />
                <label htmlFor={`checkin-${r.membershipId}`}>{r.displayName}</label>
                {r.checkedInAt && (
                  <span id={`checkin-${r.membershipId}-at`} className="muted">
                    at <time dateTime={r.checkedInAt}>{clockTime(r.checkedInAt)}</time>
                  </span>
                )}
              </li>
            ))}
          </ul>
        </fieldset>
      )}
    </section>
  );
}
