import { type FormEvent, useRef, useState } from 'react';
import { type FormErrors, formErrors } from './form-errors.ts';
import { useFocusFirstInvalid } from './use-focus-first-invalid.ts';

export interface FormSubmitOptions {
  /**
   * The form stays disabled after it succeeds, for forms the page replaces once they are done
   * (a sign-up that navigates away, a join request that becomes its answer): the button cannot
   * be pressed twice while that happens.
   */
  doneStaysBusy?: boolean;
  /** Something to do besides showing the error, e.g. reload what the refusal says is stale. */
  onError?(error: unknown): void;
}

/**
 * Every form's submit, once: no second send while one is in flight, the server's errors
 * shown against their fields and the first invalid field focused, busy cleared when it fails.
 * The form passes `form` as its ref and `submit` as its onSubmit.
 */
export function useFormSubmit(send: () => Promise<unknown>, options: FormSubmitOptions = {}) {
  const form = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>();
  const [busy, setBusy] = useState(false);
  useFocusFirstInvalid(form, errors);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setErrors(undefined);
    try {
      await send();
      if (!options.doneStaysBusy) setBusy(false);
    } catch (error) {
      setErrors(formErrors(error));
      setBusy(false);
      options.onError?.(error);
    }
  }

  /** For a form whose fields move (a list reordered): old errors point at old places. */
  const clearErrors = () => setErrors(undefined);

  return { form, errors, busy, submit, clearErrors };
}
