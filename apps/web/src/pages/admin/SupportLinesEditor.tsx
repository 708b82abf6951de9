import type { SupportLine } from '@peer-support/contracts/groups';
import { MAX_SUPPORT_LINES } from '@peer-support/domain/support-lines';
import { useState } from 'react';
import { flushSync } from 'react-dom';
import { Field, FieldError } from '../../forms/Field.tsx';
import { newKey } from './keys.ts';

export type EditableLine = SupportLine & { key: string };

interface Props {
  lines: EditableLine[];
  onChange(lines: EditableLine[]): void;
  /** Field errors keyed like `supportLines.0.phone`, plus `supportLines` for the list. */
  errors: Record<string, string>;
}

/** The phone numbers a group shows its members; each line is its own small fieldset. */
export function SupportLinesEditor({ lines, onChange, errors }: Props) {
  const [announcement, setAnnouncement] = useState('');
  const listError = errors.supportLines;

  function update(index: number, patch: Partial<SupportLine>) {
    onChange(lines.map((line, i) => (i === index ? { ...line, ...patch } : line)));
  }

  function add() {
    const line = { key: newKey(), name: '', phone: '', hours: '', description: '' };
    flushSync(() => onChange([...lines, line]));
    document.getElementById(`line-${line.key}-name`)?.focus();
    setAnnouncement(`Support line ${lines.length + 1} added.`);
  }

  function remove(index: number) {
    const next = lines[index + 1] ?? lines[index - 1];
    flushSync(() => onChange(lines.filter((_, i) => i !== index)));
    document.getElementById(next ? `line-${next.key}-name` : 'add-support-line')?.focus();
    setAnnouncement(`Support line ${index + 1} removed.`);
  }

  return (
    <fieldset className="group" aria-describedby={listError ? 'support-lines-error' : 'support-lines-hint'}>
      <legend>Support lines</legend>
      <p id="support-lines-hint" className="hint">
        Shown to members, so they know where to turn between sessions. Peer support is not a crisis service: keep at
        least one line that is open around the clock.
      </p>
      {listError && <FieldError id="support-lines-error">{listError}</FieldError>}
      {lines.map((line, i) => {
        const n = i + 1;
        const id = (field: string) => `line-${line.key}-${field}`;
        const error = (field: keyof SupportLine) => errors[`supportLines.${i}.${field}`];
        return (
          <fieldset key={line.key} className="support-line">
            <legend>
              Support line {n}
              {line.name.trim() && `: ${line.name.trim()}`}
            </legend>
            <Field id={id('name')} label="Name" error={error('name')}>
              {(p) => (
                <input
                  {...p}
                  value={line.name}
                  onChange={(e) => update(i, { name: e.target.value })}
                  required
                  maxLength={80}
                />
              )}
            </Field>
            <Field id={id('phone')} label="Phone number" error={error('phone')}>
              {(p) => (
                <input
                  {...p}
                  type="tel"
                  value={line.phone}
                  onChange={(e) => update(i, { phone: e.target.value })}
                  required
                  maxLength={30}
                />
              )}
            </Field>
            <Field
              id={id('hours')}
              label="Opening hours"
              hint="For example: 24 hours a day, every day."
              error={error('hours')}
            >
              {(p) => (
                <input
                  {...p}
                  value={line.hours}
                  onChange={(e) => update(i, { hours: e.target.value })}
                  required
                  maxLength={120}
                />
              )}
            </Field>
            <Field id={id('description')} label="What it offers (optional)" error={error('description')}>
              {(p) => (
                <textarea
                  {...p}
                  rows={2}
                  value={line.description}
                  onChange={(e) => update(i, { description: e.target.value })}
                  maxLength={300}
                />
              )}
            </Field>
            <button type="button" className="secondary" onClick={() => remove(i)}>
              Remove<span className="visually-hidden"> support line {n}</span>
            </button>
          </fieldset>
        );
      })}
      <button
        type="button"
        id="add-support-line"
        className="secondary"
        onClick={add}
        disabled={lines.length >= MAX_SUPPORT_LINES}
      >
        Add a support line
      </button>
      <p role="status" className="visually-hidden">
        {announcement}
      </p>
    </fieldset>
  );
}
