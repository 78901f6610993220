import { z } from 'zod';
import { FILL_TEXT_LIMIT } from '../evaluator-fill';
import type { FillWorkbook } from '../evaluator-fill';
import type { Role } from '../roles';
import { Empty, LoginSchema, PasswordSchema, trimmed, Upload } from './common';
import { newPasswordSchema } from '../passwords';
import type { FileDownload } from './common';
import { defineChannels, out } from './define';

/*
 * The app itself (app:), logging in and out (auth:) and filling an evaluator workbook without an
 * office (fill:). Channel definitions: docs/channels.md; who may call what: docs/access.md.
 */

export type SessionInfo = {
  accountId: number;
  login: string;
  displayName: string;
  role: Role;
  staffNo: string | null;
  mustChangePassword: boolean;
};

export type DemoLogin = { login: string; role: Role; displayName: string; note: string };

export type AppStatus = {
  version: string;
  dbPath: string;
  dbExists: boolean;
  officeName: string | null;
  isDemo: boolean;
  /** Shown on the login screen of the demo office only. */
  demoLogins: DemoLogin[] | null;
  demoPassword: string | null;
  session: SessionInfo | null;
  /** The screen lock of the logged-in session (docs/idle-lock.md); absent or null without a session. */
  lock?: LockState | null;
};

/** The idle time a session may sit without input before the screen locks (docs/idle-lock.md). */
export const idleLockMinutes = { min: 1, max: 120, default: 15 } as const;

/** The answer to every call but status, heartbeat, unlock and logout while the screen is locked. */
export const screenLockedMessage = '画面がロックされています。パスワードを入力してロックを解除してください。';

/** Whether the session's screen is locked, and after how many idle minutes it locks. */
export type LockState = { locked: boolean; idleMinutes: number };

export const appChannels = defineChannels({
  'app:status': { input: Empty, access: 'public', output: out<AppStatus>() },
  'app:createOffice': {
    input: z
      .object({
        officeName: trimmed(60).min(1, '事業所名を入力してください。'),
        login: LoginSchema,
        displayName: trimmed(40).min(1, '氏名を入力してください。'),
        password: PasswordSchema,
      })
      .strict(),
    access: 'public',
    output: out<SessionInfo>(),
  },
  'app:createDemo': { input: Empty, access: 'public', output: out<AppStatus>() },
  // Filling an evaluator workbook needs no office or login: it reads and writes only the file given.
  'fill:open': {
    input: z.object({ fileName: trimmed(255).min(1), data: Upload }).strict(),
    access: 'public',
    output: out<FillWorkbook>(),
  },
  'fill:write': {
    input: z
      .object({
        fileName: trimmed(255).min(1),
        data: Upload,
        entries: z
          .array(
            z
              .object({
                sheetName: z.string().min(1).max(31),
                values: z.record(
                  z.string().regex(/^[a-z0-9.]{1,16}$/u, '記入欄の指定が正しくありません'),
                  z.string().max(FILL_TEXT_LIMIT, `記入欄の文字数が多すぎます（${FILL_TEXT_LIMIT}文字まで）`),
                ),
              })
              .strict(),
          )
          .max(5000),
      })
      .strict(),
    access: 'public',
    output: out<FileDownload>(),
  },
  'auth:login': {
    input: z.object({ login: z.string().max(64), password: z.string().max(128) }).strict(),
    access: 'public',
    output: out<SessionInfo>(),
  },
  'auth:logout': { input: Empty, access: 'session', output: out<null>() },
  'auth:changePassword': {
    input: z.object({ current: z.string().max(128), next: newPasswordSchema('新しいパスワード') }).strict(),
    access: 'session',
    output: out<SessionInfo>(),
  },
  // The screen lock (docs/idle-lock.md): while locked, dispatch answers only app:status, auth:heartbeat,
  // auth:unlock and auth:logout.
  // `reason` (optional): 'manual' when the user locked it (画面をロック), audited as such; else 'idle'.
  'auth:lock': {
    input: z.object({ reason: z.enum(['idle', 'manual']).optional() }).strict(),
    access: 'session',
    output: out<LockState>(),
  },
  'auth:unlock': {
    input: z.object({ password: z.string().max(128) }).strict(),
    access: 'session',
    output: out<LockState>(),
  },
  /** The screen reports every half minute whether the user touched keyboard or mouse since the last report. */
  'auth:heartbeat': {
    input: z.object({ active: z.boolean() }).strict(),
    access: 'session',
    output: out<LockState>(),
  },
  'auth:setIdleLock': {
    input: z
      .object({
        idleMinutes: z
          .number({ message: '画面をロックするまでの時間を分で入力してください。' })
          .int('画面をロックするまでの時間は整数（分）で入力してください。')
          .min(
            idleLockMinutes.min,
            `画面をロックするまでの時間は${idleLockMinutes.min}〜${idleLockMinutes.max}分で入力してください。`,
          )
          .max(
            idleLockMinutes.max,
            `画面をロックするまでの時間は${idleLockMinutes.min}〜${idleLockMinutes.max}分で入力してください。`,
          ),
      })
      .strict(),
    access: ['hr'],
    output: out<LockState>(),
  },
});
