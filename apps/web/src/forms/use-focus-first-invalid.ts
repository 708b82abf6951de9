import { type RefObject, useEffect } from 'react';

/** After a failed submit, takes the keyboard to the first input the API complained about. */
export function useFocusFirstInvalid(form: RefObject<HTMLFormElement | null>, errors: unknown) {
  useEffect(() => {
    if (errors) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [form, errors]);
}
