import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';

interface EraseDialogProps {
  name: string;
  providerName: string;
  /** Whether they hold a place in this group (active or paused), which goes to the waiting list. */
  holdsPlace: boolean;
  nextInLine: string | null;
  /** Erases; a rejection is shown in the dialog, which stays open. */
  onConfirm(): Promise<void>;
  onCancel(): void;
}

/** Confirms erasing a person's data, saying plainly how far it reaches. */
export function EraseDialog({ name, providerName, holdsPlace, nextInLine, onConfirm, onCancel }: EraseDialogProps) {
  const place = !holdsPlace
    ? ''
    : nextInLine
      ? ` Their place here goes to ${nextInLine}, first on the waiting list.`
      : ' Their place here becomes free.';
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
        They stay in your counts as “Erased member”, so your numbers add up, but they no longer hold a place and can
        never be brought back: if they want to return, invite them again.{place} This cannot be undone.
      </p>
    </ConfirmDialog>
  );
}
