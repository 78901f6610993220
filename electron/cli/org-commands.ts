import fs from 'node:fs';
import path from 'node:path';
import { importKinds } from '../../shared/contract';
import type { ImportKind, ImportProblem } from '../../shared/contract';
import { AppError } from '../../shared/result';
import { kindLabels } from '../main/excel/specs';
import { exportData, templateFor } from '../main/services/excel-export';
import { commitImport, parseImport, planImport } from '../main/services/import';
import { listStaff } from '../main/services/staff';
import { common, print, required, UsageError, withHrSession, withSession } from './common';
import type { Command } from './common';

function kindOf(text: string | undefined): ImportKind {
  const kind = importKinds.find((k) => k === text);
  if (!kind)
    throw new UsageError(`種類は ${importKinds.join(' / ')} のいずれかにしてください（指定: ${text ?? 'なし'}）。`);
  return kind;
}

function readInput(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch {
    throw new AppError('VALIDATION', `ファイルを読めません: ${file}`);
  }
}

function writeOutput(file: string, data: string): string {
  const target = path.resolve(file);
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, Buffer.from(data, 'base64'));
  } catch {
    throw new AppError('IO', `ファイルに書き込めません: ${target}`);
  }
  return target;
}

function problemLine(p: ImportProblem): string {
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

/** `kaname import <kind> FILE`: the app's import engine — a dry run first, then one transaction. */
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
    const options = { confirmNewStaff: v['confirm-new'] === true };
    const fileName = path.basename(file ?? '');
    const buf = readInput(path.resolve(file ?? ''));
    return withHrSession(dbPath, v, async (office, session) => {
      let report: { inserted: number; updated: number; unchanged: number; errors: ImportProblem[] };
      try {
        const parsed = await parseImport(kind, fileName, buf);
        const plan = planImport(office.db, parsed, options);
        report = {
          inserted: plan.counts.inserted,
          updated: plan.counts.updated,
          unchanged: plan.counts.unchanged,
          errors: plan.problems,
        };
        if (plan.problems.length === 0 && !dryRun) {
          const result = commitImport(office.db, session.actor, parsed, options);
          report = { inserted: result.inserted, updated: result.updated, unchanged: result.unchanged, errors: [] };
        }
      } catch (e) {
        // A file refused as a whole (format, size) is reported in the same shape, with no location.
        if (!(e instanceof AppError) || e.code !== 'VALIDATION') throw e;
        report = {
          inserted: 0,
          updated: 0,
          unchanged: 0,
          errors: [{ sheet: kindLabels[kind], row: null, column: null, field: null, message: e.message }],
        };
      }
      const ok = report.errors.length === 0;
      if (out.json) {
        process.stdout.write(`${JSON.stringify({ ok, dryRun, kind, ...report })}\n`);
      } else {
        const counts = `新規 ${report.inserted} / 変更 ${report.updated} / 変更なし ${report.unchanged}`;
        if (ok) process.stdout.write(`${dryRun ? '検証のみ（書き込みなし）' : '取り込みました'}: ${counts}\n`);
        else {
          process.stderr.write(
            `エラーが${report.errors.length}件あるため取り込みませんでした:\n${report.errors.map(problemLine).join('\n')}\n`,
          );
          if (report.errors.some((p) => p.kind === 'confirm')) {
            process.stderr.write(
              '職員番号を確かめ、新しい職員として取り込む場合は --confirm-new を付けてもう一度実行してください。\n',
            );
          }
        }
      }
      return ok ? 0 : 1;
    });
  },
};

const exportCommand: Command = {
  options: { ...common, out: { type: 'string' }, fy: { type: 'string' } },
  positionals: ['kind'],
  run: async (v, out, [kindText]) => {
    const kind = kindOf(kindText);
    const dbPath = path.resolve(required(v, 'db'));
    const target = required(v, 'out');
    const fyText = typeof v['fy'] === 'string' ? v['fy'] : null;
    const fy = fyText === null ? null : Number(fyText);
    if (fy !== null && (!Number.isInteger(fy) || fy < 1989 || fy > 2200))
      throw new UsageError('--fy には 2025 のような西暦の年度を指定してください。');
    const file = await withHrSession(dbPath, v, (office) => exportData(office.db, kind, fy));
    const written = writeOutput(target, file.data);
    print(out, { kind, file: written }, `出力しました: ${written}`);
    return 0;
  },
};

const templateCommand: Command = {
  options: { json: { type: 'boolean', default: false }, out: { type: 'string' } },
  positionals: ['kind'],
  run: async (v, out, [kindText]) => {
    const kind = kindOf(kindText);
    const target = required(v, 'out');
    const written = writeOutput(target, (await templateFor(kind)).data);
    print(out, { kind, file: written }, `テンプレートを出力しました: ${written}`);
    return 0;
  },
};

const staffCommand: Command = {
  options: { ...common },
  run: async (v, out) => {
    const dbPath = path.resolve(required(v, 'db'));
    const { rows } = await withSession(dbPath, v, ['hr', 'personnel'], (office, session) =>
      listStaff(office.db, session, { active: 'all' }),
    );
    if (out.json) {
      process.stdout.write(`${JSON.stringify({ ok: true, staff: rows })}\n`);
    } else {
      for (const s of rows) {
        process.stdout.write(
          `${[s.staffNo, s.name, s.section ?? '', s.line ?? '', s.position, s.active ? '在職' : '退職'].join('\t')}\n`,
        );
      }
    }
    return 0;
  },
};

export const orgCommands: Record<string, Command> = {
  import: importCommand,
  export: exportCommand,
  template: templateCommand,
  staff: staffCommand,
};
