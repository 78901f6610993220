import path from 'node:path';
import { importKinds } from '../../shared/contract';
import type { ImportKind, ImportProblem } from '../../shared/contract';
import { AppError } from '../../shared/result';
import { kindLabels } from '../core/workbooks/io/specs';
import { templateFor } from '../core/workbooks/roster/export';
import {
  common,
  fyOption,
  print,
  problemLine,
  readInput,
  required,
  UsageError,
  withApi,
  writeOutput,
  exportedHead,
} from './common';
import type { Command } from './common';

function kindOf(text: string | undefined): ImportKind {
  const kind = importKinds.find((k) => k === text);
  if (!kind)
    throw new UsageError(`種類は ${importKinds.join(' / ')} のいずれかにしてください（指定: ${text ?? 'なし'}）。`);
  return kind;
}

/**
 * `kaname import <kind> FILE`: the app's import screen — 'import:preview' (the dry run), then, with
 * no problem and no --dry-run, 'import:commit' of that preview in one transaction.
 */
const importCommand: Command = {
  options: {
    ...common,
    'dry-run': { type: 'boolean', default: false },
    'confirm-new': { type: 'boolean', default: false },
  },
  positionals: ['kind', 'file'],
  run: async (v, out, [kindText, file]) => {
    const kind = kindOf(kindText);
    const dbPath = path.resolve(required(v, 'db'));
    const dryRun = v['dry-run'] === true;
    // The user confirms that unknown 職員番号 the 職員名簿 import asks about are new people.
    const confirmNewStaff = v['confirm-new'] === true;
    const upload = readInput(file);
    return withApi(dbPath, v, out, async (call) => {
      let report: {
        inserted: number;
        updated: number;
        unchanged: number;
        errors: ImportProblem[];
        warnings: ImportProblem[];
      };
      try {
        const preview = await call('import:preview', { kind, ...upload, confirmNewStaff });
        const { inserted, updated, unchanged } = preview.counts;
        // Warnings (a 研修 受講記録's 氏名 that differs from the stored one) never block the commit.
        const { warnings } = preview;
        report = { inserted, updated, unchanged, errors: preview.problems, warnings };
        if (preview.problems.length === 0 && !dryRun) {
          const result = await call('import:commit', { token: preview.token, confirmNewStaff });
          report = {
            inserted: result.inserted,
            updated: result.updated,
            unchanged: result.unchanged,
            errors: [],
            warnings,
          };
        }
      } catch (e) {
        // A file refused as a whole (format, size) is reported in the same shape, with no location.
        if (!(e instanceof AppError) || e.code !== 'VALIDATION') throw e;
        report = {
          inserted: 0,
          updated: 0,
          unchanged: 0,
          errors: [{ sheet: kindLabels[kind], row: null, column: null, field: null, message: e.message }],
          warnings: [],
        };
      }
      const ok = report.errors.length === 0;
      if (out.json) {
        out.stdout.write(`${JSON.stringify({ ok, dryRun, kind, ...report })}\n`);
      } else {
        if (report.warnings.length > 0) {
          out.stderr.write(
            `警告が${report.warnings.length}件あります:\n${report.warnings.map(problemLine).join('\n')}\n`,
          );
        }
        const counts = `新規 ${report.inserted} / 変更 ${report.updated} / 変更なし ${report.unchanged}`;
        if (ok) out.stdout.write(`${dryRun ? '検証のみ（書き込みなし）' : '取り込みました'}: ${counts}\n`);
        else {
          out.stderr.write(
            `エラーが${report.errors.length}件あるため取り込みませんでした:\n${report.errors.map(problemLine).join('\n')}\n`,
          );
          if (report.errors.some((p) => p.kind === 'confirm')) {
            out.stderr.write(
              '職員番号を確かめ、新しい職員として取り込む場合は --confirm-new を付けてもう一度実行してください。\n',
            );
          }
        }
      }
      return ok ? 0 : 1;
    });
  },
};

/** `kaname export <kind>`: 'excel:export', the current data in the import's own format. */
const exportCommand: Command = {
  options: { ...common, out: { type: 'string' }, fy: { type: 'string' } },
  positionals: ['kind'],
  run: async (v, out, [kindText]) => {
    const kind = kindOf(kindText);
    const dbPath = path.resolve(required(v, 'db'));
    const target = required(v, 'out');
    const fy = v['fy'] === undefined ? null : fyOption(v);
    const file = await withApi(dbPath, v, out, (call) => call('excel:export', { kind, fy }));
    const written = writeOutput(target, file);
    const head = exportedHead(file);
    print(out, { kind, file: written, ...head.json }, `出力しました: ${written}${head.line}`);
    return 0;
  },
};

/**
 * `kaname template <kind>`: an empty template. It holds no office data, so it needs no database
 * and no login, and does not go through dispatch (docs/cli.md).
 */
const templateCommand: Command = {
  options: { json: { type: 'boolean', default: false }, out: { type: 'string' } },
  positionals: ['kind'],
  run: async (v, out, [kindText]) => {
    const kind = kindOf(kindText);
    const target = required(v, 'out');
    const written = writeOutput(target, await templateFor(kind));
    print(out, { kind, file: written }, `テンプレートを出力しました: ${written}`);
    return 0;
  },
};

/**
 * `kaname staff`: 'staff:list', the 職員一覧 screen's list — every account may call it and sees the
 * staff its role is allowed to see (the service's scope), retired staff included.
 */
const staffCommand: Command = {
  options: { ...common },
  run: async (v, out) => {
    const dbPath = path.resolve(required(v, 'db'));
    const { rows, total } = await withApi(dbPath, v, out, (call) =>
      call('staff:list', { active: 'all', limit: maxStaffRows }),
    );
    if (rows.length < total) {
      out.stderr.write(`注: ${total} 人のうち先頭の ${rows.length} 人だけを表示しています。\n`);
    }
    if (out.json) {
      out.stdout.write(`${JSON.stringify({ ok: true, staff: rows })}\n`);
    } else {
      for (const s of rows) {
        out.stdout.write(
          `${[s.staffNo, s.name, s.section ?? '', s.line ?? '', s.position, s.active ? '在職' : '退職'].join('\t')}\n`,
        );
      }
    }
    return 0;
  },
};

/** The most rows 'staff:list' returns in one call (its schema's limit). */
const maxStaffRows = 50_000;

export const orgCommands: Record<string, Command> = {
  import: importCommand,
  export: exportCommand,
  template: templateCommand,
  staff: staffCommand,
};
