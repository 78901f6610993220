import type { CheckpointVerify, HeadCheck, SignedHead } from '../../../shared/contract';
import type { Db } from '../db/connection';
import { fingerprint, publicOf, signWith, verifySigned } from '../keys/ciphers';
import type { Keychain } from '../keys/keychain';
import { officeDbId, officePublicKey } from '../keys/keys.repo';
import { log } from '../log';
import { genesis } from './audit.repo';
import type { Actor, AuditWalk } from './audit.repo';
import {
  allCheckpoints,
  auditEnd,
  checkpointsNewestFirst,
  insertCheckpoint,
  latestCheckpointRow,
} from './checkpoints.repo';
import type { CheckpointRow } from './checkpoints.repo';

/*
 * Signed checkpoints of the audit chain (docs/audit-checkpoints.md). The chain alone is an unkeyed
 * SHA-256: whoever holds the office key can rewrite a row and hash the rest again, or drop the last
 * rows and reset the counter. A checkpoint signs the chain's length and head with the office signing
 * key (Ed25519), whose private half only HR accounts hold; verify checks every checkpoint against the
 * chain, so nothing up to the last one can change without verify failing. The head HR writes down
 * outside the file (`--expect-head N:HASH`) covers the rest: deleted checkpoints, a substituted key.
 */

export type CheckpointReason = 'login' | 'logout' | 'backup' | 'verify';

/** The signed text of a checkpoint: the office, the chain's length and head, when and why. */
export function checkpointMessage(dbId: string, c: { entries: number; head: string; at: string; reason: string }) {
  return `kaname-audit-checkpoint:v1:${dbId}:${c.entries}:${c.head}:${c.at}:${c.reason}`;
}

function headOf(r: CheckpointRow): SignedHead {
  return { entries: r.entries, head: r.head, at: r.at };
}

/**
 * Signs the chain's length and head now, when this login holds the signing key (HR); for any other
 * login nothing happens (null). A checkpoint that would sign the same length and head as the latest
 * one, with this same key, is not written again: the latest already says it. Returns the latest
 * signed head.
 */
export function appendCheckpoint(db: Db, keys: Keychain, actor: Actor, reason: CheckpointReason): SignedHead | null {
  const signing = keys.officeKey('signing');
  if (!signing) return null;
  return db
    .transaction((): SignedHead => {
      const end = auditEnd(db);
      const head = end.head ?? genesis;
      const dbId = officeDbId(db);
      const latest = latestCheckpointRow(db);
      if (
        latest &&
        latest.entries === end.entries &&
        latest.head === head &&
        verifySigned(publicOf(signing), checkpointMessage(dbId, latest), latest.signature)
      )
        return headOf(latest);
      const at = new Date().toISOString();
      const c = { entries: end.entries, head, at, reason };
      const signature = signWith(signing, checkpointMessage(dbId, c));
      insertCheckpoint(db, { ...c, signerId: actor.id, signature });
      return { entries: c.entries, head, at };
    })
    .immediate();
}

/**
 * appendCheckpoint at login and logout: a checkpoint that cannot be written (a busy or damaged
 * database) never stops the login or the logout; the next one signs what it missed.
 */
export function checkpointQuietly(db: Db, keys: Keychain, actor: Actor, reason: CheckpointReason): void {
  try {
    appendCheckpoint(db, keys, actor, reason);
  } catch {
    log.warn('audit.checkpoint.failed', { reason });
  }
}

/** The latest checkpoint whose signature verifies against the stored public key, or null. */
export function latestSignedHead(db: Db): SignedHead | null {
  const key = officePublicKey(db, 'signing');
  if (!key) return null;
  const dbId = officeDbId(db);
  for (const r of checkpointsNewestFirst(db)) {
    if (verifySigned(key, checkpointMessage(dbId, r), r.signature)) return headOf(r);
  }
  return null;
}

/** The entry ids whose hashes the chain walk must keep: every checkpoint's length. */
export function checkpointMarks(db: Db): Set<number> {
  return new Set(allCheckpoints(db).map((r) => r.entries));
}

function when(at: string): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return at;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}/${p(d.getMonth() + 1)}/${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Failing checkpoints of one kind, said once: the first of them and how many. */
function summary(list: CheckpointRow[], say: (first: CheckpointRow) => string): string[] {
  const first = list[0];
  if (!first) return [];
  return [list.length === 1 ? say(first) : `${say(first)}（同様の署名が他に${list.length - 1}件）`];
}

export type CheckpointFindings = {
  checkpoint: SignedHead | null;
  sinceCheckpoint: number;
  checkpoints: CheckpointVerify;
};

/**
 * Every checkpoint against the chain (walked with checkpointMarks) and the stored public key: its
 * signature must verify, the chain must still be at least as long as it signed, and the entry at
 * its length must still have the hash it signed. `ownSigningKey`: the verifying HR account's own
 * signing private key, whose public half must be the stored one (a substituted key pair whose
 * checkpoints were all signed again shows only there, or against a head written down).
 */
export function verifyCheckpoints(db: Db, walk: AuditWalk, ownSigningKey: Buffer | null): CheckpointFindings {
  const problems: string[] = [];
  const stored = officePublicKey(db, 'signing');
  const rows = allCheckpoints(db);
  const dbId = officeDbId(db);
  let keyChecked = false;
  if (ownSigningKey) {
    keyChecked = true;
    if (!stored || !publicOf(ownSigningKey).equals(stored)) {
      problems.push(
        '監査ログの署名に使う公開鍵が、人事担当の署名鍵と一致しません。公開鍵が差し替えられています（署名はすべて信頼できません）。',
      );
    }
  }
  if (rows.length > 0 && !stored) {
    problems.push('監査ログの署名を確かめる公開鍵がありません。公開鍵が削除されています。');
  }
  const unsigned: CheckpointRow[] = [];
  const shorter: CheckpointRow[] = [];
  const changed: CheckpointRow[] = [];
  let latest: CheckpointRow | null = null;
  for (const r of rows) {
    if (!stored || !verifySigned(stored, checkpointMessage(dbId, r), r.signature)) {
      unsigned.push(r);
      continue;
    }
    latest = r;
    if (r.entries > walk.lastId) shorter.push(r);
    else if (r.entries === 0 ? r.head !== genesis : walk.hashes.get(r.entries) !== r.head) changed.push(r);
  }
  if (stored) {
    problems.push(
      ...summary(
        unsigned,
        (r) =>
          `監査ログの署名 #${r.id}（${when(r.at)}）が正しくありません。署名の記録が書き換えられたか、別の鍵で作られています。`,
      ),
    );
  }
  problems.push(
    ...summary(
      shorter,
      (r) =>
        `監査ログが署名済みの件数より短くなっています（${when(r.at)}の署名: ${r.entries}件、現在: ${walk.lastId}件）。末尾の記録が削除されています。`,
    ),
    ...summary(
      changed,
      (r) =>
        `監査ログの${r.entries}件目までが、${when(r.at)}に署名した記録と一致しません。それ以前の記録が書き換えられています。`,
    ),
  );
  const checkpoint = latest ? headOf(latest) : null;
  return {
    checkpoint,
    sinceCheckpoint: Math.max(0, walk.lastId - (checkpoint?.entries ?? 0)),
    checkpoints: {
      ok: problems.length === 0,
      count: rows.length,
      signingKey: stored ? fingerprint(stored) : null,
      keyChecked,
      problems,
    },
  };
}

/**
 * A head written down outside the file: the chain must still have exactly that hash at entry N and
 * verify up to it — nothing at or before N changed since, whoever holds which key.
 */
export function checkHead(walk: AuditWalk, expect: { entries: number; head: string }): HeadCheck {
  const problems: string[] = [];
  const n = expect.entries;
  if (n > walk.lastId) {
    problems.push(
      `監査ログに${n}件目の記録がありません（現在${walk.lastId}件）。控えの時点より後に末尾が削除されています。`,
    );
  } else if (walk.hashes.get(n) !== expect.head) {
    problems.push(`監査ログの${n}件目のハッシュが控えと一致しません。${n}件目以前の記録が書き換えられています。`);
  } else if (walk.firstBad !== null && walk.firstBad <= n) {
    problems.push(`監査ログの${n}件目までの連鎖が検証できません（行 ${walk.firstBad} から）。`);
  }
  return { entries: n, head: expect.head, ok: problems.length === 0, problems };
}

/** The lines every verify report prints: the signed head to write down, and what it does not cover. */
export function checkpointNotes(f: CheckpointFindings): string[] {
  const head = f.checkpoint;
  return [
    head
      ? `署名済みの先頭: ${head.entries}:${head.head}（${when(head.at)}署名）`
      : '署名済みの先頭: なし（人事担当のログイン・バックアップ・検証のときに署名されます）',
    `最後の署名以降の記録: ${f.sinceCheckpoint}件`,
  ];
}

/** The backup result's and the export's line: the latest signed head in words. */
export function signedHeadLine(head: SignedHead | null | undefined): string {
  return head ? `署名済みの先頭 ${head.entries}:${head.head}（${when(head.at)}署名）` : '署名済みの先頭なし';
}
