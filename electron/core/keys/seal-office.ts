import type { Db } from '../db/connection';
import type { Actor } from '../system/audit.repo';
import { appendAudit } from '../system/audit.repo';
import { isSealed, newBoxPair, newSigningPair, wrapFor } from './ciphers';
import { grantPurpose } from './keychain';
import type { Keychain, SealedField } from './keychain';
import {
  applicationTexts,
  officeDbId,
  officePublicKey,
  putApplicationTexts,
  putGrant,
  putSelfReportSections,
  rebuildFile,
  selfReportSections,
  setOfficePublicKey,
} from './keys.repo';
import type { OfficeKeyName } from './keys.repo';
import { reconcileGrants } from './grants.service';
import { applicationField, selfReportField } from './sealed-fields';

/*
 * The office keys are made once (docs/sealed-data.md): when an office is created, or — for an office
 * made before sealed data — at its first HR login after the upgrade, the only moment someone who may
 * hold them is there to receive them. The same step seals every value written before.
 */

/** True once the office has its keys (and therefore seals what it writes). */
export function officeHasKeys(db: Db): boolean {
  return officePublicKey(db, 'confidential') !== null;
}

/**
 * Makes the office keys and grants them to one HR account (its public key); returns them, for the
 * keychain of whoever is creating them. Call inside a transaction, only when officeHasKeys is false.
 */
export function makeOfficeKeys(db: Db, hr: { accountId: number; publicKey: Buffer }): Record<OfficeKeyName, Buffer> {
  const dbId = officeDbId(db);
  const pairs = { confidential: newBoxPair(), postings: newBoxPair(), signing: newSigningPair() };
  const out = {} as Record<OfficeKeyName, Buffer>;
  for (const [name, pair] of Object.entries(pairs) as [OfficeKeyName, (typeof pairs)['signing']][]) {
    setOfficePublicKey(db, name, pair.publicKey);
    putGrant(db, name, hr.accountId, wrapFor(hr.publicKey, pair.privateKey, grantPurpose(dbId, name, hr.accountId)));
    out[name] = pair.privateKey;
  }
  return out;
}

export type SealCounts = { selfReports: number; applications: number };

/**
 * Seals every confidential value still stored as plain text, in the caller's transaction: both
 * sections of every self-report and both texts of every application (empty ones too, so an empty
 * section cannot be told from a written one). The accounts' wraps of the new person keys are made
 * afterwards in one pass (reconcileGrants).
 */
export function sealExisting(db: Db, keys: Keychain): SealCounts {
  const counts: SealCounts = { selfReports: 0, applications: 0 };
  // A stored value as it is when sealed already, else sealed now (null: this keychain cannot).
  const sealed = (field: SealedField, stored: string): string | null =>
    isSealed(stored) ? stored : keys.seal(db, field, stored, 'later');
  for (const r of selfReportSections(db)) {
    if (isSealed(r.health) && isSealed(r.family)) continue;
    const health = sealed(selfReportField(r.staffId, r.fy, 'health'), r.health);
    const family = sealed(selfReportField(r.staffId, r.fy, 'family'), r.family);
    if (health === null || family === null) continue;
    putSelfReportSections(db, r.id, health, family);
    counts.selfReports += 1;
  }
  for (const a of applicationTexts(db)) {
    if (isSealed(a.motivation) && isSealed(a.outcome)) continue;
    const motivation = sealed(applicationField(a.staffId, a.postingId, 'motivation'), a.motivation);
    const outcome = sealed(applicationField(a.staffId, a.postingId, 'outcome'), a.outcome);
    if (motivation === null || outcome === null) continue;
    putApplicationTexts(db, a.id, motivation, outcome);
    counts.applications += 1;
  }
  return counts;
}

/**
 * After sealing: the file is rebuilt (VACUUM) so no page still holds an old plain value, and the
 * WAL is emptied. Outside any transaction.
 */
export function scrubFile(db: Db): void {
  rebuildFile(db);
}

/**
 * An office made before sealed data, at an HR login: makes the keys (granted to this HR account),
 * seals what was written and scrubs the file. Returns the counts, or null when there was nothing to do.
 */
export function upgradeToSealed(
  db: Db,
  hr: { accountId: number; publicKey: Buffer },
  keys: Keychain,
  actor: Actor,
): SealCounts | null {
  if (officeHasKeys(db)) return null;
  const counts = db.transaction(() => {
    if (officeHasKeys(db)) return null;
    makeOfficeKeys(db, hr);
    keys.reload(db);
    const sealed = sealExisting(db, keys);
    reconcileGrants(db, keys, null);
    appendAudit(db, actor, { action: 'keys.sealOffice', entity: 'office', after: { ...sealed } });
    return sealed;
  })();
  if (counts) scrubFile(db);
  return counts;
}
