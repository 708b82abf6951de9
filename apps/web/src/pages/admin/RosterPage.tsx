import type { Group } from '@peer-support/contracts/groups';
import type {
  ErasePersonResult,
  Membership,
  MembershipStatus,
  Roster,
  RosterAction,
  RosterActionResult,
} from '@peer-support/contracts/roster';
import { type FormEvent, useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { useParams } from 'wouter';
import { ApiRequestError, api } from '../../api.ts';
import { Field } from '../../forms/Field.tsx';
import { useSignedInMe } from '../../session/use-me.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { isUuid, LoadFailure, NotFoundPage } from '../../ui/LoadFailure.tsx';
import { useApi } from '../../use-api.ts';
import { usePageTitle } from '../../use-page-title.ts';
import { Breadcrumbs } from './Breadcrumbs.tsx';
import { EraseDialog } from './EraseDialog.tsx';
import { InvitesPanel } from './InvitesPanel.tsx';
import {
  ACTION_LABELS,
  ACTIONS_FOR,
  CONFIRMED_ACTIONS,
  listOf,
  outcomeMessage,
  pauseConsequences,
  placesSummary,
  removeConsequences,
  STATUS_LABELS,
  STATUS_ORDER,
} from './roster-words.ts';

const since = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium' });
/** How long typing pauses before the search runs; Enter searches at once. */
const SEARCH_DELAY_MS = 300;

export default function RosterPage() {
  const { groupId } = useParams();
  const me = useSignedInMe();
  const valid = isUuid(groupId);
  const group = useApi<Group>(valid ? `/api/groups/${groupId}` : null);
  usePageTitle(group.data ? `Roster: ${group.data.name}` : 'Roster');
  const [erasures, setErasures] = useState(0);

  if (!valid) return <NotFoundPage />;
  if (group.error) return <LoadFailure error={group.error} retry={group.reload} />;
  if (!group.data) return <p role="status">Loading the roster…</p>;

  const g = group.data;
  const provider = me.providers.find((p) => p.id === g.providerId);
  const providerName = provider?.name ?? 'this provider';

  return (
    <section>
      <Breadcrumbs
        trail={[
          { to: `/admin/${g.providerId}`, label: provider?.name ?? 'Provider' },
          { to: `/admin/groups/${g.id}`, label: g.name },
          { label: 'Roster' },
        ]}
      />
      <h1>Roster of {g.name}</h1>
      <RosterSection
        // A fresh roster (filters, messages) for each group.
        key={g.id}
        group={g}
        isAdmin={provider?.role === 'provider_admin'}
        providerName={providerName}
        onErased={() => setErasures((n) => n + 1)}
      />
      <InvitesPanel key={`invites-${g.id}-${erasures}`} groupId={g.id} />
    </section>
  );
}

interface RosterSectionProps {
  group: Group;
  /** Provider admins may also export the roster and erase a person's data. */
  isAdmin: boolean;
  providerName: string;
  /** An erasure also blanks the person's address in the invitations list. */
  onErased(): void;
}

function rosterQuery(status: MembershipStatus | '', q: string): string {
  const params = new URLSearchParams();
  if (status) params.set('status', status);
  if (q) params.set('q', q);
  const query = params.toString();
  return query ? `?${query}` : '';
}

function RosterSection({ group, isAdmin, providerName, onErased }: RosterSectionProps) {
  const [status, setStatus] = useState<MembershipStatus | ''>('');
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const query = rosterQuery(status, q);
  const path = `/api/groups/${group.id}/roster${query}`;
  const roster = useApi<Roster>(path);

  // While a new filter loads, keep showing the last answer (marked busy) rather than
  // blanking the table on every keystroke.
  const [last, setLast] = useState<Roster>();
  if (roster.data && roster.data !== last) setLast(roster.data);
  const shown = roster.data ?? last;

  const [message, setMessage] = useState('');
  const [failure, setFailure] = useState('');
  const [busyId, setBusyId] = useState<string>();
  const [erasing, setErasing] = useState<Membership>();
  const [confirming, setConfirming] = useState<{ membership: Membership; action: RosterAction }>();

  useEffect(() => {
    const trimmed = text.trim();
    const timer = setTimeout(() => setQ(trimmed), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text]);

  function search(event: FormEvent) {
    event.preventDefault();
    setQ(text.trim());
  }

  /** After a change, keeps the keyboard on the person's row, or on the message if the row left the view. */
  function settle(membershipId: string) {
    const button = document.getElementById(`actions-${membershipId}`)?.querySelector('button');
    if (button) button.focus();
    else document.getElementById('roster-message')?.focus();
  }

  /** Does the action and says what happened; throws when the API refuses. */
  async function perform(m: Membership, action: RosterAction) {
    const result = await api<RosterActionResult>(`/api/groups/${group.id}/roster/${m.id}/actions`, {
      method: 'POST',
      body: { action },
    });
    const fresh = await api<Roster>(path);
    const promoted = await namesOf(result.promoted, fresh);
    flushSync(() => {
      roster.setData(fresh);
      // Unmount a confirmation first: while it is open, the rest of the page cannot take focus.
      setConfirming(undefined);
      setBusyId(undefined);
      setFailure('');
      setMessage(outcomeMessage(m.displayName, action, result.membership.status, promoted));
    });
    settle(m.id);
  }

  /** A refusal usually means the roster changed under us (another facilitator): show it as it is now. */
  function reloadAfter(e: unknown) {
    if (e instanceof ApiRequestError && (e.status === 409 || e.status === 404)) roster.reload();
  }

  async function act(m: Membership, action: RosterAction) {
    if (busyId) return;
    if (CONFIRMED_ACTIONS.includes(action)) {
      setConfirming({ membership: m, action });
      return;
    }
    setBusyId(m.id);
    setMessage('');
    setFailure('');
    try {
      await perform(m, action);
    } catch (e) {
      flushSync(() => {
        setFailure((e as Error).message);
        setBusyId(undefined);
      });
      document.getElementById('roster-failure')?.focus();
      reloadAfter(e);
    }
  }

  async function confirmed(m: Membership, action: RosterAction) {
    try {
      await perform(m, action);
    } catch (e) {
      // The dialog stays open and shows the refusal.
      reloadAfter(e);
      throw e;
    }
  }

  function cancelConfirm() {
    const opener = confirming && `${confirming.action}-${confirming.membership.id}`;
    flushSync(() => setConfirming(undefined));
    if (opener) document.getElementById(opener)?.focus();
  }

  /** Names for the people moved up from the waiting list, who may be outside the current filter. */
  async function namesOf(ids: string[], fresh: Roster): Promise<string[]> {
    if (ids.length === 0) return [];
    let pool = fresh.memberships;
    if (!ids.every((id) => pool.some((m) => m.id === id))) {
      pool = (await api<Roster>(`/api/groups/${group.id}/roster?status=active`)).memberships;
    }
    return ids.map((id) => pool.find((m) => m.id === id)?.displayName ?? 'Someone');
  }

  async function erase(m: Membership) {
    const result = await api<ErasePersonResult>(`/api/groups/${group.id}/roster/${m.id}/personal-data`, {
      method: 'DELETE',
    });
    const fresh = await api<Roster>(path);
    const promoted = await namesOf(result.promoted, fresh);
    const n = result.erasedMemberships;
    const moved =
      promoted.length === 0
        ? ''
        : ` ${listOf(promoted)} ${promoted.length === 1 ? 'got the place' : 'got places'} from the waiting list.`;
    flushSync(() => {
      roster.setData(fresh);
      setErasing(undefined);
      setFailure('');
      setMessage(
        `${m.displayName}’s name and email address were erased from ${n} ${n === 1 ? 'membership' : 'memberships'} in the groups of ${providerName}.${moved}`,
      );
    });
    document.getElementById('roster-message')?.focus();
    onErased();
  }

  function cancelErase() {
    const id = erasing?.id;
    // Unmount the modal first: while it is open, the rest of the page cannot take focus.
    flushSync(() => setErasing(undefined));
    if (id) document.getElementById(`erase-${id}`)?.focus();
  }

  const filtered = status !== '' || q !== '';
  const caption = status ? STATUS_LABELS[status] : 'Everyone on the roster';

  return (
    <>
      {shown ? <Counts roster={shown} /> : <p role="status">Loading the roster…</p>}

      <search aria-label="Filter the roster">
        <form className="filters" onSubmit={search}>
          <Field id="roster-status" label="Status">
            {(p) => (
              <select {...p} value={status} onChange={(e) => setStatus(e.target.value as MembershipStatus | '')}>
                <option value="">Everyone</option>
                {STATUS_ORDER.map((s) => (
                  <option key={s} value={s}>
                    {STATUS_LABELS[s]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="roster-search" label="Search names and emails">
            {(p) => (
              <input {...p} type="search" value={text} onChange={(e) => setText(e.target.value)} maxLength={100} />
            )}
          </Field>
          <button type="submit" className="secondary">
            Search
          </button>
        </form>
      </search>

      <p id="roster-message" role="status" tabIndex={-1} className={message ? 'banner' : undefined}>
        {message}
      </p>
      {failure && (
        <p id="roster-failure" role="alert" tabIndex={-1} className="error">
          {failure}
        </p>
      )}
      {roster.error && (
        <div role="alert">
          <p className="error">{roster.error.message}</p>
          <button type="button" onClick={roster.reload}>
            Try again
          </button>
        </div>
      )}

      {shown && (
        <>
          <p className="visually-hidden" role="status">
            {filtered && roster.data ? `${shown.memberships.length} shown.` : ''}
          </p>
          <div className="table-scroll">
            <table aria-busy={!roster.data} className="roster">
              <caption>
                {caption} ({shown.memberships.length}){q && `, matching “${q}”`}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Status</th>
                  <th scope="col">Since</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {shown.memberships.map((m) => (
                  <MemberRow
                    key={m.id}
                    membership={m}
                    isAdmin={isAdmin}
                    onAct={(action) => void act(m, action)}
                    onErase={() => setErasing(m)}
                  />
                ))}
              </tbody>
            </table>
          </div>
          {shown.memberships.length === 0 && (
            <p>
              {filtered
                ? 'Nobody matches. Choose another status or search for something else.'
                : 'Nobody is on the roster yet. Invite people below; once the group is listed, people can also ask to join from its public page.'}
            </p>
          )}
        </>
      )}

      {isAdmin && (
        <p className="actions">
          <a className="button secondary" href={`/api/groups/${group.id}/roster.csv${query}`} download>
            Download {filtered ? 'these people' : 'the roster'} as CSV
          </a>
          <span className="muted">
            A spreadsheet of the people shown, with their email addresses. Keep it safe, and delete it when you are
            done.
          </span>
        </p>
      )}

      {erasing && (
        <EraseDialog
          name={erasing.displayName}
          providerName={providerName}
          holdsPlace={erasing.status === 'active' || erasing.status === 'paused'}
          nextInLine={shown?.nextInLine ?? null}
          onConfirm={() => erase(erasing)}
          onCancel={cancelErase}
        />
      )}

      {confirming && (
        <ActionDialog
          membership={confirming.membership}
          action={confirming.action}
          nextInLine={shown?.nextInLine ?? null}
          onConfirm={() => confirmed(confirming.membership, confirming.action)}
          onCancel={cancelConfirm}
        />
      )}
    </>
  );
}

function Counts({ roster }: { roster: Roster }) {
  const { counts, capacity } = roster;
  return (
    <div className="counts">
      <p className="places">{placesSummary(counts.active, counts.paused, capacity)}</p>
      <ul aria-label="People by status">
        {STATUS_ORDER.map((s) => (
          <li key={s}>
            <strong>{counts[s]}</strong> {STATUS_LABELS[s].toLowerCase()}
          </li>
        ))}
      </ul>
    </div>
  );
}

interface MemberRowProps {
  membership: Membership;
  isAdmin: boolean;
  onAct(action: RosterAction): void;
  onErase(): void;
}

function MemberRow({ membership: m, isAdmin, onAct, onErase }: MemberRowProps) {
  // An erased person has nothing more to erase, and no action brings them back (0017).
  const erasable = isAdmin && m.status !== 'erased' && m.email !== null;
  return (
    <tr>
      <th scope="row">{m.displayName}</th>
      <td>{m.email ?? <span className="muted">none</span>}</td>
      <td>{STATUS_LABELS[m.status]}</td>
      <td>
        <time dateTime={m.statusChangedAt}>{since.format(new Date(m.statusChangedAt))}</time>
      </td>
      <td>
        <div className="row-actions" id={`actions-${m.id}`}>
          {m.status === 'erased' && <span className="muted">None: this person’s data was erased.</span>}
          {ACTIONS_FOR[m.status].map((action) => (
            <button
              key={action}
              id={`${action}-${m.id}`}
              type="button"
              className={action === 'remove' || action === 'decline' ? 'secondary danger' : 'secondary'}
              onClick={() => onAct(action)}
            >
              {ACTION_LABELS[action]}
              <span className="visually-hidden"> {m.displayName}</span>
            </button>
          ))}
          {erasable && (
            <button type="button" id={`erase-${m.id}`} className="secondary danger" onClick={onErase}>
              Erase<span className="visually-hidden"> {m.displayName}’s</span> data
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}

interface ActionDialogProps {
  membership: Membership;
  action: RosterAction;
  nextInLine: string | null;
  onConfirm(): Promise<void>;
  onCancel(): void;
}

/** Pausing and removing say what will happen to the person's place before they happen. */
function ActionDialog({ membership: m, action, nextInLine, onConfirm, onCancel }: ActionDialogProps) {
  const name = m.displayName;
  const pause = action === 'pause';
  const sentences = pause ? pauseConsequences(name, nextInLine) : removeConsequences(name, m.status, nextInLine);
  return (
    <ConfirmDialog
      heading={pause ? `Pause ${name}’s membership?` : `Remove ${name} from the roster?`}
      confirmLabel={pause ? `Pause ${name}` : `Remove ${name}`}
      busyLabel={pause ? 'Pausing…' : 'Removing…'}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      {sentences.map((sentence) => (
        <p key={sentence}>{sentence}</p>
      ))}
    </ConfirmDialog>
  );
}
