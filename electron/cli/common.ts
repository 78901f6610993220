import type { ParseArgsConfig } from 'node:util';
import { AppError } from '../../shared/result';
import type { ErrorCode } from '../../shared/result';
import { roleLabels } from '../../shared/roles';
import type { Role } from '../../shared/roles';
import { closeOffice, sessionOf, unlockOffice } from '../main/services/office';
import type { Office, Session } from '../main/services/office';

/** What every command shares: argument helpers, output, exit codes and logging in. */

export class UsageError extends Error {}

export const exitFor: Partial<Record<ErrorCode, number>> = {
  VALIDATION: 1,
  CONFLICT: 1,
  NOT_FOUND: 1,
  DB_MISSING: 1,
  DB_EXISTS: 1,
  DB_NOT_KANAME: 1,
  DB_CORRUPT: 1,
  DB_NEWER: 1,
  AUTH_FAILED: 3,
  THROTTLED: 3,
  FORBIDDEN: 3,
  UNAUTHENTICATED: 3,
  YEAR_CLOSED: 3,
  BUSY: 4,
};

export type Out = { json: boolean };

export function print(out: Out, value: Record<string, unknown>, text: string): void {
  process.stdout.write(out.json ? `${JSON.stringify({ ok: true, ...value })}\n` : `${text}\n`);
}

export function password(): string {
  const pw = process.env['KANAME_PASSWORD'];
  if (pw === undefined || pw === '') throw new UsageError('環境変数 KANAME_PASSWORD にパスワードを設定してください。');
  return pw;
}

export function login(values: Record<string, unknown>): string {
  const user = typeof values['user'] === 'string' ? values['user'] : process.env['KANAME_USER'];
  if (!user) throw new UsageError('--user または環境変数 KANAME_USER でログインIDを指定してください。');
  return user;
}

export function required(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`--${name} を指定してください。`);
  return v;
}

export function checked<T>(
  schema: {
    safeParse: (
      v: unknown,
    ) => { success: true; data: T } | { success: false; error: { issues: { message: string }[] } };
  },
  value: unknown,
): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new AppError('VALIDATION', r.error.issues[0]?.message ?? '入力が正しくありません。');
}

/** Logs in through the same unlock as the app and requires one of the given roles. */
export async function withSession<T>(
  dbPath: string,
  values: Record<string, unknown>,
  roles: readonly Role[],
  work: (office: Office, session: Session) => T | Promise<T>,
): Promise<T> {
  const { office, account } = await unlockOffice(dbPath, login(values), password());
  try {
    if (!roles.includes(account.role)) {
      throw new AppError(
        'FORBIDDEN',
        `この操作は${roles.map((r) => roleLabels[r]).join('・')}のアカウントだけが行えます。`,
      );
    }
    return await work(office, sessionOf(account));
  } finally {
    closeOffice(office);
  }
}

export function withHrSession<T>(
  dbPath: string,
  values: Record<string, unknown>,
  work: (office: Office, session: Session) => T | Promise<T>,
): Promise<T> {
  return withSession(dbPath, values, ['hr'], work);
}

export const common = {
  db: { type: 'string' },
  json: { type: 'boolean', default: false },
  user: { type: 'string' },
} as const;

export type Command = {
  options: NonNullable<ParseArgsConfig['options']>;
  /** Names of the positional arguments, in order (all required). */
  positionals?: readonly string[];
  run: (v: Record<string, unknown>, out: Out, positionals: string[]) => Promise<number>;
};
