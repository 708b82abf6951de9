type CallModule = typeof import('../pages/CallPage.tsx');

let loaded: CallModule | null = null;

/**
 * The call's code (CallPage, with livekit-client), loaded on demand: the waiting room starts
 * the download while the person waits, so on admission only the join itself remains.
 */
export const loadCallPage = () =>
  import('../pages/CallPage.tsx').then((module) => {
    loaded = module;
    return module;
  });

/**
 * The call page if its code is here already. Rendering it directly, rather than through
 * `lazy()`, matters: a lazy component suspends once even when its code is loaded, and React
 * then holds the fallback on screen for its 300 ms reveal throttle.
 */
export const loadedCallPage = () => loaded?.default ?? null;

/**
 * Loads the call's code and warms the connection to the media server (DNS, TLS), once per
 * page. Failures are ignored: the call page loads and connects the ordinary way.
 */
let warming: Promise<void> | null = null;
export function prepareCall(callUrl: string): Promise<void> {
  warming ??= loadCallPage()
    .then((page) => page.prepareConnection(callUrl))
    .catch(() => {
      warming = null;
    });
  return warming;
}
