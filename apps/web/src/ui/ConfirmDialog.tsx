import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { FormAlert } from '../forms/Field.tsx';

interface ConfirmDialogProps {
  heading: string;
  confirmLabel: string;
  busyLabel: string;
  children: ReactNode;
  /** Does the thing; a rejection is shown in the dialog, which stays open. */
  onConfirm(): Promise<void>;
  onCancel(): void;
}

/**
 * Asks before a change whose consequences a person should read first (erasing, removing,
 * pausing). A modal <dialog> keeps the
 * page inert and gives Escape for free; Cancel has the focus first, so a stray Enter does nothing.
 */
export function ConfirmDialog({ heading, confirmLabel, busyLabel, children, onConfirm, onCancel }: ConfirmDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const id = useId();

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (!d.open) d.showModal();
    cancel.current?.focus();
    return () => d.close();
  }, []);

  async function confirm() {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm();
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  }

  return (
    <dialog
      ref={dialog}
      className="card dialog"
      aria-labelledby={`${id}-heading`}
      aria-describedby={`${id}-description`}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <h2 id={`${id}-heading`}>{heading}</h2>
      <div id={`${id}-description`}>{children}</div>
      <FormAlert message={error} />
      <div className="actions">
        <button type="button" ref={cancel} className="secondary" onClick={() => !busy && onCancel()}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={() => void confirm()}>
          {busy ? busyLabel : confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
