/**
 * Where each person's tile goes. The pinned person (pinned by a facilitator, for everyone)
 * gets the large stage and the rest sit in a strip; otherwise everyone shares one grid whose
 * column count keeps tiles as large as the count allows.
 */
export interface TileLayout<T> {
  stage: T | null;
  others: T[];
  /** Columns for `others` when there is no stage. */
  columns: number;
}

export function arrangeTiles<T>(
  tiles: readonly T[],
  identityOf: (tile: T) => string,
  pinned: string | null,
): TileLayout<T> {
  const stage = pinned === null ? undefined : tiles.find((t) => identityOf(t) === pinned);
  const others = stage === undefined ? [...tiles] : tiles.filter((t) => t !== stage);
  return { stage: stage ?? null, others, columns: gridColumns(others.length) };
}

/** The smallest square-ish grid that holds `count` tiles, capped so tiles stay recognisable. */
export function gridColumns(count: number): number {
  if (count <= 1) return 1;
  return Math.min(MAX_COLUMNS, Math.ceil(Math.sqrt(count)));
}

export const MAX_COLUMNS = 5;
