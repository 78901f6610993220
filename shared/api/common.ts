import { z } from 'zod';
import { REASON_MAX_CHARS } from '../mbo';
import type { Position } from '../org';
import { roles } from '../roles';

/*
 * Pieces of input schemas that several domains' channels share (docs/channels.md), and the output
 * types more than one domain answers with.
 */

export const trimmed = (max: number) => z.string().trim().max(max);

/** A limit with the field's name in the message. */
export const text = (label: string, max: number) => z.string().max(max, `${label}は${max}文字以内で入力してください`);

/** A reason that must be given (差し戻し, 取消, 解除 …). */
export const reason = (label: string) =>
  z
    .string()
    .trim()
    .min(1, `${label}を入力してください`)
    .max(REASON_MAX_CHARS, `${label}は${REASON_MAX_CHARS}文字以内で入力してください`);

/** Logins are ASCII so they can be typed on any keyboard; compared in lower case. */
export const LoginSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,32}$/u, 'ログインIDは半角英数字と . _ - で3〜32文字にしてください。');

export const PasswordSchema = z
  .string()
  .min(8, 'パスワードは8文字以上にしてください。')
  .max(128, 'パスワードは128文字以内にしてください。');

export const StaffNoSchema = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z-]{1,20}$/u, '職員番号の形式が正しくありません');

export const Empty = z.object({}).strict();
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/u, '日付は YYYY-MM-DD の形で指定してください');
export const FiscalYear = z.number().int().min(1989).max(2200);
export const Id = z.number().int().positive();
export const RoleSchema = z.enum(roles);

/** Every save of a form names the version it edited (0: the form has not been written yet). */
export const Version = z
  .number({ error: '版番号が正しくありません' })
  .int('版番号が正しくありません')
  .min(0, '版番号が正しくありません');

/** Upper bound of an uploaded workbook (base64 of about 40 MB). */
export const maxUploadBase64 = 56 * 1024 * 1024;

/** An uploaded file's content, base64. */
export const Upload = z.string().max(maxUploadBase64, 'ファイルが大きすぎます（40MB まで）');

/** A person as lists and views name them. */
export type PersonRef = { staffNo: string; name: string; section: string | null; position: Position };

/**
 * A file the caller saves: its name and its content, base64. Asked for with `delivery: 'file'`
 * (docs/exports.md), the content is not in the answer (`data` is '') but in the app's outbox:
 * `file` names it (fetched once from the browser host's download route, or saved by Electron's
 * save dialog).
 */
export type FileDownload = {
  fileName: string;
  data: string;
  file?: { id: string; bytes: number };
  /**
   * The audit chain's latest signed head when the export was made (docs/audit-checkpoints.md), null
   * when nothing is signed yet; set by the dispatcher on every export of an office.
   */
  signedHead?: { entries: number; head: string; at: string } | null;
};

/** An export channel's optional `delivery`: 'file' writes the export to the outbox (docs/exports.md). */
export const Delivery = z.literal('file').optional();

/** The largest page a list channel answers (docs/lists.md); a page of people stays well under 200 KB. */
export const maxPageSize = 200;

/**
 * One page of a list, sorted on the server (docs/lists.md): `offset` rows skipped, at most `limit`
 * returned, sorted by one of the channel's own sortable fields (`desc` for the reverse). The service
 * breaks ties by the list's key (usually 職員番号), so that consecutive pages never overlap.
 */
export function pageInput<const F extends readonly [string, ...string[]]>(sortFields: F) {
  return z
    .object({
      offset: z.number().int().min(0).max(10_000_000),
      limit: z.number().int().min(1).max(maxPageSize),
      sort: z.enum(sortFields).optional(),
      desc: z.boolean().optional(),
    })
    .strict();
}

/** What `pageInput` parses to, for the services. */
export type PageRequest<F extends string = string> = { offset: number; limit: number; sort?: F; desc?: boolean };

/** A page of rows and how many rows the whole (filtered) list has. */
export type Page<T> = { rows: T[]; total: number };
