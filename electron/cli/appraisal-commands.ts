import path from 'node:path';
import { schemas } from '../../shared/contract';
import type { AppraisalExport, ImportProblem } from '../../shared/contract';
import { RANK_CLASS_LABELS } from '../../shared/ranking';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { gradeGroups } from '../../shared/org';
import { AppError } from '../../shared/result';
import {
  UsageError,
  checked,
  common,
  fyOption,
  print,
  problemLine,
  readInput,
  required,
  withApi,
  writeOutput,
  exportedHead,
} from './common';
import type { Command } from './common';
import { rankSubcommands } from './rank-commands';

/**
 * `kaname rank --db F [--fy 2025] [--population 係長級 | 係員級・区民課] [--json]`: the relative ranking
 * of each population (a grade group ranked 区全体, or a grade group's section when it is ranked per
 * 課) as the 調整者's screen shows it — quotas against the current result, the boundary ties
 * still to decide, the notes on small populations, and who is still waiting. Read only.
 * HR, the personnel office, or an evaluator for the populations they are the 調整者 of.
 * `kaname rank decide|confirm` are its subcommands (rank-commands.ts).
 */
const rankCommand: Command = {
  options: { ...common, fy: { type: 'string' }, population: { type: 'string' } },
  subcommands: rankSubcommands,
  run: async (v, out) => {
    const fy = typeof v['fy'] === 'string' ? Number(v['fy']) : fiscalYearOf(new Date());
    if (!Number.isInteger(fy) || fy < 1989 || fy > 2200)
      throw new AppError('VALIDATION', '--fy は西暦の年度（例: 2025）で指定してください。');
    const wanted = typeof v['population'] === 'string' ? v['population'] : null;
    const usage = `--population は ${gradeGroups.join('・')} のいずれか（課ごとに相対評価する職層は「係員級・区民課」の形）で指定してください。`;
    if (wanted !== null && !gradeGroups.some((g) => wanted === g || wanted.startsWith(`${g}・`))) {
      throw new AppError('VALIDATION', usage);
    }
    const results = await withApi(path.resolve(required(v, 'db')), v, out, async (call) => {
      const first = await call('appraisal:ranking', { fy });
      if (wanted !== null && !first.populations.some((p) => p.key === wanted)) {
        const known = first.populations.map((p) => p.key).join('、');
        throw new AppError(
          'NOT_FOUND',
          `${fy}年度に母集団「${wanted}」はありません（または相対評価を扱う権限がありません）。${known ? `母集団: ${known}` : ''}`,
        );
      }
      const keys = wanted === null ? first.populations.map((p) => p.key) : [wanted];
      const views = [];
      for (const population of keys) views.push(await call('appraisal:ranking', { fy, population }));
      return views;
    });
    if (out.json) {
      out.stdout.write(
        `${JSON.stringify({
          ok: true,
          fy,
          populations: results.map((r) => ({
            population: r.population,
            size: r.result?.size ?? 0,
            confirmed: r.result?.confirmed ?? null,
            quotas:
              r.result?.figures.map((f) => ({ class: f.class, quota: f.quota, exact: f.exact, placed: f.placed })) ??
              [],
            ties: r.result?.ties ?? [],
            undecided: r.result?.undecided ?? 0,
            waiting: r.result?.waiting.length ?? 0,
            notes: r.result?.notes ?? [],
          })),
        })}\n`,
      );
      return 0;
    }
    for (const r of results) {
      const res = r.result;
      const label = r.populations.find((p) => p.key === r.population)?.label ?? r.population;
      out.stdout.write(
        `\n${fy}年度 ${label}: 順位づけ ${res?.size ?? 0}人 / 全 ${(res?.size ?? 0) + (res?.waiting.length ?? 0)}人${res?.confirmed ? `（確定 ${res.confirmed.at.slice(0, 10)}）` : ''}\n`,
      );
      if (!res) continue;
      for (const f of res.figures) {
        out.stdout.write(
          `  ${RANK_CLASS_LABELS[f.class]}  枠 ${String(f.quota).padStart(5)}（計算上 ${f.exact.toFixed(2)}）  現在 ${String(f.placed).padStart(5)}\n`,
        );
      }
      for (const t of res.ties) {
        out.stdout.write(
          `  同点 ${t.score.toFixed(2)}: ${t.ids.length}人が ${t.classes.map((c) => RANK_CLASS_LABELS[c]).join('・')} の境界（枠 ${t.seats.join('・')}人）${t.resolved ? ' — 決定済み' : ' — 調整者の決定待ち'}\n`,
        );
      }
      for (const n of res.notes) out.stdout.write(`  注: ${n}\n`);
      if (res.waiting.length > 0) out.stdout.write(`  調整済になっていない職員: ${res.waiting.length}人\n`);
    }
    return 0;
  },
};

export const appraisalCommands: Record<string, Command> = { rank: rankCommand };

/** `kaname export <what>` names for the appraisal's workbooks. */
const exportKinds: Readonly<Record<string, AppraisalExport>> = {
  'evaluator-workbook': 'evaluator',
  'appraisal-forms': 'forms',
  'appraisal-status': 'status',
  ranking: 'ranking',
  distribution: 'distribution',
  disclosure: 'disclosure',
};

const exportOptions = {
  out: { type: 'string' },
  fy: { type: 'string' },
  section: { type: 'string' },
  staff: { type: 'string' },
  population: { type: 'string' },
  evaluator: { type: 'string' },
} as const;

/**
 * `kaname export evaluator-workbook --evaluator 職員番号 …` and the appraisal's print exports
 * (appraisal-forms, appraisal-status, ranking, distribution, disclosure). The status table, the
 * distribution and the ranking are open to the personnel office too; the rest is HR's.
 */
const appraisalExport: Command = {
  options: { ...common, ...exportOptions },
  positionals: ['kind'],
  run: async (v, out, [kindText]) => {
    const what = exportKinds[kindText ?? ''];
    if (!what) throw new UsageError(`種類は ${Object.keys(exportKinds).join(' / ')} のいずれかにしてください。`);
    const dbPath = path.resolve(required(v, 'db'));
    const target = path.resolve(required(v, 'out'));
    if (what === 'evaluator' && typeof v['evaluator'] !== 'string') {
      throw new UsageError('--evaluator に評価者の職員番号を指定してください。');
    }
    const str = (k: string): string | undefined => {
      const x = v[k];
      return typeof x === 'string' ? x : undefined;
    };
    const input = checked(schemas['appraisal:export'], {
      fy: fyOption(v),
      what,
      ...(str('section') !== undefined ? { section: str('section') } : {}),
      ...(str('staff') !== undefined ? { staffNo: str('staff') } : {}),
      ...(str('population') !== undefined ? { population: str('population') } : {}),
      ...(str('evaluator') !== undefined ? { evaluatorNo: str('evaluator') } : {}),
    });
    // Which kinds the personnel office may take is the service's one rule (docs/access.md).
    const file = await withApi(dbPath, v, out, (call) => call('appraisal:export', input));
    writeOutput(target, file);
    const head = exportedHead(file);
    print(out, { kind: kindText, fy: input.fy, file: target, ...head.json }, `出力しました: ${target}${head.line}`);
    return 0;
  },
};

/**
 * `kaname import appraisals FILE`: an evaluator's workbook. The valid forms are saved (not
 * submitted: the evaluator or HR submits in the app), the rejected ones listed. Exit 1 when any was rejected.
 */
const appraisalImport: Command = {
  options: { ...common, 'dry-run': { type: 'boolean', default: false } },
  positionals: ['kind', 'file'],
  run: async (v, out, [, file]) => {
    const dbPath = path.resolve(required(v, 'db'));
    const dryRun = v['dry-run'] === true;
    const upload = readInput(file);
    return withApi(dbPath, v, out, async (call) => {
      let errors: ImportProblem[];
      let counts = { inserted: 0, updated: 0, unchanged: 0, errors: 0 };
      let forms: { key: string; label: string; status: string }[] = [];
      try {
        const preview = await call('import:preview', { kind: 'appraisals', ...upload });
        counts = dryRun ? preview.counts : await call('import:commit', { token: preview.token });
        errors = preview.problems;
        forms = preview.changes.map(({ key, label, status }) => ({ key, label, status }));
      } catch (e) {
        if (!(e instanceof AppError) || e.code !== 'VALIDATION') throw e;
        errors = [{ sheet: '人事考課票', row: null, column: null, field: null, message: e.message }];
      }
      const ok = errors.length === 0;
      const report = {
        updated: counts.updated,
        unchanged: counts.unchanged,
        rejected: counts.errors,
        errors,
        forms,
      };
      if (out.json) {
        out.stdout.write(`${JSON.stringify({ ok, dryRun, kind: 'appraisals', ...report })}\n`);
      } else {
        out.stdout.write(
          `${dryRun ? '検証のみ（書き込みなし）' : '保存しました（却下した様式を除く。提出は Kaname の画面で行います）'}: ` +
            `変更 ${report.updated} / 変更なし ${report.unchanged} / 却下 ${report.rejected}\n`,
        );
        if (!ok) out.stderr.write(`却下した様式があります:\n${errors.map(problemLine).join('\n')}\n`);
      }
      return ok ? 0 : 1;
    });
  },
};

/** Routes `import appraisals` and `export <appraisal kind>` to the commands above; anything else goes on. */
export function withAppraisalKinds(base: { import: Command; export: Command }): { import: Command; export: Command } {
  const route = (next: Command, mine: Command, isMine: (kind: string | undefined) => boolean): Command => ({
    options: { ...next.options, ...mine.options },
    positionals: next.positionals,
    run: (v, out, positionals) => (isMine(positionals[0]) ? mine : next).run(v, out, positionals),
  });
  return {
    import: route(base.import, appraisalImport, (k) => k === 'appraisals'),
    export: route(base.export, appraisalExport, (k) => k !== undefined && k in exportKinds),
  };
}
