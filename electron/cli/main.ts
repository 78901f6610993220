import path from 'node:path';
import { parseArgs } from 'node:util';
import { LoginSchema, PasswordSchema } from '../../shared/contract';
import { toApiError } from '../../shared/result';
import { classifyStorageError } from '../core/db/errors';
import { withFormKinds } from './form-commands';
import { orgCommands } from './org-commands';
import { planCommands, withPlanKinds } from './plan-commands';
import { printCommands } from './print-commands';
import { appraisalCommands, withAppraisalKinds } from './appraisal-commands';
import { backupTo, reportProblems, restoreFrom } from '../core/system/backup.service';
import { signedHeadLine } from '../core/system/checkpoints';
import { recoverInterruptedRestore } from '../core/db/restore-journal';
import { createDemoOffice } from '../core/demo/demo';
import { createDemoCity } from '../core/demo/demo-city';
import { closeOffice, createOffice } from '../core/office/office.service';
import {
  allowedAs,
  checked,
  common,
  exitFor,
  login,
  password,
  print,
  processIo,
  required,
  UsageError,
  withApi,
} from './common';
import type { Command, Io, Out } from './common';

/**
 * kaname — the command line over the same core as the app. Every command on an office's data logs
 * in and calls the app's channels through dispatch (common.ts withApi); init, demo and restore work
 * on the office files before any session exists, and template needs no office (docs/cli.md).
 * Exit codes: 0 success, 1 input rejected (nothing written), 2 usage error,
 * 3 authentication or permission refused, 4 any other failure.
 */

const usage = `使い方: kaname <コマンド> [オプション]

  init    --db FILE --admin LOGIN [--name 氏名] [--office 事業所名]   新しい暗号化事業所を作成
  demo    --db FILE [--city]                                       デモ事業所を作成（全デモアカウントのパスワードは KANAME_PASSWORD）
                                                                   --city: 職員35,000人の市規模のデモ（作成に約30秒〜1分）
  verify  --db FILE [--expect-head 件数:ハッシュ] [--json]          整合性と監査ログの連鎖・署名を検証
                                                                   --expect-head: 控えた「署名済みの先頭」まで変わっていないことを確認
  backup  --db FILE --out FILE [--json]                            暗号化したままコピーを作成（署名済みの先頭を表示）
  restore --from FILE --db FILE [--json]                           コピーを検証してから置き換え
  import  <staff|evaluators|areas|awards|training|results|measures> FILE --db FILE [--dry-run] [--confirm-new] [--json]
                                                                   Excel から取り込み（まず検証、エラーがあれば何も書かない）
  export  <staff|evaluators|areas|awards|training|results|measures> --db FILE --out FILE [--fy 2025]
                                                                   現在のデータを取り込みと同じ形式で出力（awards は取消を除く、results は --fy の年度まで）
  template <staff|evaluators|areas|awards|training|results|measures> --out FILE 空のテンプレートを出力（training は研修一覧と研修受講記録の2シート）
  export  <selfreports|mbo> --db FILE --out FILE [--fy 2025] (--section 課 | --staff 職員番号) [--json]
                                                                   記入用ブック（1人1シート、記入欄以外はロック）を出力
  export  <selfreports|mbo> --db FILE --out FILE --print [--fy 2025] [--section 課 | --staff 職員番号] [--json]
                                                                   印刷用ブック（A4・取扱注意）を出力（指定なしは全職員、5,000人まで）
  import  <selfreports|mbo> FILE --db FILE [--dry-run] [--json]        記入用ブックを取り込み（有効な様式だけ取り込み、却下した様式を一覧）
  staff   --db FILE [--json]                                       職員の一覧
  rank    --db FILE [--fy 2025] [--population 係長級] [--json]       相対評価（区分の枠・現在の人数・境界の同点・小さな母集団の注記）
  rank decide --db FILE --population 課長代理級 (--order 職員番号,職員番号,… | --staff 職員番号 --class 1〜5|未定) [--fy 2025] [--json]
                                                                   境界で同点の職員の区分を決める（調整者・人事担当。--order は上位から順に全員）
  rank confirm --db FILE --population 課長代理級 [--fy 2025] [--json] 相対評価を確定（同点が未決定・調整済でない職員がいると拒否。解除は人事担当）
  export  evaluator-workbook --evaluator 職員番号 --db FILE --out FILE [--fy 2025]
                                                                   評価者用の記入用ブック（その評価者がいま記入する人事考課票と他所属評価）
  import  appraisals FILE --db FILE [--dry-run] [--json]             評価者用の記入用ブックを取り込み（保存のみ。提出は画面で行う）
  export  <appraisal-forms|disclosure> --db FILE --out FILE [--fy 2025] [--section 課 | --staff 職員番号]
                                                                   人事考課票（印刷用）／開示シート（確定したものだけ）
  export  <appraisal-status|distribution> --db FILE --out FILE [--fy 2025]
                                                                   人事考課状況一覧／区分の分布（個人名なし。人事担当・人事配置担当）
  export  ranking --db FILE --out FILE [--fy 2025] [--population 係員級]
                                                                   相対評価の結果（母集団ごとに1シート、枠と結果・同点の表示）
  kpi     --db FILE [--fy 2025] [--json]                           プランの指標（研修の受講率など）の実績・目標・達成状況
  export  kpi-report --db FILE --out FILE.xlsx|.pdf [--fy 2026] [--json]
                                                                   取組み報告会用のKPI報告書（A4、3年度の指標・取組み。人事担当・人事配置担当）
  print   placement --db FILE [--fy 2026] (--staff 職員番号[,…] | --section 課 | --all) --out FILE.pdf [--json]
                                                                   人事配置資料（1人A4・1ページ）のPDF（人事担当・人事配置担当）
  print   section-list --db FILE --section 課 --out FILE.pdf|.xlsx [--fy 2026] [--json]
                                                                   所属別一覧（A3横）のPDFまたはExcel（人事担当・人事配置担当）

  パスワードは環境変数 KANAME_PASSWORD から読みます（引数では受け取りません）。
  ログインIDは --user または環境変数 KANAME_USER。
  終了コード: 0 成功 / 1 入力を拒否（何も書き込んでいない） / 2 使い方の誤り / 3 認証・権限の拒否 / 4 その他の失敗
  （selfreports / mbo の取り込みでは、却下した様式があると 1。有効な様式は取り込み済みです。）`;

const commands: Record<string, Command> = {
  ...orgCommands,
  ...appraisalCommands,
  ...planCommands,
  ...printCommands,
  ...withPlanKinds(
    withAppraisalKinds(withFormKinds({ import: orgCommands['import']!, export: orgCommands['export']! })),
  ),
  init: {
    options: { ...common, admin: { type: 'string' }, name: { type: 'string' }, office: { type: 'string' } },
    run: async (v, out) => {
      const dbPath = path.resolve(required(v, 'db'));
      // An interrupted restore may have moved the office aside for a moment: never create over it.
      recoverInterruptedRestore(dbPath);
      const admin = checked(LoginSchema, required(v, 'admin'));
      const pw = checked(PasswordSchema, password(out));
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
    options: { ...common, city: { type: 'boolean', default: false } },
    run: async (v, out) => {
      const dbPath = path.resolve(required(v, 'db'));
      recoverInterruptedRestore(dbPath);
      const pw = checked(PasswordSchema, password(out));
      const { office } = await (v['city'] === true ? createDemoCity : createDemoOffice)(dbPath, pw, false);
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
    options: { ...common, 'expect-head': { type: 'string' } },
    run: async (v, out) => {
      const dbPath = path.resolve(required(v, 'db'));
      const expectHead = typeof v['expect-head'] === 'string' ? parseExpectHead(v['expect-head']) : undefined;
      const report = await withApi(dbPath, v, out, (call) => call('system:verify', expectHead ? { expectHead } : {}));
      if (out.json) {
        // Fields are only ever added (docs/cli.md): ok, db, integrity, audit as before.
        out.stdout.write(
          `${JSON.stringify({
            ok: report.ok,
            db: dbPath,
            integrity: report.integrity,
            audit: report.audit,
            checkpoint: report.checkpoint ?? null,
            sinceCheckpoint: report.sinceCheckpoint ?? null,
            checkpoints: report.checkpoints ?? null,
            ...(report.expectHead ? { expectHead: report.expectHead } : {}),
          })}\n`,
        );
      } else {
        const lines = reportProblems(report);
        const notes = (report.notes ?? []).map((l) => `${l}\n`).join('');
        const anchored = report.expectHead?.ok ? `控えの先頭 ${report.expectHead.entries} 件目と一致しました。\n` : '';
        out.stdout.write(
          report.ok
            ? `検証に成功しました（監査ログ ${report.audit.rows} 行）。\n${anchored}${notes}`
            : `検証で問題が見つかりました:\n${lines.map((l) => `  - ${l}`).join('\n')}\n${notes}`,
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
      // 'system:backup' writes only into the office's own backups folder: a channel taking a target
      // path would let a window (or a browser on the host) write anywhere. So the CLI logs in
      // through dispatch and copies to --out itself, allowed by that channel's access rule. HR's
      // keys sign the chain's head first (docs/audit-checkpoints.md).
      const row = await withApi(dbPath, v, out, (_call, ctx) => {
        const { office, session } = allowedAs(ctx, 'system:backup');
        return backupTo(office, target, session);
      });
      print(
        out,
        { backup: row.file, bytes: row.bytes, checkpoint: row.checkpoint ?? null },
        `バックアップを作成しました: ${row.file}（${row.bytes} バイト、鍵ファイル ${row.file}.keys）\n${signedHeadLine(row.checkpoint)}`,
      );
      return 0;
    },
  },
  restore: {
    options: { ...common, from: { type: 'string' } },
    run: async (v, out) => {
      const dbPath = path.resolve(required(v, 'db'));
      const from = path.resolve(required(v, 'from'));
      const { report, keptAs } = await restoreFrom(from, dbPath, login(v, out), password(out));
      print(
        out,
        { db: dbPath, from, keptAs, auditRows: report.audit.rows },
        `復元しました: ${dbPath}${keptAs ? `（元のファイルは ${keptAs} に退避）` : ''}`,
      );
      return 0;
    },
  },
};

/** `--expect-head N:HASH`: the count and head a verify report or a backup printed (docs/audit-checkpoints.md). */
function parseExpectHead(text: string): { entries: number; head: string } {
  const m = /^(\d{1,15}):([0-9a-fA-F]{64})$/u.exec(text.trim());
  const entries = m ? Number(m[1]) : 0;
  if (!m || entries < 1) {
    throw new UsageError(
      '--expect-head は「件数:ハッシュ」の形で指定してください（件数は1以上、ハッシュは64桁の16進数。検証結果やバックアップが表示する「署名済みの先頭」の値です）。',
    );
  }
  return { entries, head: m[2]!.toLowerCase() };
}

/**
 * Runs one command line (without `node kaname`) and returns its exit code; it never exits the
 * process. bin/kaname.cjs passes the process's streams and environment; tests pass their own.
 */
export async function run(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  const json = rest.includes('--json');
  const out: Out = { ...io, json };
  const fail = (code: number, error: { code: string; message: string }): number => {
    if (json) io.stdout.write(`${JSON.stringify({ ok: false, error })}\n`);
    else io.stderr.write(`エラー: ${error.message}\n`);
    return code;
  };
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(`${usage}\n`);
    return name === undefined ? 2 : 0;
  }
  const top = commands[name];
  if (!top) return fail(2, { code: 'USAGE', message: `不明なコマンドです: ${name}\n${usage}` });
  // `kaname rank decide …`: a subcommand named first takes the rest of the arguments.
  const sub = rest[0] === undefined ? undefined : top.subcommands?.[rest[0]];
  const command = sub ?? top;
  const args = sub ? rest.slice(1) : rest;
  try {
    const { values, positionals } = parseArgs({
      args,
      options: command.options,
      strict: true,
      allowPositionals: true,
    });
    const expected = command.positionals ?? [];
    if (positionals.length !== expected.length) {
      throw new UsageError(
        expected.length === 0
          ? `余分な引数があります: ${positionals.join(' ')}`
          : `kaname ${sub ? `${name} ${rest[0]}` : name} ${expected.map((p) => `<${p}>`).join(' ')} の形で指定してください。`,
      );
    }
    return await command.run(values, out, positionals);
  } catch (e) {
    if (e instanceof UsageError) return fail(2, { code: 'USAGE', message: e.message });
    if (e instanceof Error && 'code' in e && typeof e.code === 'string' && e.code.startsWith('ERR_PARSE_ARGS')) {
      return fail(2, { code: 'USAGE', message: `オプションが正しくありません: ${e.message}` });
    }
    const error = toApiError(classifyStorageError(e));
    return fail(exitFor[error.code] ?? 4, error);
  }
}
