import path from 'node:path';
import { formKinds, schemas } from '../../shared/contract';
import type { FormKind, ImportProblem, RowChange } from '../../shared/contract';
import { AppError } from '../../shared/result';
import { formLabels } from '../core/workbooks/forms/common';
import {
  checked,
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

/*
 * `kaname export selfreports|mbo` and `kaname import selfreports|mbo FILE`: the staff workbooks
 * (記入用ブック) and print-ready books of the per-person forms. They share the `import` and
 * `export` commands with the sheet kinds (org-commands.ts): the kind decides which one runs.
 */

function formKindOf(text: string | undefined): FormKind | null {
  return formKinds.find((k) => k === text) ?? null;
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
    const file = await withApi(dbPath, v, out, (call) => call('forms:export', input));
    writeOutput(target, file);
    const head = exportedHead(file);
    print(
      out,
      { kind, purpose: input.purpose, fy: input.fy, file: target, ...head.json },
      `${formLabels[kind]}の${input.purpose === 'print' ? '印刷用ブック' : '記入用ブック'}を出力しました: ${target}${head.line}`,
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
  warnings: ImportProblem[];
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
    const upload = readInput(file);
    return withApi(dbPath, v, out, async (call) => {
      let report: Report;
      try {
        // The preview lists every form; the commit decides again inside its transaction and counts.
        const preview = await call('import:preview', { kind, ...upload });
        const counts = dryRun ? preview.counts : await call('import:commit', { token: preview.token });
        report = {
          inserted: counts.inserted,
          updated: counts.updated,
          unchanged: counts.unchanged,
          rejected: counts.errors,
          errors: preview.problems,
          warnings: preview.warnings,
          forms: preview.changes.map(({ key, label, status }) => ({ key, label, status })),
        };
      } catch (e) {
        if (!(e instanceof AppError) || e.code !== 'VALIDATION') throw e;
        report = {
          inserted: 0,
          updated: 0,
          unchanged: 0,
          rejected: 0,
          errors: [{ sheet: formLabels[kind], row: null, column: null, field: null, message: e.message }],
          warnings: [],
          forms: [],
        };
      }
      const ok = report.errors.length === 0;
      if (out.json) {
        out.stdout.write(`${JSON.stringify({ ok, dryRun, kind, ...report })}\n`);
      } else {
        const counts = `新規 ${report.inserted} / 変更 ${report.updated} / 変更なし ${report.unchanged} / 却下 ${report.rejected}`;
        out.stdout.write(
          `${dryRun ? '検証のみ（書き込みなし）' : '取り込みました（却下した様式を除く）'}: ${counts}\n`,
        );
        if (!ok) out.stderr.write(`却下した様式があります:\n${report.errors.map(problemLine).join('\n')}\n`);
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
