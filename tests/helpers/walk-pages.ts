import { expect } from 'vitest';

/** The `page` argument of a list channel (docs/lists.md). */
export type WalkPage<S extends string> = { offset: number; limit: number; sort?: S; desc?: boolean };

/**
 * Asks a list channel for every page in turn, `limit` rows each, from the first until a short page,
 * and returns the rows of all pages with the first answer. Checks on the way that every page
 * answers the same `total`, that no page is longer than asked, and that the pages together hold
 * exactly `total` rows; `same` adds a list's own check of each page against the first (its figures).
 */
export async function walkPages<A extends { total?: number }, R, S extends string = string>(
  ask: (page: WalkPage<S>) => Promise<A>,
  rowsOf: (answer: A) => readonly R[],
  options: { limit: number; sort?: S; desc?: boolean; same?: (page: A, first: A) => void },
): Promise<{ rows: R[]; first: A }> {
  const { limit, sort, desc = false, same } = options;
  const rows: R[] = [];
  let first: A | undefined;
  for (let offset = 0; ; offset += limit) {
    const answer = await ask({ offset, limit, ...(sort ? { sort, desc } : {}) });
    first ??= answer;
    expect(answer.total).toBe(first.total);
    same?.(answer, first);
    const page = rowsOf(answer);
    expect(page.length).toBeLessThanOrEqual(limit);
    rows.push(...page);
    if (page.length < limit) break;
  }
  expect(rows.length).toBe(first.total);
  return { rows, first };
}
