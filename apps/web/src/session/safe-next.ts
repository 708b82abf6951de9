/**
 * Where to go after signing in, from `?next=`: only a path on this site, so a crafted link
 * cannot send someone elsewhere once they have signed in.
 */
export function safeNext(next: string | null, fallback = '/'): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}
