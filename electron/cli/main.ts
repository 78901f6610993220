import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { LoginSchema, PasswordSchema } from '../../shared/contract';
import { AppError, toApiError } from '../../shared/result';
import type { ErrorCode } from '../../shared/result';
import { AppContext } from '../main/api/context';
import { classifyStorageError } from '../main/db/errors';
import { dispatch } from '../main/api/dispatch';
import { backupTo, restoreFrom, verifyDatabase } from '../main/services/backup';
import { createDemoOffice } from '../main/services/demo';
import { closeOffice, createOffice, unlockOffice } from '../main/services/office';
import type { Office, Session } from '../main/services/office';
import { sessionOf } from '../main/services/office';

/**
 * kaname — the command line over the same core as the app.
 * Exit codes: 0 success, 1 input rejected (nothing written), 2 usage error,
 * 3 authentication or permission refused, 4 any other failure.
 */

class UsageError extends Error {}

const usage = `使い方: kaname <コマンド> [オプション]

  init    --db FILE --admin LOGIN [--name 氏名] [--office 事業所名]   新しい暗号化事業所を作成
  demo    --db FILE                                                デモ事業所を作成（全デモアカウントのパスワードは KANAME_PASSWORD）
  verify  --db FILE [--json]                                       整合性と監査ログの連鎖を検証
  backup  --db FILE --out FILE [--json]                            暗号化したままコピーを作成
  restore --from FILE --db FILE [--json]                           コピーを検証してから置き換え

  パスワードは環境変数 KANAME_PASSWORD から読みます（引数では受け取りません）。
  ログインIDは --user または環境変数 KANAME_USER。
  終了コード: 0 成功 / 1 入力を拒否（何も書き込んでいない） / 2 使い方の誤り / 3 認証・権限の拒否 / 4 その他の失敗`;

const exitFor: Partial<Record<ErrorCode, number>> = {
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
};

type Out = { json: boolean };

function print(out: Out, value: Record<string, unknown>, text: string): void {
  process.stdout.write(out.json ? `${JSON.stringify({ ok: true, ...value })}\n` : `${text}\n`);
}

function password(): string {
  const pw = process.env['KANAME_PASSWORD'];
  if (pw === undefined || pw === '') throw new UsageError('環境変数 KANAME_PASSWORD にパスワードを設定してください。');
  return pw;
}

function login(values: Record<string, unknown>): string {
  const user = typeof values['user'] === 'string' ? values['user'] : process.env['KANAME_USER'];
  if (!user) throw new UsageError('--user または環境変数 KANAME_USER でログインIDを指定してください。');
  return user;
}

function required(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`--${name} を指定してください。`);
  return v;
}

function checked<T>(
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
async function withHrSession<T>(
  dbPath: string,
  values: Record<string, unknown>,
  work: (office: Office, session: Session) => T,
): Promise<T> {
  const { office, account } = await unlockOffice(dbPath, login(values), password());
  try {
    if (account.role !== 'hr') throw new AppError('FORBIDDEN', 'この操作は人事担当のアカウントだけが行えます。');
    return work(office, sessionOf(account));
  } finally {
    closeOffice(office);
  }
}

const common = { db: { type: 'string' }, json: { type: 'boolean', default: false }, user: { type: 'string' } } as const;

const commands: Record<
  string,
  { options: NonNullable<ParseArgsConfig['options']>; run: (v: Record<string, unknown>, out: Out) => Promise<number> }
> = {
  init: {
    options: { ...common, admin: { type: 'string' }, name: { type: 'string' }, office: { type: 'string' } },
    run: async (v, out) => {
      const dbPath = path.resolve(required(v, 'db'));
      const admin = checked(LoginSchema, required(v, 'admin'));
      const pw = checked(PasswordSchema, password());
      const officeName = typeof v['office'] === 'string' ? v['office'] : '区役所';
      const displayName = typeof v['name'] === 'string' ? v['name'] : '人事担当';
      const { office } = await createOffice(dbPath, {
        officeName,
        accounts: [{ login: admin, displayName, role: 'hr', staffNo: null, password: pw }],
      });
      closeOffice(office);
      print(out, { db: dbPath, admin }, `事業所を作成しました: ${dbPath}（管理者 ${admin}）`);
      return 0;
    },
  },
  demo: {
    options: { ...common },
    run: async (v, out) => {
      const dbPath = path.resolve(required(v, 'db'));
      const pw = checked(PasswordSchema, password());
      const { office } = await createDemoOffice(dbPath, pw, false);
      const staff = (office.db.prepare('SELECT count(*) AS n FROM staff').get() as { n: number }).n;
      const logins = (office.db.prepare('SELECT login FROM accounts ORDER BY id').all() as { login: string }[]).map(
        (r) => r.login,
      );
      closeOffice(office);
      print(
        out,
        { db: dbPath, staff, logins },
        `デモ事業所を作成しました: ${dbPath}（職員 ${staff} 名、ログインID: ${logins.join(', ')}）`,
      );
      return 0;
    },
  },
  verify: {
    options: { ...common },
    run: async (v, out) => {
      const dbPath = path.resolve(required(v, 'db'));
      const report = await withHrSession(dbPath, v, (office) => verifyDatabase(office.db));
      if (out.json) {
        process.stdout.write(
          `${JSON.stringify({ ok: report.ok, db: dbPath, integrity: report.integrity, audit: report.audit })}\n`,
        );
      } else {
        const lines = [...report.integrity, ...report.audit.problems];
        process.stdout.write(
          report.ok
            ? `検証に成功しました（監査ログ ${report.audit.rows} 行）。\n`
            : `検証で問題が見つかりました:\n${lines.map((l) => `  - ${l}`).join('\n')}\n`,
        );
      }
      return report.ok ? 0 : 1;
    },
  },
  backup: {
    options: { ...common, out: { type: 'string' } },
    run: async (v, out) => {
      const dbPath = path.resolve(required(v, 'db'));
      const target = path.resolve(required(v, 'out'));
      const row = await withHrSession(dbPath, v, (office, session) => backupTo(office, target, session.actor));
      print(
        out,
        { backup: row.file, bytes: row.bytes },
        `バックアップを作成しました: ${row.file}（${row.bytes} バイト、鍵ファイル ${row.file}.keys）`,
      );
      return 0;
    },
  },
  restore: {
    options: { ...common, from: { type: 'string' } },
    run: async (v, out) => {
      const dbPath = path.resolve(required(v, 'db'));
      const from = path.resolve(required(v, 'from'));
      const { report, keptAs } = await restoreFrom(from, dbPath, login(v), password());
      print(
        out,
        { db: dbPath, from, keptAs, auditRows: report.audit.rows },
        `復元しました: ${dbPath}${keptAs ? `（元のファイルは ${keptAs} に退避）` : ''}`,
      );
      return 0;
    },
  },
};

export async function run(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const json = rest.includes('--json');
  const out: Out = { json };
  const fail = (code: number, error: { code: string; message: string }): number => {
    if (json) process.stdout.write(`${JSON.stringify({ ok: false, error })}\n`);
    else process.stderr.write(`エラー: ${error.message}\n`);
    return code;
  };
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(`${usage}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) return fail(2, { code: 'USAGE', message: `不明なコマンドです: ${name}\n${usage}` });
  try {
    const { values } = parseArgs({ args: rest, options: command.options, strict: true, allowPositionals: false });
    return await command.run(values, out);
  } catch (e) {
    if (e instanceof UsageError) return fail(2, { code: 'USAGE', message: e.message });
    if (e instanceof Error && 'code' in e && typeof e.code === 'string' && e.code.startsWith('ERR_PARSE_ARGS')) {
      return fail(2, { code: 'USAGE', message: `オプションが正しくありません: ${e.message}` });
    }
    const error = toApiError(classifyStorageError(e));
    return fail(exitFor[error.code] ?? 4, error);
  }
}

// Keep the dispatcher reachable from the CLI for channel-level commands added later.
export { AppContext, dispatch };

if (require.main === module || process.argv[1]?.endsWith('kaname.cjs') === true) {
  void run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
