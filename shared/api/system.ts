import { z } from 'zod';
import { Empty } from './common';
import { defineChannels, out } from './define';

/*
 * The database itself, HR only (設定 → システム, 監査ログ): the audit log, the integrity check and
 * backups (docs/backup-and-restore.md). Channel definitions: docs/channels.md.
 */

export type AuditRow = {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string | null;
  before: string | null;
  after: string | null;
  /** The acting account's name (accounts.display_name); absent for the system's own steps. */
  actorName?: string | null;
  /**
   * What the entry concerns, in words: the person (職員番号 and name), the account (login and
   * name) or the record's title; null when the record no longer exists (its id stays in entityId).
   */
  subject?: string | null;
  /** Names of the people whose 職員番号 appear as values in before/after (職員番号 → name). */
  people?: Record<string, string>;
};

export type AuditVerify = { ok: boolean; rows: number; problems: string[] };

/**
 * A signed checkpoint of the audit chain (docs/audit-checkpoints.md): its first `entries` entries end
 * in the hash `head`, signed at `at` with the office signing key. `entries:head` is what HR writes
 * down outside the file and gives back to `kaname verify --expect-head`.
 */
export type SignedHead = { entries: number; head: string; at: string };

/** The signed checkpoints checked against the chain and the stored public key. */
export type CheckpointVerify = {
  ok: boolean;
  /** Checkpoints stored. */
  count: number;
  /** Fingerprint of the stored signing public key (null: the office has none). */
  signingKey: string | null;
  /** True when the stored public key was compared with the verifying HR account's own signing key. */
  keyChecked: boolean;
  problems: string[];
};

/** A head written down outside the file (`--expect-head N:HASH`), checked against the chain. */
export type HeadCheck = { entries: number; head: string; ok: boolean; problems: string[] };

export type VerifyReport = {
  ok: boolean;
  integrity: string[];
  audit: AuditVerify;
  /** The latest checkpoint whose signature verifies; null when there is none. */
  checkpoint?: SignedHead | null;
  /** Entries written after that checkpoint (all of them when there is none): only as safe as the file. */
  sinceCheckpoint?: number;
  checkpoints?: CheckpointVerify;
  /** Present when the caller gave `expectHead`. */
  expectHead?: HeadCheck;
  /** Lines the report always prints (the signed head, 「最後の署名以降の記録: N件」). */
  notes?: string[];
};

export type BackupRow = {
  file: string;
  createdAt: string;
  bytes: number;
  /** The latest signed head of the chain in the copy, to write down (docs/audit-checkpoints.md). */
  checkpoint?: SignedHead | null;
};

/** `entries:head` as `--expect-head` takes it: a count from 1 and a SHA-256 in hex. */
export const ExpectHead = z
  .object({
    entries: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    head: z.string().regex(/^[0-9a-f]{64}$/u, 'ハッシュは64桁の16進数（小文字）で指定してください。'),
  })
  .strict();

export const systemChannels = defineChannels({
  'audit:list': {
    input: z
      .object({
        offset: z.number().int().min(0).max(10_000_000),
        limit: z.number().int().min(1).max(500),
        /** Only entries older than this one: the screen pins its pages below the newest entry it showed. */
        beforeId: z.number().int().min(1).optional(),
      })
      .strict(),
    access: ['hr'],
    output: out<{ total: number; rows: AuditRow[] }>(),
  },
  'system:verify': {
    input: z
      .object({
        /** A head written down earlier: the report fails unless the chain still has it (docs/audit-checkpoints.md). */
        expectHead: ExpectHead.optional(),
      })
      .strict(),
    access: ['hr'],
    output: out<VerifyReport>(),
  },
  'system:backup': { input: Empty, access: ['hr'], output: out<BackupRow>() },
  'system:backups': { input: Empty, access: ['hr'], output: out<BackupRow[]>() },
});
