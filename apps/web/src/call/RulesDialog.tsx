import { useEffect, useRef } from 'react';

/**
 * The group's ground rules, put on everyone's screen by a facilitator. A modal <dialog> holds
 * the focus until it is dismissed, then gives it back to where it was.
 */
export function RulesDialog({ rules, onClose }: { rules: string[]; onClose(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!d.open) d.showModal();
    button.current?.focus();
    return () => {
      d.close();
      before?.focus();
    };
  }, []);

  return (
    <dialog
      ref={dialog}
      className="card dialog rules-dialog"
      aria-labelledby="rules-dialog-heading"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id="rules-dialog-heading">Our ground rules</h2>
      <p>A facilitator has asked everyone to take a moment with the group's ground rules.</p>
      <ol className="ground-rules">
        {rules.map((rule) => (
          <li key={rule}>{rule}</li>
        ))}
      </ol>
      <div className="actions">
        <button type="button" ref={button} onClick={onClose}>
          I have read them
        </button>
      </div>
    </dialog>
  );
}
