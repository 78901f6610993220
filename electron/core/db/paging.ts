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

/** A LIKE pattern that finds `text` anywhere, its own % _ and \ taken literally (with ESCAPE '\'). */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/gu, (c) => `\\${c}`)}%`;
}

/**
 * The people boards' search (目標管理 進捗状況, 自己申告 提出状況 and 担当職員): over a board with the
 * columns staffNo, name, kana and section, it finds 職員番号, 氏名 or ふりがな (spaces ignored) or 所属.
 * Its parameters come from `boardSearchParams`.
 */
export const boardSearchSql = `(@key = '' OR staffNo LIKE @like ESCAPE '\\'
        OR replace(replace(name, '　', ''), ' ', '') LIKE @like ESCAPE '\\'
        OR replace(replace(kana, '　', ''), ' ', '') LIKE @like ESCAPE '\\'
        OR (@text <> '' AND (instr(replace(replace(name, '　', ''), ' ', ''), @text) > 0
          OR instr(coalesce(section, ''), @text) > 0)))`;

/** `key`: the search key (shared/text.ts searchKey, '' for no search); `text`: the query without spaces. */
export function boardSearchParams(key: string, text: string): { key: string; like: string; text: string } {
  return { key, like: likePattern(key), text };
}

/** An SQL expression that sorts `column` in the order of `values` (a status, a rank). */
export function orderOfValues(column: string, values: readonly string[]): string {
  return `CASE ${column} ${values.map((v, i) => `WHEN '${v.replace(/'/gu, "''")}' THEN ${i}`).join(' ')} END`;
}

/**
 * The page of a people board: `org` (the default) is the organisation's order — section, 担当, then
 * 職員番号 (columns sectionSort, sectionId, lineSort, staffNo), reversed for `desc`; any other field
 * goes through pageClause with `columns`.
 */
export function boardPageOrder<F extends string>(
  columns: Record<Exclude<F, 'org'>, string>,
  page: PageRequest<F | 'org'>,
): { sql: string; params: { pageLimit: number; pageOffset: number } } {
  const sort = page.sort ?? 'org';
  if (sort !== 'org') {
    const field = sort as Exclude<F, 'org'>;
    return pageClause(columns, { ...page, sort: field }, 'staffNo', field);
  }
  const dir = page.desc ? 'DESC' : 'ASC';
  return {
    sql: `ORDER BY sectionSort ${dir}, sectionId ${dir}, lineSort ${dir}, staffNo ${dir} LIMIT @pageLimit OFFSET @pageOffset`,
    params: { pageLimit: page.limit, pageOffset: page.offset },
  };
}
