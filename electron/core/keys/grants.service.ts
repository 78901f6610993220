import { todayIso } from '../../../shared/dates';
import type { Db } from '../db/connection';
import type { Actor } from '../system/audit.repo';
import { appendAudit } from '../system/audit.repo';
import { wrapFor } from './ciphers';
import { grantPurpose, personPurpose } from './keychain';
import type { Keychain } from './keychain';
import {
  allGrants,
  deleteGrant,
  deletePersonWrap,
  existingPersonGrants,
  keyedAccounts,
  officeDbId,
  peopleWithKeys,
  putGrant,
  putPersonWrap,
  wantedPersonGrants,
} from './keys.repo';
import type { OfficeKeyName, SealDomain } from './keys.repo';

/*
 * Keys follow the people (docs/sealed-data.md). Who should hold what is derived from the accounts
 * and the evaluator assignments as they are now:
 *
 * - the confidential key and the signing key: every enabled HR account;
 * - the postings key: every enabled HR and personnel account;
 * - a person's self-report key: their own enabled account and the enabled evaluator accounts of
 *   their 調整者 (assignments in force today in their latest year); a person's postings key: their
 *   own account.
 *
 * reconcileGrants removes every wrap that should no longer exist (that needs no key) and makes
 * every missing one the caller's keychain can make (that needs the key: in practice an HR login).
 * It runs at every HR login and after every change to accounts or assignments.
 */

const officeKeysOfRole: Record<string, readonly OfficeKeyName[]> = {
  hr: ['confidential', 'postings', 'signing'],
  personnel: ['postings'],
  evaluator: [],
  staff: [],
};

export type GrantChanges = { granted: number; revoked: number; pending: number };

export function reconcileGrants(db: Db, keys: Keychain, actor: Actor | null): GrantChanges {
  return db.transaction(() => {
    const dbId = officeDbId(db);
    const out: GrantChanges = { granted: 0, revoked: 0, pending: 0 };
    const accounts = keyedAccounts(db);
    const wanted = new Map<string, Buffer>();
    for (const a of accounts) {
      for (const name of officeKeysOfRole[a.role] ?? []) wanted.set(`${name}:${a.accountId}`, a.publicKey);
    }
    const have = new Set<string>();
    for (const g of allGrants(db)) {
      const id = `${g.keyName}:${g.accountId}`;
      if (wanted.has(id)) have.add(id);
      else {
        deleteGrant(db, g.keyName, g.accountId);
        out.revoked += 1;
      }
    }
    for (const [id, publicKey] of wanted) {
      if (have.has(id)) continue;
      const [name, account] = id.split(':') as [OfficeKeyName, string];
      const key = keys.officeKey(name);
      if (!key) {
        out.pending += 1;
        continue;
      }
      putGrant(db, name, Number(account), wrapFor(publicKey, key, grantPurpose(dbId, name, Number(account))));
      out.granted += 1;
    }
    for (const domain of ['selfReport', 'postings'] as const) reconcilePersons(db, keys, domain, dbId, out);
    if (actor && (out.granted > 0 || out.revoked > 0)) {
      appendAudit(db, actor, { action: 'keys.reconcile', entity: 'office', after: { ...out } });
    }
    return out;
  })();
}

function reconcilePersons(db: Db, keys: Keychain, domain: SealDomain, dbId: string, out: GrantChanges): void {
  const keyed = peopleWithKeys(db, domain);
  const wanted = new Map<string, { staffId: number; accountId: number; publicKey: Buffer }>();
  for (const g of wantedPersonGrants(db, domain, todayIso())) {
    if (keyed.has(g.staffId)) wanted.set(`${g.staffId}:${g.accountId}`, g);
  }
  const have = new Set<string>();
  for (const g of existingPersonGrants(db, domain)) {
    const id = `${g.staffId}:${g.accountId}`;
    if (wanted.has(id)) have.add(id);
    else {
      deletePersonWrap(db, domain, g.staffId, g.accountId);
      out.revoked += 1;
    }
  }
  for (const [id, g] of wanted) {
    if (have.has(id)) continue;
    const key = keys.personKey(db, domain, g.staffId);
    if (!key) {
      out.pending += 1;
      continue;
    }
    putPersonWrap(
      db,
      domain,
      g.staffId,
      g.accountId,
      wrapFor(g.publicKey, key, personPurpose(dbId, domain, g.staffId, g.accountId)),
    );
    out.granted += 1;
  }
}
