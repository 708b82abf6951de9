import type { Provider } from '@peer-support/contracts/providers';
import { useState } from 'react';
import { useLocation } from 'wouter';
import { api } from '../../api.ts';
import { Field, FormAlert } from '../../forms/Field.tsx';
import { useFormSubmit } from '../../forms/use-form-submit.ts';
import { useMe } from '../../session/use-me.ts';
import { usePageTitle } from '../../use-page-title.ts';

export default function NewProviderPage() {
  usePageTitle('Start a provider');
  const { reload } = useMe();
  const [, navigate] = useLocation();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const { form, errors, busy, submit } = useFormSubmit(
    async () => {
      const provider = await api<Provider>('/api/providers', {
        method: 'POST',
        body: { name: name.trim(), ...(slug.trim() && { slug: slug.trim() }) },
      });
      await reload();
      navigate(`/admin/${provider.id}`);
    },
    { doneStaysBusy: true },
  );

  return (
    <section className="narrow">
      <h1>Start a provider</h1>
      <p>
        A provider is the organisation that runs peer-support groups: a charity, a service or a grassroots group. You
        will be its admin, and can add facilitators and other admins afterwards.
      </p>
      <form ref={form} onSubmit={submit} className="card">
        <Field
          id="provider-name"
          label="Provider name"
          hint="As members will see it, for example Leith Peer Network."
          error={errors?.fields.name}
        >
          {(p) => (
            <input
              {...p}
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              minLength={2}
              maxLength={120}
              autoComplete="organization"
            />
          )}
        </Field>
        <Field
          id="provider-slug"
          label="Short web name (optional)"
          hint="Lower-case letters, digits and hyphens, like leith-peer-network. Leave empty and we make one from the name."
          error={errors?.fields.slug}
        >
          {(p) => (
            <input
              {...p}
              value={slug}
              onChange={(e) => setSlug(e.target.value)}
              minLength={2}
              maxLength={60}
              pattern="[a-z0-9]+(-[a-z0-9]+)*"
              autoCapitalize="none"
              spellCheck={false}
            />
          )}
        </Field>
        <FormAlert message={errors?.message} />
        <button type="submit" disabled={busy}>
          {busy ? 'Starting…' : 'Start provider'}
        </button>
      </form>
    </section>
  );
}
