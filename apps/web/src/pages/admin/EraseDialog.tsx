import { ConfirmDialog } from './ConfirmDialog.tsx';

interface EraseDialogProps {
  name: string;
  providerName: string;
  /** Erases; a rejection is shown in the dialog, which stays open. */
  onConfirm(): Promise<void>;
  onCancel(): void;
}

/** Confirms erasing a person's data, saying plainly how far it reaches. */
export function EraseDialog({ name, providerName, onConfirm, onCancel }: EraseDialogProps) {
  return (
    <ConfirmDialog
      heading={`Erase ${name}’s data?`}
      confirmLabel="Erase their data"
      busyLabel="Erasing…"
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <p>
        This removes {name}’s name and email address from <strong>every group run by {providerName}</strong>, not only
        this one, and unlinks their account from those groups.
      </p>
      <p>
        The places they held still count, shown as “Erased member”, so your numbers stay right. This cannot be undone.
      </p>
    </ConfirmDialog>
  );
}
