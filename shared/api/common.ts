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
  .regex(/^[a-z0-9._-]{3,32}$/u, 'ログインIDは半角英数字と . _ - で3〜32文字にしてください');

export const PasswordSchema = z
  .string()
  .min(8, 'パスワードは8文字以上にしてください')
  .max(128, 'パスワードは128文字以内にしてください');

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

/** A file the caller saves: its name and its content, base64. */
export type FileDownload = { fileName: string; data: string };
