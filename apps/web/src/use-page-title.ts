import { useEffect } from 'react';

/** Names the browser tab after the page, so screen-reader users hear where they landed. */
export function usePageTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · Peer support`;
  }, [title]);
}
