import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { pageInput } from '../../shared/api/common';
import { likePattern, orderOfValues, pageClause, pageOfRows } from '../../electron/core/db/paging';

/* The paging contract of the list channels (docs/lists.md). */

type Row = { no: string; name: string; hired: string | null };

const people: Row[] = [
  { no: '0003', name: 'う', hired: '2020-04-01' },
  { no: '0001', name: 'あ', hired: null },
  { no: '0002', name: 'い', hired: '2020-04-01' },
  { no: '0005', name: 'お', hired: '2019-04-01' },
  { no: '0004', name: 'え', hired: null },
];

const values = { no: (r: Row) => r.no, name: (r: Row) => r.name, hired: (r: Row) => r.hired };

function sqlPage(page: { offset: number; limit: number; sort?: 'no' | 'name' | 'hired'; desc?: boolean }): string[] {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE p (no TEXT PRIMARY KEY, name TEXT, hired TEXT)');
  const insert = db.prepare('INSERT INTO p VALUES (@no, @name, @hired)');
  for (const r of people) insert.run(r);
  const { sql, params } = pageClause({ no: 'no', name: 'name', hired: 'hired' }, page, 'no', 'no');
  const rows = db.prepare(`SELECT no FROM p ${sql}`).all(params) as { no: string }[];
  db.close();
  return rows.map((r) => r.no);
}

describe('one page of a list', () => {
  it('sorts by the field, nulls last in either direction, ties by the key', () => {
    const asc = { offset: 0, limit: 10, sort: 'hired' as const };
    expect(pageOfRows(people, asc, values, (r) => r.no, 'no').rows.map((r) => r.no)).toEqual([
      '0005',
      '0002',
      '0003',
      '0001',
      '0004',
    ]);
    expect(sqlPage(asc)).toEqual(['0005', '0002', '0003', '0001', '0004']);
    const desc = { ...asc, desc: true };
    expect(pageOfRows(people, desc, values, (r) => r.no, 'no').rows.map((r) => r.no)).toEqual([
      '0003',
      '0002',
      '0005',
      '0004',
      '0001',
    ]);
    expect(sqlPage(desc)).toEqual(['0003', '0002', '0005', '0004', '0001']);
  });

  it('cuts consecutive pages without overlap, counts the whole list, and answers an empty page past the end', () => {
    const first = pageOfRows(people, { offset: 0, limit: 2 }, values, (r) => r.no, 'no');
    const second = pageOfRows(people, { offset: 2, limit: 2 }, values, (r) => r.no, 'no');
    const third = pageOfRows(people, { offset: 4, limit: 2 }, values, (r) => r.no, 'no');
    expect([...first.rows, ...second.rows, ...third.rows].map((r) => r.no)).toEqual([
      '0001',
      '0002',
      '0003',
      '0004',
      '0005',
    ]);
    expect(first.total).toBe(5);
    expect(pageOfRows(people, { offset: 10, limit: 2 }, values, (r) => r.no, 'no').rows).toEqual([]);
    expect(sqlPage({ offset: 2, limit: 2 })).toEqual(['0003', '0004']);
  });

  it('accepts only the channel’s own sort fields and pages of at most 200 rows', () => {
    const schema = pageInput(['no', 'name']);
    expect(schema.safeParse({ offset: 0, limit: 50, sort: 'name', desc: true }).success).toBe(true);
    expect(schema.safeParse({ offset: 0, limit: 50, sort: 'name; DROP TABLE p' }).success).toBe(false);
    expect(schema.safeParse({ offset: 0, limit: 201 }).success).toBe(false);
    expect(schema.safeParse({ offset: -1, limit: 10 }).success).toBe(false);
    expect(schema.safeParse({ offset: 0, limit: 10, extra: 1 }).success).toBe(false);
  });
});

describe('the boards’ SQL pieces', () => {
  it('finds text anywhere with its own % _ \\ taken literally, and sorts a column in a given order', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (v TEXT, status TEXT)');
    const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
    for (const [v, st] of [
      ['100%達成', '提出済'],
      ['1000達成', '未提出'],
      ['a_b', '面談済'],
      ['axb', '提出済'],
    ])
      insert.run(v, st);
    const like = (text: string) =>
      (
        db.prepare("SELECT v FROM t WHERE v LIKE ? ESCAPE '\\' ORDER BY v").all(likePattern(text)) as { v: string }[]
      ).map((r) => r.v);
    expect(like('0%')).toEqual(['100%達成']);
    expect(like('_')).toEqual(['a_b']);
    expect(like('達成')).toEqual(['100%達成', '1000達成']);
    const order = orderOfValues('status', ['未提出', '提出済', '面談済']);
    const sorted = db.prepare(`SELECT v FROM t ORDER BY ${order}, v`).all() as { v: string }[];
    expect(sorted.map((r) => r.v)).toEqual(['1000達成', '100%達成', 'axb', 'a_b']);
    db.close();
  });
});
