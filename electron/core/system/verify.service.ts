import type { VerifyReport } from '../../../shared/contract';
import type { Db } from '../db/connection';
import type { Keychain } from '../keys/keychain';
import type { Actor } from './audit.repo';
import { verifyDatabase } from './backup.service';
import { appendCheckpoint, checkpointNotes } from './checkpoints';

/**
 * 整合性を検証 / `kaname verify` (HR only, shared/api/system.ts): the whole check, with the stored
 * signing public key compared against the caller's own signing key and, when given, a head written
 * down earlier (docs/audit-checkpoints.md). A report without problems is then signed: the chain's
 * head as verified becomes the latest checkpoint, and the report prints it to be written down. A
 * report with problems is never signed — a checkpoint would only vouch for the damage.
 */
export const forgedSigningKey =
  'この人事担当アカウントに記録された署名鍵と、データベースが渡した署名鍵が一致しません。署名鍵が差し替えられています（署名はすべて信頼できません）。';

export function verifyOffice(
  db: Db,
  by: { actor: Actor; keys: Keychain },
  input: { expectHead?: { entries: number; head: string } | undefined },
): VerifyReport {
  const verified = verifyDatabase(db, { ownSigningKey: by.keys.officeKey('signing'), expectHead: input.expectHead });
  // The signing key granted to this HR account is not the one its own slot vouches for (office.service.ts pinSigningKey).
  const report: VerifyReport = by.keys.distrusted('signing')
    ? {
        ...verified,
        ok: false,
        audit: { ...verified.audit, ok: false, problems: [...verified.audit.problems, forgedSigningKey] },
      }
    : verified;
  if (!report.ok) return report;
  const head = appendCheckpoint(db, by.keys, by.actor, 'verify');
  if (!head || !report.checkpoints) return report;
  const signed = {
    checkpoint: head,
    sinceCheckpoint: Math.max(0, report.audit.rows - head.entries),
    checkpoints: report.checkpoints,
  };
  return { ...report, ...signed, notes: checkpointNotes(signed) };
}
