import crypto from 'node:crypto';
import { todayIso } from '../../../shared/dates';
import { AppError } from '../../../shared/result';
import type { Db } from '../db/connection';
import { isSealed, openValue, sealValue, unwrapWith, wrapFor } from './ciphers';
import {
  grantsOf,
  officeDbId,
  officePublicKey,
  personKeyExists,
  personWrap,
  putPersonWrap,
  readerKeyOf,
  readersGrantee,
  wantedPersonGrants,
} from './keys.repo';
import type { OfficeKeyName, SealDomain } from './keys.repo';

/*
 * What one login can open (docs/sealed-data.md): the account's private key (from its keyring slot),
 * the office keys granted to it, and the person keys reachable from those. Held in memory by the
 * session and wiped at logout; never written anywhere.
 *
 * A sealed field is named by its domain, its person and its identity (`selfReport:2026:health`);
 * that name is bound into the ciphertext, so a sealed value copied to another person, year or field
 * does not open.
 */

/** Which sealed value: the kind, whose, and which field of which record. */
export type SealedField = { domain: SealDomain; staffId: number; name: string };

export const withheldMessage: Record<SealDomain, string> = {
  selfReport:
    '健康状態・家庭の事情は封印されており、このアカウントの鍵では開けません。人事担当者がログインすると鍵が共有されます（調整者・本人・人事担当のみ）。',
  postings: '公募の応募内容は封印されており、このアカウントの鍵では開けません（本人・人事担当・人事課のみ）。',
};

export function wrapPurpose(dbId: string, what: string): string {
  return `kaname-wrap:${dbId}:${what}`;
}

export function grantPurpose(dbId: string, keyName: OfficeKeyName, accountId: number): string {
  return wrapPurpose(dbId, `grant:${keyName}:${accountId}`);
}

export function personPurpose(dbId: string, domain: SealDomain, staffId: number, grantee: number): string {
  return wrapPurpose(dbId, `person:${domain}:${staffId}:${grantee}`);
}

function fieldAad(dbId: string, f: SealedField): string {
  return `kaname-field:${dbId}:${f.domain}:${f.staffId}:${f.name}`;
}

export class Keychain {
  private readonly office = new Map<OfficeKeyName, Buffer>();
  private readonly persons = new Map<string, { wrapped: Buffer; key: Buffer }>();
  private dbIdCache: string | null = null;
  private readonly refused = new Set<OfficeKeyName>();

  constructor(
    readonly accountId: number | null,
    private accountKey: Buffer | null,
  ) {}

  /** A login's keychain: its own key and every office key granted to it that opens. */
  static open(db: Db, accountId: number, accountKey: Buffer | null): Keychain {
    const chain = new Keychain(accountId, accountKey);
    chain.reload(db);
    return chain;
  }

  /** A keychain holding office keys directly (creating an office, where they were just made). */
  static ofKeys(keys: Partial<Record<OfficeKeyName, Buffer>>): Keychain {
    const chain = new Keychain(null, null);
    for (const [name, key] of Object.entries(keys)) if (key) chain.office.set(name as OfficeKeyName, key);
    return chain;
  }

  /** Reads the grants again (after new ones were made for this account). */
  reload(db: Db): void {
    if (this.accountId === null || !this.accountKey) return;
    const dbId = this.dbId(db);
    for (const g of grantsOf(db, this.accountId)) {
      if (this.refused.has(g.keyName)) continue;
      try {
        this.office.set(
          g.keyName,
          unwrapWith(this.accountKey, g.wrapped, grantPurpose(dbId, g.keyName, this.accountId)),
        );
      } catch {
        // A grant for an older key pair of this account: it no longer opens, and is made again.
      }
    }
    this.persons.clear();
  }

  dbId(db: Db): string {
    this.dbIdCache ??= officeDbId(db);
    return this.dbIdCache;
  }

  /**
   * Drops an office key that does not match what the account's own slot vouches for (a grant
   * forged by someone with the office key); the refusal is remembered for the verify report.
   */
  distrust(name: OfficeKeyName): void {
    this.office.get(name)?.fill(0);
    this.office.delete(name);
    this.refused.add(name);
  }

  distrusted(name: OfficeKeyName): boolean {
    return this.refused.has(name);
  }

  holds(name: OfficeKeyName): boolean {
    return this.office.has(name);
  }

  officeKey(name: OfficeKeyName): Buffer | null {
    return this.office.get(name) ?? null;
  }

  /**
   * The person's key of this domain if this login reaches it (its own wrap, or the readers' key).
   * Remembered with the wrap it came from, and used again only while that wrap is still the stored
   * one: a key made in a transaction that was rolled back is never used to seal.
   */
  personKey(db: Db, domain: SealDomain, staffId: number): Buffer | null {
    const id = `${domain}:${staffId}`;
    const dbId = this.dbId(db);
    const attempts: { wrapped: Buffer; privateKey: Buffer; grantee: number }[] = [];
    if (this.accountId !== null && this.accountKey) {
      const own = personWrap(db, domain, staffId, this.accountId);
      if (own) attempts.push({ wrapped: own, privateKey: this.accountKey, grantee: this.accountId });
    }
    const readers = this.office.get(readerKeyOf[domain]);
    if (readers) {
      const wrapped = personWrap(db, domain, staffId, readersGrantee);
      if (wrapped) attempts.push({ wrapped, privateKey: readers, grantee: readersGrantee });
    }
    const cached = this.persons.get(id);
    if (cached && attempts.some((a) => a.wrapped.equals(cached.wrapped))) return cached.key;
    for (const a of attempts) {
      const key = tryUnwrap(a.privateKey, a.wrapped, personPurpose(dbId, domain, staffId, a.grantee));
      if (key) {
        this.persons.set(id, { wrapped: a.wrapped, key });
        return key;
      }
    }
    return null;
  }

  /**
   * The person's key, made when the person has none yet: wrapped for the readers' key and for the
   * accounts that should hold it (docs/sealed-data.md). Null when this login cannot reach an
   * existing key, or the office has no reader key yet (an upgraded office before its first HR login).
   */
  ensurePersonKey(db: Db, domain: SealDomain, staffId: number, grants: 'now' | 'later' = 'now'): Buffer | null {
    const found = this.personKey(db, domain, staffId);
    if (found || personKeyExists(db, domain, staffId)) return found;
    const readers = officePublicKey(db, readerKeyOf[domain]);
    if (!readers) return null;
    const dbId = this.dbId(db);
    const key = crypto.randomBytes(32);
    const wrapped = wrapFor(readers, key, personPurpose(dbId, domain, staffId, readersGrantee));
    putPersonWrap(db, domain, staffId, readersGrantee, wrapped);
    // Remembered with its wrap: if this transaction is rolled back, the wrap is gone and so is the use.
    this.persons.set(`${domain}:${staffId}`, { wrapped, key });
    // 'later': a bulk step (sealing a whole office) wraps for the accounts in one pass (grants.service.ts).
    for (const g of grants === 'now' ? wantedPersonGrants(db, domain, todayIso(), staffId) : []) {
      putPersonWrap(
        db,
        domain,
        staffId,
        g.accountId,
        wrapFor(g.publicKey, key, personPurpose(dbId, domain, staffId, g.accountId)),
      );
    }
    return key;
  }

  /**
   * The text of a stored value as this login may read it: a sealed value opened, a value not sealed
   * yet (an office before its first HR login after the upgrade) as it is, or null when this login
   * holds no key that opens it.
   */
  open(db: Db, field: SealedField, stored: string): string | null {
    if (!isSealed(stored)) return stored;
    const key = this.personKey(db, field.domain, field.staffId);
    if (!key) return null;
    try {
      return openValue(key, stored, fieldAad(this.dbId(db), field));
    } catch {
      throw new AppError(
        'DB_CORRUPT',
        '封印された項目を開けません。値が改ざんされたか、別の人・項目からコピーされています。',
      );
    }
  }

  /**
   * Seals a text for the field's person. When this login cannot reach the person's key, or the
   * office has none yet, null: the caller keeps the stored value or refuses.
   */
  seal(db: Db, field: SealedField, text: string, grants: 'now' | 'later' = 'now'): string | null {
    const key = this.ensurePersonKey(db, field.domain, field.staffId, grants);
    return key ? sealValue(key, text, fieldAad(this.dbId(db), field)) : null;
  }

  /** Logout: every key in memory is overwritten. */
  wipe(): void {
    this.accountKey?.fill(0);
    this.accountKey = null;
    for (const k of this.office.values()) k.fill(0);
    this.office.clear();
    for (const k of this.persons.values()) k.key.fill(0);
    this.persons.clear();
  }
}

function tryUnwrap(privateKey: Buffer, wrapped: Buffer, purpose: string): Buffer | null {
  try {
    return unwrapWith(privateKey, wrapped, purpose);
  } catch {
    return null;
  }
}

/** The keychain of code that runs without a login (the demo generator before sealing): holds nothing. */
export function emptyKeychain(): Keychain {
  return new Keychain(null, null);
}
