import path from 'node:path';
import { RANK_CLASS_LABELS } from '../../shared/ranking';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { gradeGroups } from '../../shared/org';
import { AppError } from '../../shared/result';
import { rankingView } from '../main/services/appraisal-ranking';
import { common, required, withSession } from './common';
import type { Command } from './common';

/**
 * `kaname rank --db F [--fy 2025] [--population 係長級] [--json]`: the relative ranking of each
 * population as the 調整者's screen shows it — quotas against the current result, the boundary ties
 * still to decide, the notes on small populations, and who is still waiting. Read only.
 * HR, the personnel office, or an evaluator for the populations they are the 調整者 of.
 */
const rankCommand: Command = {
  options: { ...common, fy: { type: 'string' }, population: { type: 'string' } },
  run: async (v, out) => {
    const fy = typeof v['fy'] === 'string' ? Number(v['fy']) : fiscalYearOf(new Date());
    if (!Number.isInteger(fy) || fy < 1989 || fy > 2200)
      throw new AppError('VALIDATION', '--fy は西暦の年度（例: 2025）で指定してください。');
    const wanted = typeof v['population'] === 'string' ? v['population'] : null;
    if (wanted !== null && !gradeGroups.some((g) => g === wanted)) {
      throw new AppError('VALIDATION', `--population は ${gradeGroups.join('・')} のいずれかで指定してください。`);
    }
    const results = await withSession(
      path.resolve(required(v, 'db')),
      v,
      ['hr', 'personnel', 'evaluator'],
      (office, session) => {
        const first = rankingView(office.db, session, { fy });
        const keys = wanted === null ? first.populations.map((p) => p.key) : [wanted];
        return keys.map((key) => rankingView(office.db, session, { fy, population: key }));
      },
    );
    if (out.json) {
      process.stdout.write(
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
      process.stdout.write(
        `\n${fy}年度 ${label}: 順位づけ ${res?.size ?? 0}人 / 全 ${(res?.size ?? 0) + (res?.waiting.length ?? 0)}人${res?.confirmed ? `（確定 ${res.confirmed.at.slice(0, 10)}）` : ''}\n`,
      );
      if (!res) continue;
      for (const f of res.figures) {
        process.stdout.write(
          `  ${RANK_CLASS_LABELS[f.class]}  枠 ${String(f.quota).padStart(5)}（計算上 ${f.exact.toFixed(2)}）  現在 ${String(f.placed).padStart(5)}\n`,
        );
      }
      for (const t of res.ties) {
        process.stdout.write(
          `  同点 ${t.score.toFixed(2)}: ${t.ids.length}人が ${t.classes.map((c) => RANK_CLASS_LABELS[c]).join('・')} の境界（枠 ${t.seats.join('・')}人）${t.resolved ? ' — 決定済み' : ' — 調整者の決定待ち'}\n`,
        );
      }
      for (const n of res.notes) process.stdout.write(`  注: ${n}\n`);
      if (res.waiting.length > 0) process.stdout.write(`  調整済になっていない職員: ${res.waiting.length}人\n`);
    }
    return 0;
  },
};

export const appraisalCommands: Record<string, Command> = { rank: rankCommand };
