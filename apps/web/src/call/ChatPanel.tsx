import type { Room } from 'livekit-client';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { chatText } from './chat-log.ts';
import { clockTime } from './time-words.ts';
import { useChat } from './use-chat.ts';

/** The call's text chat: a log read out as it grows, and a box where Enter sends. */
export function ChatPanel({ room }: { room: Room }) {
  const { lines, send } = useChat(room);
  const [draft, setDraft] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const list = useRef<HTMLDivElement>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new line is the reason to scroll.
  useEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lines.length]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const text = chatText(draft);
    if (!text || sending) return;
    setSending(true);
    setError(null);
    try {
      await send(text);
      setDraft('');
    } catch {
      setError('Your message was not sent. Check your connection and try again.');
    } finally {
      setSending(false);
    }
  }

  return (
    <section aria-labelledby="chat-heading" className="call-panel chat">
      <h2 id="chat-heading">Chat</h2>
      <p className="muted">Messages are not saved: they disappear when you leave.</p>
      <div ref={list} className="chat-log" role="log" aria-label="Chat messages">
        <ol className="plain-list">
          {lines.map((line) => (
            <li key={line.id} data-mine={line.mine}>
              <span className="chat-from">{line.from}</span>{' '}
              <time className="muted" dateTime={new Date(line.at).toISOString()}>
                {clockTime(line.at)}
              </time>
              <p>{line.text}</p>
            </li>
          ))}
        </ol>
      </div>
      <form onSubmit={submit} className="chat-form">
        <label htmlFor="chat-message">Message everyone in the call</label>
        <textarea
          id="chat-message"
          rows={2}
          maxLength={1000}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            // Enter sends, Shift+Enter starts a new line, as in every chat people know.
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              e.currentTarget.form?.requestSubmit();
            }
          }}
        />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={sending}>
          {sending ? 'Sending…' : 'Send'}
        </button>
      </form>
    </section>
  );
}
