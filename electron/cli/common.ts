import fs from 'node:fs';
import path from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { AppError } from '../../shared/result';
import type { ErrorCode } from '../../shared/result';
import { roleLabels } from '../../shared/roles';
import type { Role } from '../../shared/roles';
import type { ChannelName } from '../../shared/channels';
import { access } from '../../shared/contract';
import { signedHeadLine } from '../core/system/checkpoints';
import type { FileDownload, ImportProblem, Input, Outputs } from '../../shared/contract';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { AppContext } from '../core/api/context';
import { dispatch } from '../core/api/dispatch';
import type { Office, Session } from '../core/office/office.service';

/** What every command shares: argument helpers, output, exit codes and the way into an office. */

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
  LOCKED: 3,
  UNAUTHENTICATED: 3,
  YEAR_CLOSED: 3,
  BUSY: 4,
};

/** Something text is written to: a process stream, or a buffer when a test runs the CLI in-process. */
export type Writer = { write: (text: string) => unknown };

/**
 * What one run of the CLI writes to and reads from. bin/kaname.cjs passes the process's own
 * streams and environment; tests pass buffers and only the variables they mean to set.
 */
export type Io = { stdout: Writer; stderr: Writer; env: Readonly<Record<string, string | undefined>> };

export const processIo: Io = { stdout: process.stdout, stderr: process.stderr, env: process.env };

/** One run's output: its streams and environment, and whether --json was asked for. */
export type Out = Io & { json: boolean };

export function print(out: Out, value: Record<string, unknown>, text: string): void {
  out.stdout.write(out.json ? `${JSON.stringify({ ok: true, ...value })}\n` : `${text}\n`);
}

export function password(io: Io): string {
  const pw = io.env['KANAME_PASSWORD'];
  if (pw === undefined || pw === '') throw new UsageError('環境変数 KANAME_PASSWORD にパスワードを設定してください。');
  return pw;
}

export function login(values: Record<string, unknown>, io: Io): string {
  const user = typeof values['user'] === 'string' ? values['user'] : io.env['KANAME_USER'];
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

/** One channel called as the logged-in account: its value, or its failure thrown as an AppError. */
export type Call = <K extends ChannelName>(channel: K, input: Input<K>) => Promise<Outputs[K]>;

/** The roles a channel's access rule names, or null when any session (or anyone) may call it. */
function rolesOf(channel: ChannelName): readonly Role[] | null {
  const rule = access[channel];
  return rule === 'public' || rule === 'session' ? null : rule;
}

/** The refusal of a role the channel's rule leaves out, naming who may (the CLI's wording since its start). */
function onlyFor(roles: readonly Role[]): AppError {
  return new AppError(
    'FORBIDDEN',
    `この操作は${roles.map((r) => roleLabels[r]).join('・')}のアカウントだけが行えます。`,
  );
}

/**
 * The CLI's one way into an office: an AppContext logged in through dispatch ('auth:login'), as the
 * app's login screen and the browser host do, and a `call` through the same dispatcher, so the one
 * access table in shared/contract.ts governs the CLI too (docs/cli.md). No automatic backup: the
 * CLI makes only the backups it is asked for. The key is wiped and the database closed at the end.
 */
export async function withApi<T>(
  dbPath: string,
  values: Record<string, unknown>,
  io: Io,
  work: (call: Call, ctx: AppContext) => T | Promise<T>,
): Promise<T> {
  const ctx = new AppContext(dbPath, { autoBackup: false });
  const call: Call = async (channel, input) => {
    const r = await dispatch(ctx, channel, input);
    if (r.ok) return r.value;
    const roles = rolesOf(channel);
    // dispatch refused the role itself: say which accounts may (the same rule, decided there).
    if (r.error.code === 'FORBIDDEN' && roles && ctx.session && !roles.includes(ctx.session.role)) throw onlyFor(roles);
    throw new AppError(r.error.code, r.error.message, r.error.field);
  };
  try {
    await call('auth:login', { login: login(values, io), password: password(io) });
    return await work(call, ctx);
  } finally {
    ctx.end();
  }
}

/**
 * For `kaname backup`, which writes to a path of the user's choosing that the app never takes from
 * its screens: the logged-in office, allowed by the access rule of the app's own backup channel.
 */
export function allowedAs(ctx: AppContext, channel: ChannelName): { office: Office; session: Session } {
  const { office, session } = ctx;
  if (!office || !session) throw new AppError('UNAUTHENTICATED', 'ログインしてください。');
  const roles = rolesOf(channel);
  if (roles && !roles.includes(session.role)) throw onlyFor(roles);
  if (session.mustChangePassword) {
    throw new AppError('FORBIDDEN', '初回ログインのため、先にパスワードを変更してください。');
  }
  return { office, session };
}

/** A workbook named on the command line, read for 'import:preview' (base64, as the app's file picker sends it). */
export function readInput(file: string | undefined): { fileName: string; data: string } {
  const source = path.resolve(file ?? '');
  try {
    return { fileName: path.basename(source), data: fs.readFileSync(source).toString('base64') };
  } catch {
    throw new AppError('VALIDATION', `ファイルを読めません: ${source}`);
  }
}

/**
 * What an export command prints beside its own words: the audit chain's latest signed head the export
 * carried (docs/audit-checkpoints.md), as a `signedHead` field for --json and a line for people.
 */
export function exportedHead(download: FileDownload): {
  json: { signedHead: FileDownload['signedHead'] };
  line: string;
} {
  const head = download.signedHead ?? null;
  return { json: { signedHead: head }, line: `\n${signedHeadLine(head)}` };
}

/** Writes an export's FileDownload to --out; returns the full path written. */
export function writeOutput(file: string, download: FileDownload): string {
  const target = path.resolve(file);
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, Buffer.from(download.data, 'base64'));
  } catch {
    throw new AppError('IO', `ファイルに書き込めません: ${target}`);
  }
  return target;
}

/** One problem of an import, with where it is (sheet, row, column, field). */
export function problemLine(p: ImportProblem): string {
  const where = [
    p.sheet && `シート「${p.sheet}」`,
    p.row && `${p.row}行目`,
    p.column && `${p.column}列`,
    p.field && `「${p.field}」`,
  ]
    .filter(Boolean)
    .join(' ');
  return `  ${where}: ${p.message}`;
}

/** --fy as a fiscal year (this year when absent). */
export function fyOption(v: Record<string, unknown>): number {
  const text = typeof v['fy'] === 'string' ? v['fy'] : null;
  if (text === null) return fiscalYearOf(new Date());
  const fy = Number(text);
  if (!Number.isInteger(fy) || fy < 1989 || fy > 2200)
    throw new UsageError('--fy には 2025 のような西暦の年度を指定してください。');
  return fy;
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
  /** `kaname <command> <subcommand> …`: a first argument naming one of these runs it instead. */
  subcommands?: Readonly<Record<string, Command>>;
};
