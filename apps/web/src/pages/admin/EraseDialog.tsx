import { useEffect, useRef, useState } from 'react';
import { FormAlert } from '../../forms/Field.tsx';

interface EraseDialogProps {
  name: string;
  providerName: string;
  /** Erases; a rejection is shown in the dialog, which stays open. */
  onConfirm(): Promise<void>;
  onCancel(): void;
}

/**
 * Confirms erasing a person's data. A modal <dialog> keeps the rest of the page inert and
 * gives Escape for free; Cancel has the focus first, so a stray Enter erases nothing.
 */
export function EraseDialog({ name, providerName, onConfirm, onCancel }: EraseDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (!d.open) d.showModal();
    cancel.current?.focus();
    return () => d.close();
  }, []);

  async function confirm() {
    // Not `disabled` while busy: that would drop the keyboard focus out of the dialog.
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
      aria-labelledby="erase-heading"
      aria-describedby="erase-description"
      onCancel={(event) => {
        // Escape: let React unmount the dialog rather than the browser closing it underneath.
        event.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <h2 id="erase-heading">Erase {name}’s data?</h2>
      <div id="erase-description">
        <p>
          This removes {name}’s name and email address from <strong>every group run by {providerName}</strong>, not only
          this one, and unlinks their account from those groups.
        </p>
        <p>
          The places they held still count, shown as “Erased member”, so your numbers stay right. This cannot be undone.
        </p>
      </div>
      <FormAlert message={error} />
      <div className="actions">
        <button type="button" ref={cancel} className="secondary" onClick={() => !busy && onCancel()}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={() => void confirm()}>
          {busy ? 'Erasing…' : 'Erase their data'}
        </button>
      </div>
    </dialog>
  );
}
