import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** One email as the API writes it to the outbox folder when no SMTP server is set. */
export interface OutboxEmail {
  to: string;
  subject: string;
  text: string;
  tag: string;
  sentAt: string;
}

/**
 * The newest email to `to` (optionally of one kind), waiting for it to be written. File names
 * start with the time they were sent, so the newest sorts last.
 */
export async function waitForEmail(
  outboxDir: string,
  to: string,
  { tag, timeoutMs = 10_000 }: { tag?: string; timeoutMs?: number } = {},
): Promise<OutboxEmail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const files = (await readdir(outboxDir).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).sort();
    for (const file of files.reverse()) {
      const email = JSON.parse(await readFile(path.join(outboxDir, file), 'utf8')) as OutboxEmail;
      if (email.to.toLowerCase() === to.toLowerCase() && (tag === undefined || email.tag === tag)) return email;
    }
    if (Date.now() > deadline) throw new Error(`No email to ${to}${tag ? ` tagged ${tag}` : ''} in ${outboxDir}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The first link in an email's text that starts with `prefix`. */
export function linkIn(email: OutboxEmail, prefix: string): string {
  const link = email.text.split(/\s+/).find((word) => word.startsWith(prefix));
  if (!link) throw new Error(`The email "${email.subject}" has no link starting ${prefix}:\n${email.text}`);
  return link;
}
