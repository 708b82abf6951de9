/**
 * What anyone may read of the schedule (what's on, the directory) is kept in memory on each API
 * node, and this version says when to drop it. It rises:
 * - at once, after a committed write through this process that changes what those answers
 *   show (series, exceptions, groups, the demo seed), so the writer's very next request sees it;
 * - when the database says such a change was committed: its triggers send `listing_changed`
 *   (migration 0011), which covers other nodes, the materialiser and anything else;
 * - when the connection that listens is (re)made, since notices sent while it was down are lost.
 * The caches also expire after a short while, as a last resort.
 *
 * Per process, not per app: tests run several apps in one process, which only means that one
 * app's change makes the others read again too.
 */
let version = 0;

/** The NOTIFY channel the database's triggers send on. */
export const LISTING_CHANNEL = 'listing_changed';

export const listingVersion = (): number => version;

/** Call after a committed change that alters what an anonymous visitor's schedule shows. */
export function listingChanged(): void {
  version += 1;
}
