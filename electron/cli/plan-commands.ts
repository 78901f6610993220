import path from 'node:path';
import type { Kpi } from '../../shared/kpi';
import { common, fyOption, print, required, withApi } from './common';
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

export const planCommands: Record<string, Command> = { kpi: kpiCommand };
