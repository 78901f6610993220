import type { Db } from '../db/connection';
import { scoresStamp } from './appraisal.repo';

/*
 * What the appraisal tables remember until the office changes (docs/ranking.md "Scored once until the office changes"): a
 * city's year takes a second or more to score, and the ranking's populations, each page of its
 * ranked rows and the 状況一覧 all read the same year. An entry is valid while its stamp holds
 * (appraisal.repo.ts scoresStamp: nothing written by this connection nor committed by another
 * since). Nothing is remembered inside a transaction, whose writes may yet be rolled back. What is
 * remembered names no caller: what a role may see is applied after, by the services.
 */

type Entry = { stamp: string; value: unknown };

/** Entries kept per connection, the least recently stored dropped first. */
const keep = 8;

const remembered = new WeakMap<Db, Map<string, Entry>>();

/** The value remembered for `key`, if nothing changed since it was stored. */
export function recall<T>(db: Db, key: string): T | undefined {
  const hit = remembered.get(db)?.get(key);
  return hit && hit.stamp === scoresStamp(db) ? (hit.value as T) : undefined;
}

/** The value `compute` gives for `key`, computed again only when the office has changed since. */
export function remember<T>(db: Db, key: string, compute: () => T): T {
  const stamp = scoresStamp(db);
  const hit = remembered.get(db)?.get(key);
  if (hit && hit.stamp === stamp) return hit.value as T;
  if (db.inTransaction) return compute();
  // Stamped as of before the computing: a commit by another connection meanwhile changes the stamp.
  const value = compute();
  let entries = remembered.get(db);
  if (!entries) {
    entries = new Map();
    remembered.set(db, entries);
  }
  entries.delete(key);
  entries.set(key, { stamp, value });
  for (const old of entries.keys()) {
    if (entries.size <= keep) break;
    entries.delete(old);
  }
  return value;
}
