import type { CallToken } from '@peer-support/contracts/sessions';
import { type FormEvent, useState } from 'react';
import { useParams } from 'react-router';
import { api } from '../api.ts';
import { CallView } from '../call/CallView.tsx';

/**
 * The development join page: a name, then the call. The real join flow (ground rules,
 * device check, waiting room) replaces it in issue 5.
 */
export default function CallPage() {
  const { sessionId } = useParams();
  const [name, setName] = useState('');
  const [token, setToken] = useState<CallToken | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function join(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const issued = await api<CallToken>(`/api/sessions/${sessionId}/dev-token`, {
        method: 'POST',
        body: { displayName: name },
      });
      // Marks when the token arrived, so benchmarks can time token → first remote frame.
      performance.mark('token-issued');
      setToken(issued);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  if (token) {
    return <CallView url={token.url} token={token.token} onLeave={() => setToken(null)} />;
  }
  return (
    <section>
      <h1>Join the session</h1>
      <form onSubmit={join} className="card">
        <label htmlFor="display-name">Your name in the call</label>
        <p id="display-name-hint" className="muted">
          A first name or a pseudonym is fine.
        </p>
        <input
          id="display-name"
          aria-describedby="display-name-hint"
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={60}
          required
          autoComplete="nickname"
        />
        {error && <p role="alert">{error}</p>}
        <button type="submit" disabled={busy}>
          {busy ? 'Joining…' : 'Join'}
        </button>
      </form>
    </section>
  );
}
