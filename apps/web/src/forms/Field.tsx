import type { ReactNode } from 'react';
import { describeFieldError } from './form-errors.ts';

export interface ControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}

interface FieldProps {
  id: string;
  label: string;
  hint?: ReactNode;
  /** The API's message for this input, if it had one. */
  error?: string | undefined;
  /** Renders the input, select or textarea with the given id and ARIA wiring. */
  children: (control: ControlProps) => ReactNode;
}

/** A labelled control with its hint and its error, both read out with it. */
export function Field({ id, label, hint, error, children }: FieldProps) {
  const message = describeFieldError(label, error);
  const describedBy = [hint && `${id}-hint`, message && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {children({
        id,
        ...(describedBy && { 'aria-describedby': describedBy }),
        ...(message && { 'aria-invalid': true as const }),
      })}
      {message && <FieldError id={`${id}-error`}>{message}</FieldError>}
    </div>
  );
}

export function FieldError({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p id={id} className="field-error">
      {children}
    </p>
  );
}

/** The form's own message after a failed submit; announced as soon as it appears. */
export function FormAlert({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <p role="alert" className="error">
      {message}
    </p>
  );
}
