import { Link } from 'wouter';
import { ApiRequestError } from '../api.ts';

/**
 * What a page shows when its data would not load. The API answers 404 for anything the
 * person has no standing in (never "forbidden", so it confirms nothing), and so do we.
 */
export function LoadFailure({ error, retry, admin = true }: { error: Error; retry?: () => void; admin?: boolean }) {
  if (error instanceof ApiRequestError && error.status === 404) {
    return <NotFoundPage message={error.message} admin={admin} />;
  }
  return (
    <section>
      <h1>Something went wrong</h1>
      <p role="alert" className="error">
        {error.message}
      </p>
      {retry && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </section>
  );
}

/** `admin`: whether the page was an admin page, so a link back to the admin pages makes sense. */
export function NotFoundPage({ message, admin = true }: { message?: string; admin?: boolean }) {
  return (
    <section>
      <h1>Not found</h1>
      <p role="alert">{message ?? 'That page was not found. Check the link.'}</p>
      {admin ? (
        <p>
          Go to <Link to="/admin">your admin pages</Link>, or <Link to="/">see what's on</Link>.
        </p>
      ) : (
        <p>
          <Link to="/">See what's on</Link>.
        </p>
      )}
    </section>
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string | undefined): value is string => value !== undefined && UUID.test(value);
