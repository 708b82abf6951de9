import { useSearch } from 'wouter';

/** One query-string value. */
export function useSearchParam(name: string): string | null {
  return new URLSearchParams(useSearch()).get(name);
}
