import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import { useMe } from './use-me.ts';

/** Where the confirmation page offers to take the person back to, once they have confirmed. */
export const RETURN_AFTER_CONFIRMING = 'peer-support:return-after-confirming';

/**
 * For a signed-in person whose address is not confirmed yet: what to do, and a way to get
 * the email again. Nothing for anyone else. `returnTo` is remembered (in this browser) so that
 * the confirmation page can bring them back, e.g. to the invitation they were reading.
 */
export function ConfirmEmailNotice({ why, returnTo }: { why: string; returnTo?: string }) {
  const { session } = useMe();
  const [state, setState] = useState<'idle' | 'sending' | 'sent'>('idle');
  const [error, setError] = useState<string>();
  const unconfirmed = session.status === 'signed_in' && !session.me.user.emailVerified;

  useEffect(() => {
    if (!unconfirmed || !returnTo) return;
    try {
      localStorage.setItem(RETURN_AFTER_CONFIRMING, returnTo);
    } catch {
      // Storage can be off (some private windows): the confirmation page then offers the usual links.
    }
  }, [unconfirmed, returnTo]);

  if (session.status !== 'signed_in' || !unconfirmed) return null;
  const { email } = session.me.user;

  async function resend() {
    setState('sending');
    setError(undefined);
    try {
      await api('/api/auth/send-verification-email', { method: 'POST', body: { email } });
      setState('sent');
    } catch (e) {
      setError((e as Error).message);
      setState('idle');
    }
  }

  return (
    <section aria-labelledby="confirm-email-heading" className="banner confirm-email">
      <h2 id="confirm-email-heading">Check your inbox to confirm your email</h2>
      <p>
        We sent a link to <strong>{email}</strong>. Open it in this browser, signed in. {why}
      </p>
      <p role="status">{state === 'sent' ? `We have sent the email again to ${email}.` : ''}</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="button" className="secondary" disabled={state === 'sending'} onClick={() => void resend()}>
        {state === 'sending' ? 'Sending…' : 'Send the email again'}
      </button>
    </section>
  );
}
