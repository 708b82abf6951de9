import type {
  ProviderRole,
  StaffInvitation,
  StaffInvitationList,
  StaffInvitationSent,
  StaffList,
  StaffMember,
} from '@peer-support/contracts/providers';
import { useState } from 'react';
import { flushSync } from 'react-dom';
import { useParams } from 'wouter';
import { api } from '../../api.ts';
import { Field, FormAlert } from '../../forms/Field.tsx';
import { useFormSubmit } from '../../forms/use-form-submit.ts';
import { useMe, useSignedInMe } from '../../session/use-me.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { isUuid, LoadFailure, NotFoundPage } from '../../ui/LoadFailure.tsx';
import { useApi } from '../../use-api.ts';
import { usePageTitle } from '../../use-page-title.ts';
import { ProviderHeader } from './ProviderHeader.tsx';
import { ROLE_NAMES } from './roles.ts';

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
const formatWhen = (iso: string) => when.format(new Date(iso));

export default function StaffPage() {
  const { providerId = '' } = useParams();
  const me = useSignedInMe();
  const provider = me.providers.find((p) => p.id === providerId);
  usePageTitle(provider ? `Staff of ${provider.name}` : 'Staff');
  const staff = useApi<StaffList>(isUuid(providerId) ? `/api/providers/${providerId}/staff` : null);
  const isAdmin = provider?.role === 'provider_admin';
  const [message, setMessage] = useState('');

  if (!isUuid(providerId)) return <NotFoundPage />;
  if (staff.error) return <LoadFailure error={staff.error} retry={staff.reload} />;

  function announce(text: string) {
    flushSync(() => setMessage(text));
    document.getElementById('staff-message')?.focus();
  }
  function replaced(member: StaffMember) {
    staff.setData({ staff: (staff.data?.staff ?? []).map((s) => (s.userId === member.userId ? member : s)) });
  }
  function removed(member: StaffMember) {
    staff.setData({ staff: (staff.data?.staff ?? []).filter((s) => s.userId !== member.userId) });
  }

  return (
    <section>
      <ProviderHeader provider={provider} providerId={providerId} />
      <h2>Staff</h2>
      <p id="staff-message" role="status" tabIndex={-1} className={message ? 'banner' : undefined}>
        {message}
      </p>
      {!staff.data ? (
        <p role="status">Loading staff…</p>
      ) : (
        <StaffTable
          providerId={providerId}
          staff={staff.data.staff}
          myId={me.user.id}
          canManage={isAdmin}
          onChanged={(member) => {
            replaced(member);
            announce(`${member.name} is now ${ROLE_NAMES[member.role].toLowerCase()}.`);
          }}
          onRemoved={(member) => {
            removed(member);
            announce(`${member.name} is no longer on the staff.`);
          }}
        />
      )}
      {isAdmin && <Invitations providerId={providerId} />}
    </section>
  );
}

interface StaffTableProps {
  providerId: string;
  staff: StaffMember[];
  myId: string;
  canManage: boolean;
  onChanged(member: StaffMember): void;
  onRemoved(member: StaffMember): void;
}

function StaffTable({ providerId, staff, myId, canManage, onChanged, onRemoved }: StaffTableProps) {
  const { reload } = useMe();
  const [removing, setRemoving] = useState<StaffMember>();
  const [failure, setFailure] = useState('');

  async function changeRole(member: StaffMember, role: ProviderRole) {
    setFailure('');
    try {
      const changed = await api<StaffMember>(
        `/api/providers/${providerId}/staff/${encodeURIComponent(member.userId)}`,
        { method: 'PATCH', body: { role } },
      );
      // Your own role decides what these pages offer you.
      if (changed.userId === myId) await reload();
      onChanged(changed);
    } catch (e) {
      flushSync(() => setFailure((e as Error).message));
      document.getElementById('staff-failure')?.focus();
    }
  }

  return (
    <>
      {failure && (
        <p id="staff-failure" role="alert" tabIndex={-1} className="error">
          {failure}
        </p>
      )}
      <div className="table-scroll">
        <table>
          <caption className="visually-hidden">Admins and facilitators</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              {canManage && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {staff.map((s) => (
              <tr key={s.userId}>
                <th scope="row">
                  {s.name}
                  {s.userId === myId && <span className="muted"> (you)</span>}
                  {s.awaitingEmailConfirmation && (
                    <span className="hint"> Has not confirmed their email yet, so has no access until they do.</span>
                  )}
                </th>
                <td>{s.email}</td>
                <td>
                  {canManage ? (
                    <RoleCell key={s.role} member={s} onSave={(role) => changeRole(s, role)} />
                  ) : (
                    ROLE_NAMES[s.role]
                  )}
                </td>
                {canManage && (
                  <td>
                    <button type="button" className="secondary danger" onClick={() => setRemoving(s)}>
                      Remove<span className="visually-hidden"> {s.name} from the staff</span>
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {removing && (
        <ConfirmDialog
          heading={`Remove ${removing.name} from the staff?`}
          confirmLabel="Remove from the staff"
          busyLabel="Removing…"
          onCancel={() => setRemoving(undefined)}
          onConfirm={async () => {
            await api(`/api/providers/${providerId}/staff/${encodeURIComponent(removing.userId)}`, {
              method: 'DELETE',
            });
            const gone = removing;
            setRemoving(undefined);
            onRemoved(gone);
            if (gone.userId === myId) await reload();
          }}
        >
          <p>
            {removing.userId === myId ? 'You' : removing.name} will no longer see this provider, and will stop
            facilitating its groups. To bring them back, invite them again.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}

/** A role is changed with its own button, so arrowing through the choices changes nothing by itself. */
function RoleCell({ member, onSave }: { member: StaffMember; onSave(role: ProviderRole): Promise<void> }) {
  const [role, setRole] = useState<ProviderRole>(member.role);
  const [busy, setBusy] = useState(false);
  return (
    <div className="row-actions">
      <select
        aria-label={`Role of ${member.name}`}
        value={role}
        onChange={(e) => setRole(e.target.value as ProviderRole)}
      >
        <option value="facilitator">{ROLE_NAMES.facilitator}</option>
        <option value="provider_admin">{ROLE_NAMES.provider_admin}</option>
      </select>
      {role !== member.role && (
        <button
          type="button"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            await onSave(role);
            setBusy(false);
          }}
        >
          {busy ? 'Saving…' : 'Save role'}
          <span className="visually-hidden"> of {member.name}</span>
        </button>
      )}
    </div>
  );
}

/** Staff join by accepting an emailed invitation; until then they have no access. */
function Invitations({ providerId }: { providerId: string }) {
  const list = useApi<StaffInvitationList>(`/api/providers/${providerId}/staff-invitations`);
  const [message, setMessage] = useState('');
  const [failure, setFailure] = useState('');

  function say(text: string, bad = false) {
    flushSync(() => {
      setMessage(bad ? '' : text);
      setFailure(bad ? text : '');
    });
    document.getElementById(bad ? 'invitations-failure' : 'invitations-message')?.focus();
  }

  async function withdraw(invitation: StaffInvitation) {
    try {
      await api(`/api/providers/${providerId}/staff-invitations/${invitation.id}`, { method: 'DELETE' });
      list.setData({ invitations: (list.data?.invitations ?? []).filter((i) => i.id !== invitation.id) });
      say(`The invitation to ${invitation.email} was withdrawn. Its link no longer works.`);
    } catch (e) {
      say((e as Error).message, true);
    }
  }

  return (
    <section aria-labelledby="invitations-heading">
      <h2 id="invitations-heading">Invite someone to the staff</h2>
      <InviteForm
        providerId={providerId}
        onSent={(sent) => {
          const others = (list.data?.invitations ?? []).filter((i) => i.email !== sent.invitation.email);
          list.setData({ invitations: [sent.invitation, ...others] });
        }}
      />

      <h3>Invitations waiting for an answer</h3>
      <p id="invitations-message" role="status" tabIndex={-1} className={message ? 'banner' : undefined}>
        {message}
      </p>
      {failure && (
        <p id="invitations-failure" role="alert" tabIndex={-1} className="error">
          {failure}
        </p>
      )}
      {list.error && (
        <div role="alert">
          <p className="error">{list.error.message}</p>
          <button type="button" onClick={list.reload}>
            Try again
          </button>
        </div>
      )}
      {!list.data && !list.error && <p role="status">Loading invitations…</p>}
      {list.data?.invitations.length === 0 && <p>No invitations are waiting.</p>}
      {list.data && list.data.invitations.length > 0 && (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">Staff invitations waiting for an answer, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Sent</th>
                <th scope="col">Expires</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.data.invitations.map((i) => (
                <tr key={i.id}>
                  <th scope="row">{i.email}</th>
                  <td>{ROLE_NAMES[i.role]}</td>
                  <td>
                    <time dateTime={i.sentAt}>{formatWhen(i.sentAt)}</time>
                  </td>
                  <td>
                    <time dateTime={i.expiresAt}>{formatWhen(i.expiresAt)}</time>
                  </td>
                  <td>
                    <button type="button" className="secondary danger" onClick={() => void withdraw(i)}>
                      Withdraw<span className="visually-hidden"> the invitation to {i.email}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function InviteForm({ providerId, onSent }: { providerId: string; onSent(sent: StaffInvitationSent): void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<ProviderRole>('facilitator');
  const [done, setDone] = useState('');
  const { form, errors, busy, submit } = useFormSubmit(async () => {
    setDone('');
    const sent = await api<StaffInvitationSent>(`/api/providers/${providerId}/staff-invitations`, {
      method: 'POST',
      body: { email: email.trim(), role },
    });
    onSent(sent);
    setDone(sent.message);
    setEmail('');
  });

  return (
    <form ref={form} onSubmit={submit} className="card">
      <p className="muted">
        We email them a link. They sign in, or make an account, with that address, confirm it and accept; only then are
        they on the staff. They do not need an account yet.
      </p>
      <Field id="staff-email" label="Their email address" error={errors?.fields.email}>
        {(p) => (
          <input
            {...p}
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
            maxLength={254}
            autoComplete="off"
          />
        )}
      </Field>
      <Field
        id="staff-role"
        label="Role"
        hint="Facilitators host sessions and edit the ground rules of the groups they facilitate. Provider admins also manage groups, staff and rosters."
        error={errors?.fields.role}
      >
        {(p) => (
          <select {...p} value={role} onChange={(e) => setRole(e.target.value as ProviderRole)}>
            <option value="facilitator">{ROLE_NAMES.facilitator}</option>
            <option value="provider_admin">{ROLE_NAMES.provider_admin}</option>
          </select>
        )}
      </Field>
      <FormAlert message={errors?.message} />
      <p role="status">{done}</p>
      <button type="submit" disabled={busy}>
        {busy ? 'Sending…' : 'Send invitation'}
      </button>
    </form>
  );
}
