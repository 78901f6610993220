import type { Page, PageRequest } from '../../../shared/api/common';

/*
 * Paging for the list channels (docs/lists.md). A list is filtered, counted and sorted in SQL and
 * only the requested page leaves the database; a list that is computed in JavaScript anyway (the
 * ranking) is sorted and sliced with `pageOfRows`. Both break ties by the list's key, so consecutive
 * pages never overlap or skip a row.
 */

/**
 * `ORDER BY … LIMIT … OFFSET …` for a page: `columns` maps each sortable field to its SQL expression
 * (written by the repository, never taken from the caller), `key` is the unique tie-breaker. The
 * limit and offset are integers the channel's schema has checked, and are bound, not spliced.
 */
export function pageClause<F extends string>(
  columns: Record<F, string>,
  page: PageRequest<F>,
  key: string,
  fallback: F,
): { sql: string; params: { pageLimit: number; pageOffset: number } } {
  const field = page.sort ?? fallback;
  const expr = columns[field];
  const dir = page.desc ? 'DESC' : 'ASC';
  // NULLs last in either direction: an empty 所属 or date never crowds the first page.
  const sql = `ORDER BY (${expr}) IS NULL, ${expr} ${dir}, ${key} ${dir} LIMIT @pageLimit OFFSET @pageOffset`;
  return { sql, params: { pageLimit: page.limit, pageOffset: page.offset } };
}

type Comparable = string | number | boolean | null | undefined;

/**
 * A page of rows already in memory: sorted by the field's value (nulls last), ties by `key`, then
 * sliced. `values` maps each sortable field to the value a row sorts by.
 */
export function pageOfRows<T, F extends string>(
  rows: readonly T[],
  page: PageRequest<F>,
  values: Record<F, (row: T) => Comparable>,
  key: (row: T) => string,
  fallback: F,
): Page<T> {
  const value = values[page.sort ?? fallback];
  const sign = page.desc ? -1 : 1;
  const sorted = [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    const xNull = x === null || x === undefined;
    const yNull = y === null || y === undefined;
    if (xNull !== yNull) return xNull ? 1 : -1;
    if (!xNull && !yNull && x !== y) return (x < y ? -1 : 1) * sign;
    const kx = key(a);
    const ky = key(b);
    return kx === ky ? 0 : (kx < ky ? -1 : 1) * sign;
  });
  return { rows: sorted.slice(page.offset, page.offset + page.limit), total: rows.length };
}
