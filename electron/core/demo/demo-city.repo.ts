import type { Db } from '../db/connection';

/**
 * The city demo's database access (docs/city-scale.md). The city is written with the same
 * repositories as the ward demo (so its rows are what the app itself writes), but 35,000 people
 * call those repositories' statements hundreds of thousands of times; preparing each statement once
 * and reusing it, as the benchmarks' generators do, keeps the build within a minute.
 */

/**
 * A view of `db` whose `prepare` hands back one statement per SQL text for the whole build. Only
 * for the demo's one-transaction build, where statements run one at a time (no iterator is left
 * open while the same statement runs again).
 */
export function withStatementCache(db: Db): Db {
  const statements = new Map<string, ReturnType<Db['prepare']>>();
  const prepare = (sql: string): ReturnType<Db['prepare']> => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  return new Proxy(db, {
    get(target, key, receiver) {
      if (key === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
