import fs from 'node:fs';
import path from 'node:path';
import { formKinds, schemas } from '../../shared/contract';
import type { FormKind, ImportProblem, RowChange } from '../../shared/contract';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { AppError } from '../../shared/result';
import { formLabels } from '../main/services/forms/common';
import { exportForms } from '../main/services/forms/export';
import { commitForms, parseForms, planForms } from '../main/services/forms/import';
import { checked, common, print, required, UsageError, withHrSession } from './common';
import type { Command } from './common';

/*
 * `kaname export selfreports|mbo` and `kaname import selfreports|mbo FILE`: the staff workbooks
 * (記入用ブック) and print-ready books of the per-person forms. They share the `import` and
 * `export` commands with the sheet kinds (org-commands.ts): the kind decides which one runs.
 */

function formKindOf(text: string | undefined): FormKind | null {
  return formKinds.find((k) => k === text) ?? null;
}

function fyOption(v: Record<string, unknown>): number {
  const text = typeof v['fy'] === 'string' ? v['fy'] : null;
  if (text === null) return fiscalYearOf(new Date());
  const fy = Number(text);
  if (!Number.isInteger(fy) || fy < 1989 || fy > 2200)
    throw new UsageError('--fy には 2025 のような西暦の年度を指定してください。');
  return fy;
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

const formExportOptions = {
  out: { type: 'string' },
  fy: { type: 'string' },
  section: { type: 'string' },
  staff: { type: 'string' },
  print: { type: 'boolean', default: false },
} as const;

const formExport: Command = {
  options: { ...common, ...formExportOptions },
  positionals: ['kind'],
  run: async (v, out, [kindText]) => {
    const kind = formKindOf(kindText);
    if (!kind) throw new UsageError(`種類は ${formKinds.join(' / ')} のいずれかにしてください。`);
    const dbPath = path.resolve(required(v, 'db'));
    const target = path.resolve(required(v, 'out'));
    const input = checked(schemas['forms:export'], {
      kind,
      purpose: v['print'] === true ? 'print' : 'roundtrip',
      fy: fyOption(v),
      ...(typeof v['section'] === 'string' ? { section: v['section'] } : {}),
      ...(typeof v['staff'] === 'string' ? { staffNo: v['staff'] } : {}),
    });
    const file = await withHrSession(dbPath, v, (office, session) => exportForms(office.db, session.actor, input));
    try {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, Buffer.from(file.data, 'base64'));
    } catch {
      throw new AppError('IO', `ファイルに書き込めません: ${target}`);
    }
    print(
      out,
      { kind, purpose: input.purpose, fy: input.fy, file: target },
      `${formLabels[kind]}の${input.purpose === 'print' ? '印刷用ブック' : '記入用ブック'}を出力しました: ${target}`,
    );
    return 0;
  },
};

type Report = {
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  errors: ImportProblem[];
  forms: Pick<RowChange, 'key' | 'label' | 'status'>[];
};

/**
 * `kaname import <form kind> FILE`: the dry run, then (unless --dry-run) the valid forms are
 * committed and the rejected ones listed. Exit 0 when every form was taken, 1 when any was rejected
 * (the valid ones are still written, as in the app) or the file was refused.
 */
const formImport: Command = {
  options: { ...common, 'dry-run': { type: 'boolean', default: false } },
  positionals: ['kind', 'file'],
  run: async (v, out, [kindText, file]) => {
    const kind = formKindOf(kindText);
    if (!kind) throw new UsageError(`種類は ${formKinds.join(' / ')} のいずれかにしてください。`);
    const dbPath = path.resolve(required(v, 'db'));
    const dryRun = v['dry-run'] === true;
    const fileName = path.basename(file ?? '');
    let buf: Buffer;
    try {
      buf = fs.readFileSync(path.resolve(file ?? ''));
    } catch {
      throw new AppError('VALIDATION', `ファイルを読めません: ${file ?? ''}`);
    }
    return withHrSession(dbPath, v, async (office, session) => {
      let report: Report;
      try {
        const parsed = await parseForms(kind, fileName, buf);
        // The dry run lists every form; the commit decides again inside its transaction and counts.
        const plan = planForms(office.db, parsed);
        const counts = dryRun ? plan.counts : commitForms(office.db, session.actor, parsed);
        report = {
          inserted: counts.inserted,
          updated: counts.updated,
          unchanged: counts.unchanged,
          rejected: counts.errors,
          errors: plan.problems,
          forms: plan.changes.map(({ key, label, status }) => ({ key, label, status })),
        };
      } catch (e) {
        if (!(e instanceof AppError) || e.code !== 'VALIDATION') throw e;
        report = {
          inserted: 0,
          updated: 0,
          unchanged: 0,
          rejected: 0,
          errors: [{ sheet: formLabels[kind], row: null, column: null, field: null, message: e.message }],
          forms: [],
        };
      }
      const ok = report.errors.length === 0;
      if (out.json) {
        process.stdout.write(`${JSON.stringify({ ok, dryRun, kind, ...report })}\n`);
      } else {
        const counts = `新規 ${report.inserted} / 変更 ${report.updated} / 変更なし ${report.unchanged} / 却下 ${report.rejected}`;
        process.stdout.write(
          `${dryRun ? '検証のみ（書き込みなし）' : '取り込みました（却下した様式を除く）'}: ${counts}\n`,
        );
        if (!ok) process.stderr.write(`却下した様式があります:\n${report.errors.map(problemLine).join('\n')}\n`);
      }
      return ok ? 0 : 1;
    });
  },
};

/** `import` and `export` take both the sheet kinds and the form kinds; the kind picks the command. */
export function withFormKinds(sheet: { import: Command; export: Command }): { import: Command; export: Command } {
  const route = (sheetCommand: Command, formCommand: Command, formOnly: readonly string[]): Command => ({
    options: { ...sheetCommand.options, ...formCommand.options },
    positionals: sheetCommand.positionals,
    run: (v, out, positionals) => {
      if (formKindOf(positionals[0])) return formCommand.run(v, out, positionals);
      const stray = formOnly.filter((o) => v[o] !== undefined && v[o] !== false);
      if (stray.length > 0) {
        throw new UsageError(`${stray.map((o) => `--${o}`).join(' ')} は selfreports / mbo のときだけ指定できます。`);
      }
      return sheetCommand.run(v, out, positionals);
    },
  });
  return {
    import: route(sheet.import, formImport, []),
    export: route(sheet.export, formExport, ['section', 'staff', 'print']),
  };
}
