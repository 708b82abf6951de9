import type { CreateGroup, Group, UpdateGroup } from '@peer-support/contracts/groups';
import type { StaffList, StaffMember } from '@peer-support/contracts/providers';
import { DEFAULT_GUEST_LIMIT, MAX_GUEST_LIMIT } from '@peer-support/domain/arrival-limits';
import { DEFAULT_SUPPORT_LINES } from '@peer-support/domain/support-lines';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'wouter';
import { useHistoryState } from 'wouter/use-browser-location';
import { api } from '../../api.ts';
import { Field, FieldError, FormAlert } from '../../forms/Field.tsx';
import { describeFieldError } from '../../forms/form-errors.ts';
import { useFormSubmit } from '../../forms/use-form-submit.ts';
import { useSignedInMe } from '../../session/use-me.ts';
import { isUuid, LoadFailure, NotFoundPage } from '../../ui/LoadFailure.tsx';
import { useApi } from '../../use-api.ts';
import { usePageTitle } from '../../use-page-title.ts';
import { Breadcrumbs } from './Breadcrumbs.tsx';
import { newKey } from './keys.ts';
import { type EditableLine, SupportLinesEditor } from './SupportLinesEditor.tsx';

/** One editor for a new group (/admin/:providerId/groups/new) and an existing one (/admin/groups/:groupId). */
export default function GroupEditorPage() {
  const { providerId, groupId } = useParams();
  // Keyed, so moving from "new" to the created group (or between groups) starts a fresh form.
  if (groupId !== undefined) return <EditGroup key={groupId} groupId={groupId} />;
  return <NewGroup key={providerId} providerId={providerId} />;
}

function NewGroup({ providerId }: { providerId: string | undefined }) {
  usePageTitle('New group');
  const me = useSignedInMe();
  const [, navigate] = useLocation();
  const provider = me.providers.find((p) => p.id === providerId);
  const staff = useApi<StaffList>(isUuid(providerId) ? `/api/providers/${providerId}/staff` : null);

  if (!isUuid(providerId)) return <NotFoundPage />;
  if (staff.error) return <LoadFailure error={staff.error} retry={staff.reload} />;
  if (provider && provider.role !== 'provider_admin') {
    return (
      <section>
        <h1>New group</h1>
        <p>Only the provider's admins can create groups. Ask one of them to set the group up.</p>
      </section>
    );
  }

  async function create(values: GroupValues) {
    const body: CreateGroup = toBody(values);
    const group = await api<Group>(`/api/providers/${providerId}/groups`, { method: 'POST', body });
    navigate(`/admin/groups/${group.id}`, { state: { created: true } });
  }

  return (
    <section>
      <Breadcrumbs
        trail={[{ to: `/admin/${providerId}`, label: provider?.name ?? 'Provider' }, { label: 'New group' }]}
      />
      <h1>New group</h1>
      <p>
        The group starts with our suggested ground rules (confidentiality, one voice at a time, the right to pass,
        cameras optional, no recording, support not advice). You can edit them once the group is created.
      </p>
      {staff.data ? (
        <GroupForm
          initial={blankGroup()}
          staff={staff.data.staff}
          providerId={providerId}
          submitLabel="Create group"
          busyLabel="Creating…"
          onSubmit={create}
        />
      ) : (
        <p role="status">Loading…</p>
      )}
    </section>
  );
}

function EditGroup({ groupId }: { groupId: string }) {
  const me = useSignedInMe();
  const navState = useHistoryState<{ created?: boolean } | null>();
  const group = useApi<Group>(isUuid(groupId) ? `/api/groups/${groupId}` : null);
  const providerId = group.data?.providerId;
  const staff = useApi<StaffList>(providerId ? `/api/providers/${providerId}/staff` : null);
  const [saved, setSaved] = useState('');
  usePageTitle(group.data ? `Settings: ${group.data.name}` : 'Group settings');

  if (!isUuid(groupId)) return <NotFoundPage />;
  const error = group.error ?? staff.error;
  if (error) return <LoadFailure error={error} retry={group.error ? group.reload : staff.reload} />;
  if (!group.data || !staff.data) return <p role="status">Loading the group…</p>;

  const g = group.data;
  const provider = me.providers.find((p) => p.id === g.providerId);
  const canEdit = provider?.role === 'provider_admin';
  const created = navState?.created === true;

  async function save(values: GroupValues) {
    setSaved('');
    const body: UpdateGroup = toBody(values);
    group.setData(await api<Group>(`/api/groups/${groupId}`, { method: 'PATCH', body }));
    setSaved('Changes saved.');
  }

  return (
    <section>
      <Breadcrumbs trail={[{ to: `/admin/${g.providerId}`, label: provider?.name ?? 'Provider' }, { label: g.name }]} />
      <h1>{g.name}</h1>
      {created && (
        <p role="status" className="banner">
          Group created. Next, read through its ground rules and make them your own.
        </p>
      )}
      <p className="actions">
        <Link className="button" to={`/admin/groups/${g.id}/ground-rules`}>
          Edit ground rules
        </Link>
        <Link to={`/admin/groups/${g.id}/schedule`}>Schedule</Link>
        <Link to={`/admin/groups/${g.id}/roster`}>Roster and invitations</Link>
        {g.visibility === 'listed' && <Link to={`/groups/${g.id}`}>View the public page</Link>}
      </p>
      <p className="muted">Ground rules version {g.groundRules.version} is in use.</p>
      <h2>Settings</h2>
      {!canEdit && (
        <p>Only the provider's admins can change these settings. As a facilitator, you can edit the ground rules.</p>
      )}
      <GroupForm
        initial={fromGroup(g)}
        staff={staff.data.staff}
        providerId={g.providerId}
        submitLabel="Save changes"
        busyLabel="Saving…"
        readOnly={!canEdit}
        status={saved}
        onSubmit={save}
      />
    </section>
  );
}

interface GroupValues {
  name: string;
  description: string;
  /** As typed: comma separated. */
  topics: string;
  /** As typed: empty means no limit. */
  capacity: string;
  visibility: Group['visibility'];
  admission: Group['admission'];
  dropIns: boolean;
  /** As typed. */
  guestLimit: string;
  facilitatorIds: string[];
  supportLines: EditableLine[];
}

const blankGroup = (): GroupValues => ({
  name: '',
  description: '',
  topics: '',
  capacity: '',
  visibility: 'listed',
  admission: 'waiting_room',
  dropIns: false,
  guestLimit: String(DEFAULT_GUEST_LIMIT),
  facilitatorIds: [],
  supportLines: DEFAULT_SUPPORT_LINES.map((line) => ({ ...line, key: newKey() })),
});

const fromGroup = (g: Group): GroupValues => ({
  name: g.name,
  description: g.description,
  topics: g.topics.join(', '),
  capacity: g.capacity === null ? '' : String(g.capacity),
  visibility: g.visibility,
  admission: g.admission,
  dropIns: g.dropIns,
  guestLimit: String(g.guestLimit),
  facilitatorIds: g.facilitators.map((f) => f.userId),
  supportLines: g.supportLines.map((line) => ({ ...line, key: newKey() })),
});

function toBody(v: GroupValues) {
  const topics = [...new Set(v.topics.split(',').map((t) => t.trim()))].filter(Boolean);
  return {
    name: v.name.trim(),
    description: v.description.trim(),
    topics,
    capacity: v.capacity.trim() === '' ? null : Number(v.capacity),
    visibility: v.visibility,
    admission: v.admission,
    dropIns: v.dropIns,
    guestLimit: Number(v.guestLimit),
    facilitatorIds: v.facilitatorIds,
    supportLines: v.supportLines.map(({ key: _key, ...line }) => line),
  };
}

/** Messages for a field and anything under it (`topics` and `topics.3`), as one string. */
function under(fields: Record<string, string>, name: string): string | undefined {
  const found = Object.entries(fields)
    .filter(([key]) => key === name || key.startsWith(`${name}.`))
    .map(([, message]) => message);
  return found.length ? found.join(' ') : undefined;
}

interface GroupFormProps {
  initial: GroupValues;
  staff: StaffMember[];
  providerId: string;
  submitLabel: string;
  busyLabel: string;
  readOnly?: boolean;
  status?: string;
  onSubmit(values: GroupValues): Promise<void>;
}

function GroupForm({ initial, staff, providerId, submitLabel, busyLabel, readOnly, status, onSubmit }: GroupFormProps) {
  const [values, setValues] = useState(initial);
  const { form, errors, busy, submit } = useFormSubmit(() => onSubmit(values));
  const fields = errors?.fields ?? {};
  const set = <K extends keyof GroupValues>(key: K, value: GroupValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));

  function toggleFacilitator(userId: string, on: boolean) {
    set(
      'facilitatorIds',
      on ? [...values.facilitatorIds, userId] : values.facilitatorIds.filter((id) => id !== userId),
    );
  }

  const visibilityError = describeFieldError('Visibility', fields.visibility);
  const admissionError = describeFieldError('Admission', fields.admission);
  const facilitatorsError = under(fields, 'facilitatorIds');

  return (
    <form ref={form} onSubmit={submit} className="card">
      <fieldset disabled={readOnly} className="plain">
        <Field id="group-name" label="Group name" error={under(fields, 'name') ?? fields.slug}>
          {(p) => (
            <input
              {...p}
              value={values.name}
              onChange={(e) => set('name', e.target.value)}
              required
              minLength={2}
              maxLength={120}
            />
          )}
        </Field>
        <Field
          id="group-description"
          label="Description"
          hint="Who the group is for and what a session is like, in a few friendly sentences."
          error={fields.description}
        >
          {(p) => (
            <textarea
              {...p}
              rows={5}
              value={values.description}
              onChange={(e) => set('description', e.target.value)}
              maxLength={4000}
            />
          )}
        </Field>
        <Field
          id="group-topics"
          label="Topics"
          hint="Separate topics with commas, for example: anxiety, low mood, carers. Up to 12."
          error={under(fields, 'topics')}
        >
          {(p) => <input {...p} value={values.topics} onChange={(e) => set('topics', e.target.value)} />}
        </Field>
        <Field
          id="group-capacity"
          label="Capacity"
          hint="The most members at once, from 1 to 500. Leave empty for no limit."
          error={fields.capacity}
        >
          {(p) => (
            <input
              {...p}
              type="number"
              inputMode="numeric"
              min={1}
              max={500}
              step={1}
              value={values.capacity}
              onChange={(e) => set('capacity', e.target.value)}
              className="short"
            />
          )}
        </Field>

        <fieldset className="group" aria-describedby={visibilityError ? 'visibility-error' : undefined}>
          <legend>Who can find the group</legend>
          {visibilityError && <FieldError id="visibility-error">{visibilityError}</FieldError>}
          <Choice
            type="radio"
            name="visibility"
            id="visibility-listed"
            checked={values.visibility === 'listed'}
            onChange={() => set('visibility', 'listed')}
            label="Listed: anyone can see its page and ask to join"
          />
          <Choice
            type="radio"
            name="visibility"
            id="visibility-invite-only"
            checked={values.visibility === 'invite_only'}
            onChange={() => set('visibility', 'invite_only')}
            label="Invitation only: hidden, people join by invitation"
          />
        </fieldset>

        <fieldset className="group" aria-describedby={admissionError ? 'admission-error' : undefined}>
          <legend>How people get into a session</legend>
          {admissionError && <FieldError id="admission-error">{admissionError}</FieldError>}
          <Choice
            type="radio"
            name="admission"
            id="admission-waiting-room"
            checked={values.admission === 'waiting_room'}
            onChange={() => set('admission', 'waiting_room')}
            label="Waiting room: a facilitator lets each person in (recommended)"
          />
          <Choice
            type="radio"
            name="admission"
            id="admission-open-door"
            checked={values.admission === 'open_door'}
            onChange={() => set('admission', 'open_door')}
            label="Open door: members go straight in once a facilitator is there"
          />
          <Choice
            type="checkbox"
            name="dropIns"
            id="drop-ins"
            checked={values.dropIns}
            onChange={(checked) => set('dropIns', checked)}
            label="Drop-ins welcome: people not on the roster may join online sessions with just a display name (they always wait to be let in)"
          />
          {values.dropIns && (
            <Field
              id="group-guest-limit"
              label="Most guests at once"
              hint={`Drop-in guests waiting or in the call at the same time, per session (1 to ${MAX_GUEST_LIMIT}). Keeps one person from filling the waiting room.`}
              error={fields.guestLimit}
            >
              {(p) => (
                <input
                  {...p}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={MAX_GUEST_LIMIT}
                  step={1}
                  value={values.guestLimit}
                  onChange={(e) => set('guestLimit', e.target.value)}
                  className="short"
                />
              )}
            </Field>
          )}
          {values.dropIns && values.visibility === 'invite_only' && (
            <p className="hint" role="note">
              An invite-only group takes no drop-ins: only people on its roster can join its sessions. Make the group
              listed to welcome drop-ins.
            </p>
          )}
        </fieldset>

        <fieldset
          className="group"
          aria-describedby={facilitatorsError ? 'facilitators-hint facilitators-error' : 'facilitators-hint'}
        >
          <legend>Facilitators</legend>
          <p id="facilitators-hint" className="hint">
            Choose from the provider's staff. To add someone, go to the{' '}
            <Link to={`/admin/${providerId}/staff`}>staff page</Link> first.
          </p>
          {facilitatorsError && (
            <FieldError id="facilitators-error">{describeFieldError('Facilitators', facilitatorsError)}</FieldError>
          )}
          {staff.map((s) => (
            <Choice
              key={s.userId}
              type="checkbox"
              name="facilitators"
              id={`facilitator-${s.userId}`}
              checked={values.facilitatorIds.includes(s.userId)}
              onChange={(on) => toggleFacilitator(s.userId, on)}
              label={`${s.name} (${s.email})`}
            />
          ))}
        </fieldset>

        <SupportLinesEditor
          lines={values.supportLines}
          onChange={(lines) => set('supportLines', lines)}
          errors={fields}
        />
      </fieldset>

      {!readOnly && (
        <>
          <FormAlert message={errors?.message} />
          <p role="status">{status}</p>
          <button type="submit" disabled={busy}>
            {busy ? busyLabel : submitLabel}
          </button>
        </>
      )}
    </form>
  );
}

interface ChoiceProps {
  type: 'radio' | 'checkbox';
  name: string;
  id: string;
  checked: boolean;
  label: string;
  onChange(checked: boolean): void;
}

function Choice({ type, name, id, checked, label, onChange }: ChoiceProps) {
  return (
    <div className="choice">
      <input type={type} name={name} id={id} checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}
