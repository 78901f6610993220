import path from 'node:path';
import type { RankingView } from '../../shared/contract';
import { RANK_CLASS_LABELS, RANK_CLASSES } from '../../shared/ranking';
import type { RankClass, RankTie } from '../../shared/ranking';
import { AppError } from '../../shared/result';
import { common, fyOption, required, UsageError, withApi } from './common';
import type { Call, Command, Out } from './common';

/*
 * `kaname rank decide` and `kaname rank confirm` (docs/cli.md): the 調整者's two steps on the
 * 相対評価 screen — placing the members of a boundary tie, and confirming the population — through
 * 'appraisal:decideTie' and 'appraisal:confirmRanking', as the screen calls them. The rules (who may
 * decide, which classes a tie allows, when a population can be confirmed) are the service's
 * (docs/ranking.md); the CLI only turns its arguments into those calls and words the answer.
 */

type Result = NonNullable<RankingView['result']>;

const rankOptions = { ...common, fy: { type: 'string' }, population: { type: 'string' } } as const;

/** The population's view as the screen opens it, refusing a name the caller does not have. */
async function populationView(call: Call, fy: number, population: string): Promise<{ label: string; result: Result }> {
  const view = await call('appraisal:ranking', { fy, population });
  if (view.populations.length === 0) {
    // An evaluator who is nobody's 調整者 this year: the screen says the same (docs/ranking.md).
    throw new AppError('FORBIDDEN', `${fy}年度に、調整者として相対評価を行う母集団はありません。`);
  }
  if (view.result === null || view.population !== population) {
    const known = view.populations.map((p) => p.key).join('、');
    throw new AppError('NOT_FOUND', `${fy}年度に母集団「${population}」はありません。母集団: ${known}`);
  }
  return { label: view.populations.find((p) => p.key === population)?.label ?? population, result: view.result };
}

/** 「1」「第1区分」 as a class; 「未定」 as null (the screen's 未定 button). */
function classOption(text: string): RankClass | null {
  if (text === '未定') return null;
  const n = Number(text.replace(/^第/u, '').replace(/区分$/u, ''));
  const cls = RANK_CLASSES.find((c) => c === n);
  if (cls === undefined) throw new UsageError('--class には 1〜5（第1区分〜第5区分）か 未定 を指定してください。');
  return cls;
}

/** `--order 123456,234567`: the staff numbers of one tie, best first (commas 、 or spaces between). */
function orderOption(text: string): string[] {
  const nos = text
    .split(/[,、，\s]+/u)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (nos.length === 0)
    throw new UsageError('--order に同点の職員の職員番号を、上位から順にカンマ区切りで指定してください。');
  const twice = nos.find((no, i) => nos.indexOf(no) !== i);
  if (twice !== undefined) throw new UsageError(`--order に職員番号 ${twice} が2回あります。`);
  return nos;
}

/** 「同点 4.00（第1区分・第2区分、枠 1・1人）: 123456, 234567」 — a tie named for a message. */
function tieLine(tie: RankTie): string {
  const classes = tie.classes.map((c) => RANK_CLASS_LABELS[c]).join('・');
  return `同点 ${tie.score.toFixed(2)}（${classes}、枠 ${tie.seats.join('・')}人）: ${tie.ids.join(', ')}`;
}

/**
 * The classes of a tie's members in the order given: the first `seats[0]` take the tie's best
 * class, the next `seats[1]` the next one, and so on — the quotas kept exactly.
 */
function classesInOrder(tie: RankTie, order: readonly string[]): { staffNo: string; rankClass: RankClass }[] {
  const out: { staffNo: string; rankClass: RankClass }[] = [];
  tie.classes.forEach((cls, i) => {
    for (let k = 0; k < (tie.seats[i] ?? 0); k += 1) {
      const staffNo = order[out.length];
      if (staffNo !== undefined) out.push({ staffNo, rankClass: cls });
    }
  });
  return out;
}

/** The one tie whose members are exactly the staff numbers given. */
function tieOf(result: Result, order: readonly string[]): RankTie {
  const tie = result.ties.find((t) => t.ids.some((id) => order.includes(id)));
  const listed = result.ties.length > 0 ? `この母集団の同点: ${result.ties.map(tieLine).join(' / ')}` : '';
  if (!tie) {
    throw new AppError(
      'VALIDATION',
      `--order の職員は、区分の境界で同点になっている職員ではありません。${listed || 'この母集団に決定が必要な同点はありません。'}`,
    );
  }
  const outside = order.filter((no) => !tie.ids.includes(no));
  const missing = tie.ids.filter((no) => !order.includes(no));
  if (outside.length > 0 || missing.length > 0) {
    throw new AppError(
      'VALIDATION',
      `--order には同点の職員全員（${tie.ids.length}人）を、上位から順に1回ずつ指定してください。` +
        `${outside.length > 0 ? `同点にいない職員: ${outside.join(', ')}。` : ''}` +
        `${missing.length > 0 ? `足りない職員: ${missing.join(', ')}。` : ''}${listed}`,
    );
  }
  return tie;
}

function nameOf(result: Result, staffNo: string): string {
  return (result.tieRows ?? result.rows).find((r) => r.staffNo === staffNo)?.name ?? '';
}

/** Each tie of the population with its members' classes, as text lines. */
function tiesText(result: Result): string {
  const rows = result.tieRows ?? result.rows;
  return result.ties
    .map((t) => {
      const members = t.ids.map((no) => {
        const row = rows.find((r) => r.staffNo === no);
        const cls = row?.decided && row.rankClass ? RANK_CLASS_LABELS[row.rankClass] : '未定';
        return `    ${no} ${row?.name ?? ''}: ${cls}`;
      });
      return `  ${tieLine(t)}${t.resolved ? ' — 決定済み' : ' — 調整者の決定待ち'}\n${members.join('\n')}`;
    })
    .join('\n');
}

function tiesJson(result: Result) {
  const rows = result.tieRows ?? result.rows;
  return result.ties.map((t) => ({
    score: t.score,
    classes: t.classes,
    seats: t.seats,
    resolved: t.resolved,
    members: t.ids.map((no) => {
      const row = rows.find((r) => r.staffNo === no);
      return { staffNo: no, name: row?.name ?? '', class: row?.decided ? (row.rankClass ?? null) : null };
    }),
  }));
}

/**
 * `kaname rank decide --db F --population 課長代理級 (--order 番号,番号,… | --staff 番号 --class 2|未定)`.
 * `--order` places a whole tie at once, best first, filling the tie's classes by their room;
 * `--staff`/`--class` places one member (any class of the tie, or 未定 again), as one click on the
 * screen does. Each placement is one 'appraisal:decideTie'.
 */
const decideCommand: Command = {
  options: { ...rankOptions, order: { type: 'string' }, staff: { type: 'string' }, class: { type: 'string' } },
  run: async (v, out) => {
    const dbPath = path.resolve(required(v, 'db'));
    const fy = fyOption(v);
    const population = required(v, 'population');
    const order = typeof v['order'] === 'string' ? orderOption(v['order']) : null;
    const staff = typeof v['staff'] === 'string' ? v['staff'].trim() : null;
    const cls = typeof v['class'] === 'string' ? classOption(v['class']) : undefined;
    if ((order === null) === (staff === null) || (staff !== null) !== (cls !== undefined)) {
      throw new UsageError(
        '同点の全員を決めるときは --order 職員番号,職員番号,…（上位から順）、一人だけ決めるときは --staff 職員番号 --class 1〜5|未定 を指定してください。',
      );
    }
    const { label, result, decided } = await withApi(dbPath, v, out, async (call) => {
      const before = await populationView(call, fy, population);
      const wanted =
        order !== null
          ? classesInOrder(tieOf(before.result, order), order)
          : [{ staffNo: staff!, rankClass: cls ?? null }];
      let view = before.result;
      for (const d of wanted) {
        const row = (view.tieRows ?? view.rows).find((r) => r.staffNo === d.staffNo);
        // Already so: nothing to write (and nothing to audit).
        if (row && row.tie && (row.decided ? row.rankClass : null) === d.rankClass) continue;
        const next = await call('appraisal:decideTie', { fy, population, ...d });
        view = next.result ?? view;
      }
      return { label: before.label, result: view, decided: wanted };
    });
    const decisions = decided.map((d) => ({ staffNo: d.staffNo, name: nameOf(result, d.staffNo), class: d.rankClass }));
    if (out.json) {
      out.stdout.write(
        `${JSON.stringify({
          ok: true,
          fy,
          population,
          decisions,
          ties: tiesJson(result),
          undecided: result.undecided,
          canConfirm: result.canConfirm,
        })}\n`,
      );
      return 0;
    }
    const lines = decisions.map(
      (d) => `  ${d.staffNo} ${d.name}: ${d.class === null ? '未定' : RANK_CLASS_LABELS[d.class]}`,
    );
    out.stdout.write(`${fy}年度 ${label}: 同点の職員の区分を決めました。\n${lines.join('\n')}\n`);
    for (const n of result.notes) out.stdout.write(`  注: ${n}\n`);
    out.stdout.write(
      result.undecided > 0
        ? `区分が決まっていない同点の職員が ${result.undecided} 人います。\n${tiesText(result)}\n`
        : result.canConfirm
          ? `同点はすべて決まりました。確定するには kaname rank confirm --population ${population} を実行してください。\n`
          : '同点はすべて決まりました。\n',
    );
    return 0;
  },
};

/** Why a population cannot be confirmed yet, in the words of the screen, with what to do next. */
function notReady(result: Result, population: string): AppError | null {
  if (result.confirmed !== null) {
    return new AppError(
      'CONFLICT',
      `この母集団の相対評価はすでに確定しています（${result.confirmed.at.slice(0, 10)}）。`,
    );
  }
  // Someone who may not decide here is refused by the service, in its words.
  if (result.undecided > 0 && result.canDecide) {
    return new AppError(
      'CONFLICT',
      `区分の境界で同点の職員 ${result.undecided} 人の区分が決まっていないため、確定できません。` +
        `先に kaname rank decide --population ${population} --order 職員番号,… で決めてください。` +
        `（${result.ties
          .filter((t) => !t.resolved)
          .map(tieLine)
          .join(' / ')}）`,
    );
  }
  return null;
}

/** Counts per class of a confirmed population, 第1区分 first. */
function classCounts(result: Result): { class: RankClass; count: number }[] {
  return RANK_CLASSES.map((c) => ({ class: c, count: result.rows.filter((r) => r.rankClass === c).length }));
}

/**
 * `kaname rank confirm --db F --population 課長代理級`: confirms the population ('appraisal:confirmRanking');
 * every member's class is written and their appraisal becomes 確定. Refused while a boundary tie is
 * undecided or someone is not 調整済 yet (exit 1), and for anyone but HR or the 調整者 of everyone in
 * the population (exit 3). Undoing it is HR's (確定の解除, docs/ranking.md).
 */
const confirmCommand: Command = {
  options: rankOptions,
  run: async (v, out: Out) => {
    const dbPath = path.resolve(required(v, 'db'));
    const fy = fyOption(v);
    const population = required(v, 'population');
    const { label, result } = await withApi(dbPath, v, out, async (call) => {
      const before = await populationView(call, fy, population);
      const refusal = notReady(before.result, population);
      if (refusal) throw refusal;
      // The rest (who is waiting, who may confirm) is the service's to refuse, in its words.
      const view = await call('appraisal:confirmRanking', { fy, population });
      return { label: before.label, result: view.result ?? before.result };
    });
    const counts = classCounts(result);
    if (out.json) {
      out.stdout.write(
        `${JSON.stringify({
          ok: true,
          fy,
          population,
          size: result.size,
          confirmed: result.confirmed,
          classes: counts,
        })}\n`,
      );
      return 0;
    }
    out.stdout.write(
      `${fy}年度 ${label}: 相対評価を確定しました（${result.size}人）。各人の人事考課は「確定」になりました。\n` +
        `  ${counts.map((c) => `${RANK_CLASS_LABELS[c.class]} ${c.count}人`).join('、')}\n` +
        '  確定を解除できるのは人事担当です。\n',
    );
    return 0;
  },
};

/** `kaname rank <decide|confirm>`: the subcommands of `kaname rank`, whose own run lists populations. */
export const rankSubcommands: Record<string, Command> = { decide: decideCommand, confirm: confirmCommand };
