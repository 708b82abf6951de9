import type { CalendarFeed } from '@peer-support/contracts/schedule';
import { useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { api, isNotFound } from '../api.ts';
import { Field } from '../forms/Field.tsx';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { CopyButton } from '../ui/CopyButton.tsx';
import { useApi } from '../use-api.ts';

/** A private subscription link for all of the person's sessions, and a way to replace it if it leaks. */
export function PrivateCalendarFeed() {
  const feed = useApi<CalendarFeed>('/api/me/calendar-feed');
  const [confirming, setConfirming] = useState(false);
  const [said, setSaid] = useState('');
  const saidRef = useRef<HTMLParagraphElement>(null);

  // An API without the feed answers 404: then there is simply nothing to offer. Nothing shows
  // while it loads either, so the block does not flash up and vanish.
  if (feed.error ? isNotFound(feed.error) : !feed.data) return null;

  async function reset() {
    feed.setData(await api<CalendarFeed>('/api/me/calendar-feed/reset', { method: 'POST', body: {} }));
    flushSync(() => {
      setConfirming(false);
      setSaid('Your new private link is ready. The old one no longer works, so add this one to your calendar app.');
    });
    saidRef.current?.focus();
  }

  return (
    <section aria-labelledby="feed-heading" className="card">
      <h2 id="feed-heading">Your sessions in your calendar app</h2>
      {feed.error ? (
        <div role="alert">
          <p className="error">{feed.error.message}</p>
          <button type="button" onClick={feed.reload}>
            Try again
          </button>
        </div>
      ) : (
        feed.data && (
          <>
            <p>
              <a href={feed.data.url.replace(/^https?:/, 'webcal:')}>Subscribe in your calendar app</a>
              <span className="muted">
                {' '}
                — every session of every group you are in, kept up to date, with changes and cancellations.
              </span>
            </p>
            <Field
              id="my-feed-url"
              label="Your private calendar address"
              hint="Keep it to yourself: anyone with this address can see your sessions. If the link does not open your calendar app, copy this address into its “add calendar from URL” option."
            >
              {(p) => (
                <input {...p} readOnly value={feed.data?.url} onFocus={(e) => e.target.select()} className="wide" />
              )}
            </Field>
            <CopyButton text={feed.data.url} label="private calendar address" />
            <p ref={saidRef} role="status" tabIndex={-1} className={said ? 'banner' : undefined}>
              {said}
            </p>
            <p>
              Shared it by mistake? Make a new private link: the old one stops working at once, and calendars using it
              stop showing your sessions until you add the new one.
            </p>
            <button type="button" className="secondary" onClick={() => setConfirming(true)}>
              Make a new private link
            </button>
            {confirming && (
              <ConfirmDialog
                heading="Make a new private link?"
                confirmLabel="Make a new link"
                busyLabel="Making a new link…"
                onConfirm={reset}
                onCancel={() => setConfirming(false)}
              >
                <p>
                  The link you have now stops working straight away. Any calendar app using it will stop showing your
                  sessions until you give it the new link.
                </p>
              </ConfirmDialog>
            )}
          </>
        )
      )}
    </section>
  );
}
