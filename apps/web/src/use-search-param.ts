import { useLocation } from 'react-router';

/**
 * One query-string value. (react-router's useSearchParams would work too, but it pulls code
 * into the first download that only the lazy pages need.)
 */
export function useSearchParam(name: string): string | null {
  return new URLSearchParams(useLocation().search).get(name);
}
