import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';

interface MessageFormProps {
  id: string;
  /** The person the facilitator is acting on, for every label. */
  name: string;
  /** What the submit button does: "Deny", "Remove". Its accessible name is "<verb> <name>". */
  verb: string;
  busy: boolean;
  children?: ReactNode;
  onSubmit(message: string): void;
  onCancel(): void;
}

/**
 * The second step of deny and remove: an optional kind word to the person, then the action.
 * The focus moves into it on opening, so a keyboard user lands where the next step is.
 */
export function MessageForm({ id, name, verb, busy, children, onSubmit, onCancel }: MessageFormProps) {
  const [message, setMessage] = useState('');
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    form.current?.querySelector<HTMLElement>('input, textarea')?.focus();
  }, []);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!busy) onSubmit(message);
  }

  return (
    <form ref={form} onSubmit={submit} className="console-form" aria-label={`${verb} ${name}`}>
      {children}
      <label htmlFor={`${id}-message`}>Message to {name} (optional)</label>
      <textarea
        id={`${id}-message`}
        rows={2}
        maxLength={500}
        value={message}
        onChange={(e) => setMessage(e.target.value)}
      />
      <div className="row-actions">
        <button type="submit" className="danger">
          {busy ? `${verb}…` : verb}
          <span className="visually-hidden"> {name}</span>
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
