import type { Group } from '@peer-support/contracts/groups';
import type { Series, SeriesList } from '@peer-support/contracts/schedule';
import { DEFAULT_TIME_ZONE } from '@peer-support/domain/series';
import { useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { useParams } from 'wouter';
import { api } from '../../api.ts';
import { localTime, longDay, viewerTimeZone, zoneLabel } from '../../schedule/schedule-words.ts';
import { blankSeries, fromSeries, type SeriesValues, toSeriesBody } from '../../schedule/series-values.ts';
import { useSignedInMe } from '../../session/use-me.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { isUuid, LoadFailure, NotFoundPage } from '../../ui/LoadFailure.tsx';
import { type ApiData, useApi } from '../../use-api.ts';
import { usePageTitle } from '../../use-page-title.ts';
import { Breadcrumbs } from './Breadcrumbs.tsx';
import { SeriesForm } from './SeriesForm.tsx';
import { UpcomingSessions } from './UpcomingSessions.tsx';

/** A group's series (admins write, facilitators read) and the sessions they make, month by month. */
export default function SchedulePage() {
  const { groupId } = useParams();
  const me = useSignedInMe();
  const valid = isUuid(groupId);
  const group = useApi<Group>(valid ? `/api/groups/${groupId}` : null);
  // Here rather than in the series section: the sessions below take their clock from it.
  const list = useApi<SeriesList>(valid ? `/api/groups/${groupId}/series` : null);
  usePageTitle(group.data ? `Schedule: ${group.data.name}` : 'Schedule');
  // Raised after every change to a series, so the timeline below shows it.
  const [changes, setChanges] = useState(0);

  if (!valid) return <NotFoundPage />;
  if (group.error) return <LoadFailure error={group.error} retry={group.reload} />;
  if (!group.data) return <p role="status">Loading the schedule…</p>;

  const g = group.data;
  const provider = me.providers.find((p) => p.id === g.providerId);
  const isAdmin = provider?.role === 'provider_admin';

  return (
    <section>
      <Breadcrumbs
        trail={[
          { to: `/admin/${g.providerId}`, label: provider?.name ?? 'Provider' },
          { to: `/admin/groups/${g.id}`, label: g.name },
          { label: 'Schedule' },
        ]}
      />
      <h1>Schedule of {g.name}</h1>
      {!isAdmin && <p>Only the provider's admins can change the schedule. As a facilitator, you can see it here.</p>}
      <SeriesSection
        key={g.id}
        groupId={g.id}
        list={list}
        isAdmin={isAdmin}
        onChanged={() => setChanges((n) => n + 1)}
      />
      {list.data && (
        <UpcomingSessions
          key={`upcoming-${g.id}-${changes}`}
          groupId={g.id}
          // The group's clock is its series' (the first one's, should they ever differ).
          timeZone={list.data.series[0]?.timeZone ?? DEFAULT_TIME_ZONE}
          isAdmin={isAdmin}
        />
      )}
    </section>
  );
}

interface SeriesSectionProps {
  groupId: string;
  list: ApiData<SeriesList>;
  isAdmin: boolean;
  onChanged(): void;
}

function SeriesSection({ groupId, list, isAdmin, onChanged }: SeriesSectionProps) {
  const [editing, setEditing] = useState<string>();
  const [deleting, setDeleting] = useState<Series>();
  const [message, setMessage] = useState('');
  // A fresh, empty add form after each save.
  const [added, setAdded] = useState(0);
  const messageRef = useRef<HTMLParagraphElement>(null);

  function say(text: string) {
    flushSync(() => setMessage(text));
    messageRef.current?.focus();
  }

  async function add(values: SeriesValues) {
    const created = await api<Series>(`/api/groups/${groupId}/series`, { method: 'POST', body: toSeriesBody(values) });
    list.setData({ series: [...(list.data?.series ?? []), created] });
    setAdded((n) => n + 1);
    onChanged();
    say(`Series added: ${created.description}.`);
  }

  async function save(s: Series, values: SeriesValues, effectiveFrom: string) {
    const body = toSeriesBody(values);
    const updated = await api<Series>(`/api/groups/${groupId}/series/${s.id}`, {
      method: 'PATCH',
      // Switching to online removes the venue.
      body: { ...body, venue: body.venue ?? null, ...(effectiveFrom && { effectiveFrom }) },
    });
    setEditing(undefined);
    onChanged();
    if (updated.id === s.id) {
      list.setData({ series: (list.data?.series ?? []).map((x) => (x.id === s.id ? updated : x)) });
      say(`Changes saved: ${updated.description}.`);
    } else {
      // The series had met: it now ends where the change begins, and a new part carries it on.
      list.reload();
      say(
        `Changes saved from the next session on: ${updated.description}. Sessions that have taken place stay as they were.`,
      );
    }
  }

  async function remove(s: Series) {
    await api(`/api/groups/${groupId}/series/${s.id}`, { method: 'DELETE' });
    list.setData({ series: (list.data?.series ?? []).filter((x) => x.id !== s.id) });
    setDeleting(undefined);
    onChanged();
    say(`Series deleted: ${s.description}.`);
  }

  function cancelEdit(id: string) {
    flushSync(() => setEditing(undefined));
    document.getElementById(`edit-${id}`)?.focus();
  }

  function cancelDelete() {
    const id = deleting?.id;
    flushSync(() => setDeleting(undefined));
    if (id) document.getElementById(`delete-${id}`)?.focus();
  }

  return (
    <section aria-labelledby="series-heading">
      <h2 id="series-heading">Series</h2>
      <p id="series-message" ref={messageRef} role="status" tabIndex={-1} className={message ? 'banner' : undefined}>
        {message}
      </p>
      {list.error && (
        <div role="alert">
          <p className="error">{list.error.message}</p>
          <button type="button" onClick={list.reload}>
            Try again
          </button>
        </div>
      )}
      {!list.data && !list.error && <p role="status">Loading the series…</p>}
      {list.data && list.data.series.length === 0 && (
        <p>
          This group has no sessions planned yet.
          {isAdmin ? ' Add a series below: a weekly meeting, say, or the first Tuesday of every month.' : ''}
        </p>
      )}
      {list.data && list.data.series.length > 0 && (
        <ul className="plain-list series-list">
          {list.data.series.map((s) => (
            <li key={s.id} className="card">
              {editing === s.id ? (
                <>
                  <h3>Change: {s.description}</h3>
                  <p className="muted">
                    {s.met === 0
                      ? 'It has not met yet, so a change applies to every session.'
                      : 'A change applies from the next session (or a day you choose); sessions that have taken place keep what they were.'}
                  </p>
                  <SeriesForm
                    idPrefix={`series-${s.id}`}
                    initial={fromSeries(s)}
                    submitLabel="Save changes"
                    busyLabel="Saving…"
                    changeFrom={{ met: s.met, nextStart: s.nextStarts[0], timeZone: s.timeZone }}
                    onSubmit={(values, effectiveFrom) => save(s, values, effectiveFrom)}
                    onCancel={() => cancelEdit(s.id)}
                  />
                </>
              ) : (
                <SeriesSummary
                  series={s}
                  isAdmin={isAdmin}
                  onEdit={() => setEditing(s.id)}
                  onDelete={() => setDeleting(s)}
                />
              )}
            </li>
          ))}
        </ul>
      )}

      {isAdmin && (
        <section aria-labelledby="add-series-heading" className="card">
          <h2 id="add-series-heading">Add a series</h2>
          <SeriesForm
            key={added}
            idPrefix="new-series"
            initial={blankSeries()}
            submitLabel="Add series"
            busyLabel="Adding…"
            onSubmit={add}
          />
        </section>
      )}

      {deleting && (
        <ConfirmDialog
          heading="Delete this series?"
          confirmLabel="Delete series"
          busyLabel="Deleting…"
          onConfirm={() => remove(deleting)}
          onCancel={cancelDelete}
        >
          <p>
            <strong>{deleting.description}</strong>
          </p>
          <p>
            It has not met yet. Its sessions are cancelled, and calendars that subscribe to the group no longer show
            them.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

interface SeriesSummaryProps {
  series: Series;
  isAdmin: boolean;
  onEdit(): void;
  onDelete(): void;
}

function SeriesSummary({ series: s, isAdmin, onEdit, onDelete }: SeriesSummaryProps) {
  const zone = zoneLabel(s.timeZone, viewerTimeZone());
  return (
    <>
      <h3>{s.description}</h3>
      {s.venue?.accessNotes && <p className="muted">Access: {s.venue.accessNotes}</p>}
      {s.notes.map((note) => (
        <p key={note} className="muted">
          {note}
        </p>
      ))}
      {s.nextStarts.length > 0 ? (
        <>
          <p id={`next-${s.id}`} className="list-label">
            Next sessions
          </p>
          <ul aria-labelledby={`next-${s.id}`} className="next-dates">
            {s.nextStarts.map((start) => (
              <li key={start}>
                <time dateTime={start}>
                  {longDay(start, s.timeZone)}, {localTime(start, s.timeZone)}
                </time>
                {zone && ` ${zone}`}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">No more sessions: this series has ended.</p>
      )}
      {isAdmin && s.met > 0 && s.nextStarts.length > 0 && (
        <p className="muted">
          It has met {s.met === 1 ? 'once' : `${s.met} times`}, so it is not deleted: to stop it, choose Change and give
          it an end date. What took place stays in the schedule and attendance.
        </p>
      )}
      {isAdmin && (
        <div className="actions">
          <button type="button" id={`edit-${s.id}`} className="secondary" onClick={onEdit}>
            Change<span className="visually-hidden"> {s.description}</span>
          </button>
          {s.met === 0 && (
            <button type="button" id={`delete-${s.id}`} className="secondary danger" onClick={onDelete}>
              Delete<span className="visually-hidden"> {s.description}</span>
            </button>
          )}
        </div>
      )}
    </>
  );
}
