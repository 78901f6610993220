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

export type VerifyReport = { ok: boolean; integrity: string[]; audit: AuditVerify };

export type BackupRow = { file: string; createdAt: string; bytes: number };

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
  'system:verify': { input: Empty, access: ['hr'], output: out<VerifyReport>() },
  'system:backup': { input: Empty, access: ['hr'], output: out<BackupRow>() },
  'system:backups': { input: Empty, access: ['hr'], output: out<BackupRow[]>() },
});
