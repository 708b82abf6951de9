import type { CreateInvite, Invite, InviteList } from '@peer-support/contracts/roster';
import { type FormEvent, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { api } from '../../api.ts';
import { Field, FormAlert } from '../../forms/Field.tsx';
import { type FormErrors, formErrors } from '../../forms/form-errors.ts';
import { useFocusFirstInvalid } from '../../forms/use-focus-first-invalid.ts';
import { CopyButton } from '../../ui/CopyButton.tsx';
import { useApi } from '../../use-api.ts';
import { INVITE_STATUS_LABELS, inviteStatus } from './roster-words.ts';

const expiry = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
const formatExpiry = (iso: string) => expiry.format(new Date(iso));

/** Invitations skip the request step: whoever accepts one gets a place, or the waiting list if full. */
export function InvitesPanel({ groupId }: { groupId: string }) {
  const invites = useApi<InviteList>(`/api/groups/${groupId}/invites`);
  const [message, setMessage] = useState('');
  const [failure, setFailure] = useState('');

  function created(invite: Invite) {
    invites.setData({ invites: [invite, ...(invites.data?.invites ?? [])] });
  }

  async function revoke(invite: Invite) {
    setMessage('');
    setFailure('');
    try {
      const revoked = await api<Invite>(`/api/groups/${groupId}/invites/${invite.id}`, { method: 'DELETE' });
      flushSync(() => {
        invites.setData({ invites: (invites.data?.invites ?? []).map((i) => (i.id === revoked.id ? revoked : i)) });
        setMessage(`${describe(invite)} was revoked. It no longer works.`);
      });
      document.getElementById('invites-message')?.focus();
    } catch (e) {
      flushSync(() => setFailure((e as Error).message));
      document.getElementById('invites-failure')?.focus();
    }
  }

  return (
    <section aria-labelledby="invites-heading" className="invites">
      <h2 id="invites-heading">Invitations</h2>
      <p className="muted">
        Someone who accepts an invitation joins straight away (or goes on the waiting list when the group is full),
        after reading and accepting the ground rules.
      </p>
      <div className="invite-forms">
        <EmailInviteForm groupId={groupId} onCreated={created} />
        <LinkInviteForm groupId={groupId} onCreated={created} />
      </div>

      <h3>Invitations so far</h3>
      <p id="invites-message" role="status" tabIndex={-1} className={message ? 'banner' : undefined}>
        {message}
      </p>
      {failure && (
        <p id="invites-failure" role="alert" tabIndex={-1} className="error">
          {failure}
        </p>
      )}
      {invites.error && (
        <div role="alert">
          <p className="error">{invites.error.message}</p>
          <button type="button" onClick={invites.reload}>
            Try again
          </button>
        </div>
      )}
      {!invites.data && !invites.error && <p role="status">Loading invitations…</p>}
      {invites.data?.invites.length === 0 && <p>No invitations yet.</p>}
      {invites.data && invites.data.invites.length > 0 && (
        <InviteTable invites={invites.data.invites} onRevoke={(i) => void revoke(i)} />
      )}
    </section>
  );
}

/** How an invitation is named in the table and in messages. */
const describe = (invite: Invite) =>
  invite.kind === 'email' ? `The invitation to ${invite.email ?? 'an erased person'}` : 'The shareable link';

function InviteTable({ invites, onRevoke }: { invites: Invite[]; onRevoke(invite: Invite): void }) {
  const now = new Date();
  return (
    <div className="table-scroll">
      <table>
        <caption className="visually-hidden">Invitations, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Invitation</th>
            <th scope="col">Status</th>
            <th scope="col">Expires</th>
            <th scope="col">Used</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {invites.map((invite) => {
            const status = inviteStatus(invite, now);
            const what = invite.kind === 'email' ? `Email to ${invite.email ?? 'an erased person'}` : 'Shareable link';
            const expires = formatExpiry(invite.expiresAt);
            return (
              <tr key={invite.id}>
                <th scope="row">{what}</th>
                <td>{INVITE_STATUS_LABELS[status]}</td>
                <td>
                  <time dateTime={invite.expiresAt}>{expires}</time>
                </td>
                <td>
                  {invite.maxUses === null ? invite.uses : `${invite.uses} of ${invite.maxUses}`}
                  <span className="visually-hidden"> {invite.uses === 1 ? 'time' : 'times'}</span>
                </td>
                <td>
                  <div className="row-actions">
                    {status === 'active' && invite.kind === 'link' && (
                      <CopyButton text={invite.url} label={`link that expires ${expires}`} />
                    )}
                    {status === 'active' && (
                      <button type="button" className="secondary danger" onClick={() => onRevoke(invite)}>
                        Revoke
                        <span className="visually-hidden">
                          {invite.kind === 'email'
                            ? ` the invitation to ${invite.email ?? 'an erased person'}`
                            : ` the link that expires ${expires}`}
                        </span>
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

const DAY_CHOICES = [7, 14, 30, 90];

function ExpiryField({ id, days, onChange }: { id: string; days: number; onChange(days: number): void }) {
  return (
    <Field id={id} label="Works for">
      {(p) => (
        <select {...p} value={days} onChange={(e) => onChange(Number(e.target.value))} className="short">
          {DAY_CHOICES.map((d) => (
            <option key={d} value={d}>
              {d} days
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

interface InviteFormProps {
  groupId: string;
  onCreated(invite: Invite): void;
}

function useCreateInvite(groupId: string, onCreated: (invite: Invite) => void) {
  const form = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>();
  const [busy, setBusy] = useState(false);
  useFocusFirstInvalid(form, errors);

  async function create(body: CreateInvite): Promise<Invite | undefined> {
    setBusy(true);
    setErrors(undefined);
    try {
      const invite = await api<Invite>(`/api/groups/${groupId}/invites`, { method: 'POST', body });
      onCreated(invite);
      return invite;
    } catch (e) {
      setErrors(formErrors(e));
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  return { form, errors, busy, create };
}

function EmailInviteForm({ groupId, onCreated }: InviteFormProps) {
  const { form, errors, busy, create } = useCreateInvite(groupId, onCreated);
  const [email, setEmail] = useState('');
  const [days, setDays] = useState(14);
  const [sent, setSent] = useState('');

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSent('');
    const invite = await create({ kind: 'email', email: email.trim(), expiresInDays: days });
    if (invite) {
      setSent(`Invitation emailed to ${invite.email}. It works once, until ${formatExpiry(invite.expiresAt)}.`);
      setEmail('');
    }
  }

  return (
    <form ref={form} onSubmit={submit} className="card" aria-labelledby="email-invite-heading">
      <h3 id="email-invite-heading">Email an invitation</h3>
      <p className="muted">For one person: only they can use it, once, signed in with this address.</p>
      <Field id="invite-email" label="Their email address" error={errors?.fields.email}>
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
      <ExpiryField id="invite-email-days" days={days} onChange={setDays} />
      <FormAlert message={errors?.message} />
      <p role="status">{sent}</p>
      <button type="submit" disabled={busy}>
        {busy ? 'Sending…' : 'Send invitation'}
      </button>
    </form>
  );
}

function LinkInviteForm({ groupId, onCreated }: InviteFormProps) {
  const { form, errors, busy, create } = useCreateInvite(groupId, onCreated);
  const [days, setDays] = useState(14);
  const [link, setLink] = useState<Invite>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const invite = await create({ kind: 'link', expiresInDays: days });
    if (invite) {
      flushSync(() => setLink(invite));
      document.getElementById('invite-link')?.focus();
    }
  }

  return (
    <form ref={form} onSubmit={submit} className="card" aria-labelledby="link-invite-heading">
      <h3 id="link-invite-heading">Create a shareable link</h3>
      <p className="muted">For several people: anyone with the link can join until it expires or you revoke it.</p>
      <ExpiryField id="invite-link-days" days={days} onChange={setDays} />
      <FormAlert message={errors?.message} />
      <button type="submit" disabled={busy} className={link ? 'secondary' : undefined}>
        {busy ? 'Creating…' : link ? 'Create another link' : 'Create a link'}
      </button>
      {link && (
        <div className="new-link">
          <Field
            id="invite-link"
            label="Your new link"
            hint={`Works until ${formatExpiry(link.expiresAt)}. Share it only with people you mean to invite.`}
          >
            {(p) => <input {...p} readOnly value={link.url} onFocus={(e) => e.target.select()} className="wide" />}
          </Field>
          <CopyButton text={link.url} label="new link" />
        </div>
      )}
    </form>
  );
}
