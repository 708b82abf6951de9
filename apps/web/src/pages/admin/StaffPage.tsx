import type { ProviderRole, StaffList, StaffMember } from '@peer-support/contracts/providers';
import { type FormEvent, useRef, useState } from 'react';
import { useParams } from 'wouter';
import { api } from '../../api.ts';
import { Field, FormAlert } from '../../forms/Field.tsx';
import { type FormErrors, formErrors } from '../../forms/form-errors.ts';
import { useFocusFirstInvalid } from '../../forms/use-focus-first-invalid.ts';
import { useSignedInMe } from '../../session/use-me.ts';
import { useApi } from '../../use-api.ts';
import { usePageTitle } from '../../use-page-title.ts';
import { isUuid, LoadFailure, NotFoundPage } from './LoadFailure.tsx';
import { ProviderHeader } from './ProviderHeader.tsx';
import { ROLE_NAMES } from './roles.ts';

export default function StaffPage() {
  const { providerId } = useParams();
  const me = useSignedInMe();
  const provider = me.providers.find((p) => p.id === providerId);
  usePageTitle(provider ? `Staff of ${provider.name}` : 'Staff');
  const staff = useApi<StaffList>(isUuid(providerId) ? `/api/providers/${providerId}/staff` : null);

  if (!isUuid(providerId)) return <NotFoundPage />;
  if (staff.error) return <LoadFailure error={staff.error} retry={staff.reload} />;

  function added(member: StaffMember) {
    const rest = staff.data?.staff.filter((s) => s.userId !== member.userId) ?? [];
    staff.setData({ staff: [...rest, member].sort((a, b) => a.name.localeCompare(b.name)) });
  }

  return (
    <section>
      <ProviderHeader provider={provider} providerId={providerId} />
      <h2>Staff</h2>
      {!staff.data ? (
        <p role="status">Loading staff…</p>
      ) : (
        <table>
          <caption className="visually-hidden">Admins and facilitators</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
            </tr>
          </thead>
          <tbody>
            {staff.data.staff.map((s) => (
              <tr key={s.userId}>
                <td>{s.name}</td>
                <td>{s.email}</td>
                <td>{ROLE_NAMES[s.role]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {provider?.role === 'provider_admin' && <AddStaffForm providerId={providerId} onAdded={added} />}
    </section>
  );
}

function AddStaffForm({ providerId, onAdded }: { providerId: string; onAdded(member: StaffMember): void }) {
  const form = useRef<HTMLFormElement>(null);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<ProviderRole>('facilitator');
  const [errors, setErrors] = useState<FormErrors>();
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);

  useFocusFirstInvalid(form, errors);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors(undefined);
    setDone('');
    try {
      const member = await api<StaffMember>(`/api/providers/${providerId}/staff`, {
        method: 'POST',
        body: { email: email.trim(), role },
      });
      onAdded(member);
      setDone(`${member.name} is now ${ROLE_NAMES[member.role].toLowerCase()}.`);
      setEmail('');
    } catch (e) {
      setErrors(formErrors(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form ref={form} onSubmit={submit} className="card">
      <h3>Add someone</h3>
      <p className="muted">
        They need an account first: ask them to sign up, then add them here. Adding someone who is already staff changes
        their role.
      </p>
      <Field id="staff-email" label="Their email address" error={errors?.fields.email}>
        {(p) => (
          <input
            {...p}
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
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
            <option value="facilitator">Facilitator</option>
            <option value="provider_admin">Provider admin</option>
          </select>
        )}
      </Field>
      <FormAlert message={errors?.message} />
      <p role="status">{done}</p>
      <button type="submit" disabled={busy}>
        {busy ? 'Adding…' : 'Add to staff'}
      </button>
    </form>
  );
}
