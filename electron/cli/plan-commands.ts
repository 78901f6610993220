import path from 'node:path';
import type { Kpi } from '../../shared/kpi';
import { common, fyOption, print, required, UsageError, withApi, writeOutput, exportedHead } from './common';
import type { Command } from './common';

/** A figure with its unit: 33.3%, 5人, 2件; — when there is nothing to measure (0 ÷ 0). */
function figure(value: number | null, unit: Kpi['unit']): string {
  if (value === null) return '—';
  return unit === '%' ? `${value.toFixed(1)}%` : `${value}${unit}`;
}

function actual(k: Kpi): string {
  const shown = figure(k.value, k.unit);
  // A share shows what it counted: 33.3%（1/3）; a share of nothing is just —.
  return k.value !== null && k.numerator !== undefined && k.denominator !== undefined
    ? `${shown}（${k.numerator}/${k.denominator}）`
    : shown;
}

function target(k: Kpi): string {
  if (k.target === null) return '—';
  return k.unit === '%' ? `${k.target}%` : `${k.target}${k.unit}以上`;
}

function verdict(k: Kpi): string {
  return k.met === null ? '—' : k.met ? '達成' : '未達';
}

/** Display width in a terminal: full-width characters take two columns. */
function width(text: string): number {
  let w = 0;
  for (const ch of text) w += (ch.codePointAt(0) ?? 0) > 0xff ? 2 : 1;
  return w;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => width(r[i]!))));
  return rows
    .map((r) =>
      r
        .map((cell, i) => (i === r.length - 1 ? cell : cell + ' '.repeat(widths[i]! - width(cell))))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * `kaname kpi --db F [--fy 2025] [--json]`: 'kpi:list', the plan's figures against their targets
 * (docs/plan.md). --json prints the channel's answer as is: {ok, fy, kpis}.
 */
const kpiCommand: Command = {
  options: { ...common, fy: { type: 'string' } },
  run: async (v, out) => {
    const dbPath = path.resolve(required(v, 'db'));
    const fy = fyOption(v);
    const report = await withApi(dbPath, v, out, (call) => call('kpi:list', { fy }));
    const rows = [
      ['指標', '実績', '目標', '判定'],
      ...report.kpis.map((k) => [k.label, actual(k), target(k), verdict(k)]),
    ];
    print(out, { fy: report.fy, kpis: report.kpis }, `${report.fy}年度 プランの指標\n${table(rows)}`);
    return 0;
  },
};

/** What `export kpi-report` takes; any other option of `export` is refused rather than ignored. */
const reportOptions = new Set(['db', 'json', 'user', 'fy', 'out']);

/**
 * `kaname export kpi-report --db F [--fy 2026] --out FILE.xlsx|.pdf`: 'plan:report', the KPI report
 * for the 取組み報告会 (docs/kpi-report.md), its format from the file's extension. --json prints
 * {ok, kind, fy, format, file} like the other exports.
 */
const kpiReportExport: Command = {
  options: { ...common, fy: { type: 'string' }, out: { type: 'string' } },
  positionals: ['kind'],
  run: async (v, out) => {
    const stray = Object.keys(v).filter((k) => !reportOptions.has(k) && v[k] !== undefined && v[k] !== false);
    if (stray.length > 0) {
      throw new UsageError(`${stray.map((o) => `--${o}`).join(' ')} は export kpi-report では指定できません。`);
    }
    const dbPath = path.resolve(required(v, 'db'));
    const target = path.resolve(required(v, 'out'));
    const ext = path.extname(target).toLowerCase();
    if (ext !== '.xlsx' && ext !== '.pdf') {
      throw new UsageError(
        `--out には .xlsx か .pdf のファイルを指定してください（形式は拡張子で決まります。指定: ${path.basename(target)}）。`,
      );
    }
    const format = ext === '.pdf' ? 'pdf' : 'xlsx';
    const fy = fyOption(v);
    const file = await withApi(dbPath, v, out, (call) => call('plan:report', { fy, format }));
    const written = writeOutput(target, file);
    const head = exportedHead(file);
    print(
      out,
      { kind: 'kpi-report', fy, format, file: written, ...head.json },
      `KPI報告書を出力しました: ${written}${head.line}`,
    );
    return 0;
  },
};

/** Routes `export kpi-report` to the command above; any other kind goes on to the exports before it. */
export function withPlanKinds(base: { import: Command; export: Command }): { import: Command; export: Command } {
  return {
    import: base.import,
    export: {
      options: { ...base.export.options, ...kpiReportExport.options },
      positionals: base.export.positionals,
      run: (v, out, positionals) =>
        (positionals[0] === 'kpi-report' ? kpiReportExport : base.export).run(v, out, positionals),
    },
  };
}

export const planCommands: Record<string, Command> = { kpi: kpiCommand };
