import { useState } from 'react';
import { Field, FormAlert } from '../../forms/Field.tsx';
import { useFormSubmit } from '../../forms/use-form-submit.ts';
import { type ChangeFrom, changeWords, previewWords, type SeriesValues } from '../../schedule/series-values.ts';
import { EndFields, PlaceFields, RepeatFields, WhenFields } from './SeriesFields.tsx';

interface SeriesFormProps {
  /** Prefix for input ids, so an edit form and the add form can share the page. */
  idPrefix: string;
  initial: SeriesValues;
  submitLabel: string;
  busyLabel: string;
  /** Set when changing a series: how much of it has met. */
  changeFrom?: ChangeFrom;
  /** `effectiveFrom` is the day the admin chose for the change to apply from, or empty. */
  onSubmit(values: SeriesValues, effectiveFrom: string): Promise<void>;
  onCancel?(): void;
}

export function SeriesForm({
  idPrefix,
  initial,
  submitLabel,
  busyLabel,
  changeFrom,
  onSubmit,
  onCancel,
}: SeriesFormProps) {
  const [values, setValues] = useState(initial);
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const { form, errors, busy, submit } = useFormSubmit(() => onSubmit(values, effectiveFrom));

  const set = <K extends keyof SeriesValues>(key: K, value: SeriesValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));
  const id = (name: string) => `${idPrefix}-${name}`;
  const fieldError = (...keys: string[]) =>
    keys
      .map((k) => errors?.fields[k])
      .filter(Boolean)
      .join(' ') || undefined;

  const fields = { values, set, id, fieldError };

  return (
    <form ref={form} onSubmit={submit} noValidate className="series-form">
      <FormAlert message={errors?.message} />

      <RepeatFields {...fields} />
      <WhenFields {...fields} />
      <EndFields {...fields} />
      <PlaceFields {...fields} />

      {changeFrom && changeFrom.met > 0 && (
        <fieldset className="group">
          <legend>From when</legend>
          <Field
            id={id('effective-from')}
            label="Change from (optional)"
            hint="Leave empty to change it from the next session. Sessions before this day keep what they were."
            error={fieldError('effectiveFrom')}
          >
            {(p) => (
              <input {...p} type="date" value={effectiveFrom} onChange={(e) => setEffectiveFrom(e.target.value)} />
            )}
          </Field>
        </fieldset>
      )}

      <div className="preview">
        <p id={id('preview-label')} className="preview-label">
          In plain words
        </p>
        <output aria-labelledby={id('preview-label')}>
          {changeFrom ? changeWords(previewWords(values), changeFrom, effectiveFrom) : previewWords(values)}
        </output>
      </div>

      <div className="actions">
        <button type="submit">{busy ? busyLabel : submitLabel}</button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
