import { todayIso } from '../../../shared/dates';
import type { Db } from './connection';

/*
 * What the core remembers until the office changes (docs/city-scale.md "Counted once"): at a city's
 * size a year's scores, its rankings and the plan's figures each take a second or more to count, and
 * several screens and pages read the same year. An entry is valid while its stamp holds:
 * - total_changes(), which moves with every row this connection writes;
 * - PRAGMA data_version, which moves with every commit by another connection (the CLI, a second
 *   window);
 * - the day, since some figures count from today (who is waiting, whose assignment is in force).
 * Nothing is stored inside a transaction, whose writes may yet be rolled back. What is remembered
 * names no caller: what a role may see is applied after, by the services.
 */

type Entry = { stamp: string; value: unknown };

/** Entries kept per connection, the least recently stored dropped first. */
const keep = 24;

const remembered = new WeakMap<Db, Map<string, Entry>>();

/** Where the office stands: changes as soon as anything is written or committed, or the day turns. */
function stampOf(db: Db): string {
  const own = (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  const others = db.pragma('data_version', { simple: true }) as number;
  return `${own}:${others}@${todayIso()}`;
}

/** The value remembered for `key`, if nothing changed since it was stored. */
export function recall<T>(db: Db, key: string): T | undefined {
  const hit = remembered.get(db)?.get(key);
  return hit && hit.stamp === stampOf(db) ? (hit.value as T) : undefined;
}

/** The value `compute` gives for `key`, computed again only when the office has changed since. */
export function remember<T>(db: Db, key: string, compute: () => T): T {
  const stamp = stampOf(db);
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
