import type { GroundRules, GroundRulesHistory, Group } from '@peer-support/contracts/groups';
import { MAX_GROUND_RULE_LENGTH, MAX_GROUND_RULES } from '@peer-support/domain/ground-rules';
import { useState } from 'react';
import { flushSync } from 'react-dom';
import { useParams } from 'wouter';
import { api } from '../../api.ts';
import { FieldError, FormAlert } from '../../forms/Field.tsx';
import { useFormSubmit } from '../../forms/use-form-submit.ts';
import { useSignedInMe } from '../../session/use-me.ts';
import { isUuid, LoadFailure, NotFoundPage } from '../../ui/LoadFailure.tsx';
import { useApi } from '../../use-api.ts';
import { usePageTitle } from '../../use-page-title.ts';
import { Breadcrumbs } from './Breadcrumbs.tsx';
import { newKey } from './keys.ts';

const savedAt = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short' });

export default function GroundRulesPage() {
  const { groupId } = useParams();
  const me = useSignedInMe();
  const valid = isUuid(groupId);
  const group = useApi<Group>(valid ? `/api/groups/${groupId}` : null);
  const rules = useApi<GroundRulesHistory>(valid ? `/api/groups/${groupId}/ground-rules` : null);
  const [savedMessage, setSavedMessage] = useState('');
  usePageTitle(group.data ? `Ground rules: ${group.data.name}` : 'Ground rules');

  if (!valid) return <NotFoundPage />;
  const error = group.error ?? rules.error;
  if (error) return <LoadFailure error={error} retry={group.error ? group.reload : rules.reload} />;
  if (!group.data || !rules.data) return <p role="status">Loading the ground rules…</p>;

  const g = group.data;
  const provider = me.providers.find((p) => p.id === g.providerId);

  function saved(version: GroundRules) {
    const history = rules.data?.history ?? [];
    flushSync(() => {
      rules.setData({ current: version, history: [version, ...history] });
      setSavedMessage(`Saved version ${version.version}. It is now in use.`);
    });
    // The editor was replaced by a fresh one; keep the keyboard near where it was.
    document.getElementById('rules-saved')?.focus();
  }

  return (
    <section>
      <Breadcrumbs
        trail={[
          { to: `/admin/${g.providerId}`, label: provider?.name ?? 'Provider' },
          { to: `/admin/groups/${g.id}`, label: g.name },
          { label: 'Ground rules' },
        ]}
      />
      <h1>Ground rules for {g.name}</h1>
      <p>
        Members read and accept these before they join a session. Short sentences and plain words work best for someone
        reading on a small phone. Saving makes a new version; earlier versions are kept below.
      </p>
      <p role="status" id="rules-saved" tabIndex={-1} className={savedMessage ? 'banner' : undefined}>
        {savedMessage}
      </p>
      <RulesEditor
        // A fresh editor for each saved version, so it starts from exactly what was stored.
        key={rules.data.current.version}
        groupId={g.id}
        current={rules.data.current}
        onSaved={saved}
        onEditing={() => setSavedMessage('')}
      />
      <History history={rules.data.history} currentVersion={rules.data.current.version} myId={me.user.id} />
    </section>
  );
}

type Rule = { key: string; text: string };

interface EditorProps {
  groupId: string;
  current: GroundRules;
  onSaved(version: GroundRules): void;
  /** The person started another save: an earlier "saved" message no longer applies. */
  onEditing(): void;
}

function RulesEditor({ groupId, current, onSaved, onEditing }: EditorProps) {
  const [rules, setRules] = useState<Rule[]>(() => current.rules.map((text) => ({ key: newKey(), text })));
  const [announcement, setAnnouncement] = useState('');
  const texts = rules.map((r) => r.text.trim());
  const { form, errors, busy, submit, clearErrors } = useFormSubmit(
    async () => {
      setAnnouncement('');
      onEditing();
      onSaved(await api<GroundRules>(`/api/groups/${groupId}/ground-rules`, { method: 'PUT', body: { rules: texts } }));
    },
    { doneStaysBusy: true },
  );
  const changed = texts.length !== current.rules.length || texts.some((t, i) => t !== current.rules[i]);
  const listError = errors?.fields.rules;

  /** Changes the list, then puts focus where the person expects it (React re-creates moved nodes). */
  function change(next: Rule[], focusId: string, message: string) {
    // Old field errors point at old positions; they no longer apply.
    flushSync(() => {
      setRules(next);
      clearErrors();
    });
    document.getElementById(focusId)?.focus();
    setAnnouncement(message);
  }

  function move(index: number, by: -1 | 1) {
    const rule = rules[index];
    const target = index + by;
    if (!rule || target < 0 || target >= rules.length) return;
    const next = rules.filter((_, i) => i !== index);
    next.splice(target, 0, rule);
    // At the top or bottom, that button is disabled; the other one keeps focus nearby.
    const atEdge = target === 0 || target === rules.length - 1;
    const button = atEdge ? (by === -1 ? 'down' : 'up') : by === -1 ? 'up' : 'down';
    change(next, `rule-${rule.key}-${button}`, `Rule moved to position ${target + 1} of ${rules.length}.`);
  }

  function remove(index: number) {
    const neighbour = rules[index + 1] ?? rules[index - 1];
    change(
      rules.filter((_, i) => i !== index),
      neighbour ? `rule-${neighbour.key}` : 'add-rule',
      `Rule ${index + 1} removed.`,
    );
  }

  function add() {
    const rule = { key: newKey(), text: '' };
    change([...rules, rule], `rule-${rule.key}`, `Rule ${rules.length + 1} added at the end.`);
  }

  return (
    <form ref={form} onSubmit={submit} className="card" aria-labelledby="edit-rules-heading">
      <h2 id="edit-rules-heading">Edit the rules</h2>
      <p className="muted">
        Version {current.version} is in use. Up to {MAX_GROUND_RULES} rules of up to {MAX_GROUND_RULE_LENGTH} characters
        each.
      </p>
      {listError && <FieldError id="rules-error">{listError}</FieldError>}
      <ol className="rule-list" aria-describedby={listError ? 'rules-error' : undefined}>
        {rules.map((rule, i) => {
          const n = i + 1;
          const id = `rule-${rule.key}`;
          const error = errors?.fields[`rules.${i}`];
          return (
            <li key={rule.key}>
              <label htmlFor={id}>Rule {n}</label>
              <textarea
                id={id}
                rows={3}
                value={rule.text}
                maxLength={MAX_GROUND_RULE_LENGTH}
                onChange={(e) => setRules(rules.map((r) => (r.key === rule.key ? { ...r, text: e.target.value } : r)))}
                {...(error ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {})}
              />
              {error && <FieldError id={`${id}-error`}>{error}</FieldError>}
              <div className="rule-actions">
                <button
                  type="button"
                  id={`${id}-up`}
                  className="secondary"
                  onClick={() => move(i, -1)}
                  disabled={i === 0}
                >
                  Move up<span className="visually-hidden"> rule {n}</span>
                </button>
                <button
                  type="button"
                  id={`${id}-down`}
                  className="secondary"
                  onClick={() => move(i, 1)}
                  disabled={i === rules.length - 1}
                >
                  Move down<span className="visually-hidden"> rule {n}</span>
                </button>
                <button type="button" className="secondary danger" onClick={() => remove(i)}>
                  Remove<span className="visually-hidden"> rule {n}</span>
                </button>
              </div>
            </li>
          );
        })}
      </ol>
      <p>
        <button
          type="button"
          id="add-rule"
          className="secondary"
          onClick={add}
          disabled={rules.length >= MAX_GROUND_RULES}
        >
          Add a rule
        </button>
      </p>
      <p role="status" className="visually-hidden">
        {announcement}
      </p>
      <FormAlert message={errors?.message} />
      {!changed && <p className="muted">No changes yet. Edit, add, remove or reorder the rules, then save.</p>}
      <button type="submit" disabled={busy || !changed}>
        {busy ? 'Saving…' : `Save as version ${current.version + 1}`}
      </button>
    </form>
  );
}

function History({ history, currentVersion, myId }: { history: GroundRules[]; currentVersion: number; myId: string }) {
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">Version history</h2>
      <p className="muted">Newest first. Each version is kept, so we know which rules each member agreed to.</p>
      <ol className="plain-list history">
        {history.map((v) => (
          <li key={v.version} className="card">
            <h3>
              Version {v.version}
              {v.version === currentVersion && ' (in use)'}
            </h3>
            <p className="muted">
              Saved <time dateTime={v.createdAt}>{savedAt.format(new Date(v.createdAt))}</time>
              {v.createdBy === myId ? ' by you' : v.createdByName && ` by ${v.createdByName}`}
            </p>
            <details>
              <summary>
                Show the {v.rules.length} rules<span className="visually-hidden"> of version {v.version}</span>
              </summary>
              <ol>
                {v.rules.map((rule) => (
                  <li key={rule}>{rule}</li>
                ))}
              </ol>
            </details>
          </li>
        ))}
      </ol>
    </section>
  );
}
