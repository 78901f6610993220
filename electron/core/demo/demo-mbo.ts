import type { GoalDraft, Level, MboStatus } from '../../../shared/mbo';
import { DEFAULT_ACCURACY_RULES, WARD_PRIORITIES, proposedLevelForAccuracyGoal } from '../../../shared/mbo';
import type { Db } from '../db/connection';
import { emptySheetState, getSheet, goalStateOf, insertRevision, insertSheet, replaceGoals } from '../mbo/mbo.repo';
import type { MboGoalState, MboSheetState } from '../mbo/mbo.repo';
import { mulberry32 } from './demo-ward';
import { staffByNo } from '../staff/staff.repo';
import { demoMboPeople, demoSheetDropper, demoWalkMboPeople } from './demo.repo';
import type { DemoMboPerson } from './demo.repo';

/**
 * The demo office's MBO sheets for the current year in every state: not started, drafts (some
 * still breaking a rule, a few without a 地域担当目標), 差し戻し with the 1次's comment, 提出済
 * waiting for approval, 承認済 with mid-term progress (some with a goal revised and its reason
 * kept), and 自己評価済 with the person's own levels. The demo's login holders keep an empty sheet
 * so that trying the form starts from nothing; the 1次 login (係長) always has one sheet of each
 * of 提出済 and 承認済 in their team to act on. In the walk section (demo-ward.ts walkSectionOf)
 * every 係員's sheet is 自己評価済 with a 地域担当目標 (insertDemoWalkSheets), so that its 係員級 can
 * be appraised through the year.
 */

const businessGoals: { title: string; standard: string; accuracy?: boolean }[] = [
  { title: '窓口の待ち時間の短縮', standard: '繁忙期の平均待ち時間を前年度比20%短縮する' },
  { title: '証明書交付事務の正確な処理', standard: '交付誤りゼロを維持する', accuracy: true },
  { title: '介護保険給付の審査期間の短縮', standard: '申請から決定までの平均日数を25日以内にする' },
  { title: '広報紙の読者アンケートの実施', standard: '回答数を500件以上集め、紙面改善案を3件まとめる' },
  { title: '公金の収納事務の正確な処理', standard: '収納事故ゼロを維持する', accuracy: true },
  { title: '道路・公園の要望への迅速な対応', standard: '受付から現地確認までを平均5日以内にする' },
  { title: '子育て相談の記録の電子化', standard: '年度内に全件を新システムへ移行する' },
  { title: '防災訓練の参加者の拡大', standard: '区の総合防災訓練の参加者を前年度比15%増やす' },
];
const areaGoals: { title: string; standard: string }[] = [
  { title: '担当地域の巡回と課題の把握', standard: 'ペアで月1回以上巡回し、把握した課題を地域カルテに記録する' },
  { title: '地域の勉強会への参加と情報共有', standard: '地域の勉強会に年4回以上参加し、担当内で共有する' },
  { title: '町会・自治会との顔の見える関係づくり', standard: '担当地域の町会長全員と年1回以上面談する' },
];
const developmentGoals: { title: string; standard: string }[] = [
  { title: 'ファシリテーション研修の受講と実践', standard: '研修を修了し、地域の会議で2回以上進行役を務める' },
  { title: '社会福祉士の資格取得に向けた学習', standard: '年度内に受験資格を得る科目を修了する' },
];
const sendBackComments = [
  '達成基準を数値で測れる形にしてください。',
  'ウェイトの配分を見直してください。地域担当目標の比重が低すぎます。',
];
const reviseReasons = [
  '担当業務の変更に伴い、達成基準を見直した。',
  'システム更新の時期が延期されたため、スケジュールを変更した。',
];
const midNotes = [
  '予定どおり進んでいる。',
  '上半期は繁忙のため遅れ気味。下半期で挽回する。',
  '地域の行事に合わせて前倒しで実施した。',
];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

function day(fy: number, month: number, r: () => number, hour = 9): string {
  const year = month <= 3 ? fy + 1 : fy;
  return `${year}-${String(month).padStart(2, '0')}-${String(1 + Math.floor(r() * 27)).padStart(2, '0')}T0${hour}:00:00.000Z`;
}

function goal(
  r: () => number,
  category: GoalDraft['category'],
  g: { title: string; standard: string; accuracy?: boolean },
  weight: number,
): GoalDraft {
  return {
    category,
    title: g.title,
    content: `${g.title}に向けて、担当内で役割を分担し計画的に取り組む。`,
    standard: g.standard,
    priority: r() < 0.8 ? pick(r, WARD_PRIORITIES) : null,
    weight,
    difficulty: r() < 0.25 ? 'A' : r() < 0.85 ? 'B' : 'C',
    schedule: '4月 計画、9月 中間確認、3月 まとめ',
    type: g.accuracy ? '正確性重視' : '通常',
  };
}

/** 2–4 goals totalling 100, one of them a 地域担当目標 (unless `withoutArea`). */
function goalsFor(r: () => number, area: string | null, withoutArea: boolean): GoalDraft[] {
  const business = goal(r, '業務目標', pick(r, businessGoals), 50);
  const out: GoalDraft[] = [business];
  if (!withoutArea) {
    const a = pick(r, areaGoals);
    out.push({
      ...goal(r, '地域担当目標', a, 30),
      title: area ? `${area}地域: ${a.title}` : a.title,
      priority: '地域コミュニティの活性化',
    });
  } else {
    out.push(goal(r, '業務目標', pick(r, businessGoals), 30));
  }
  if (r() < 0.6) out.push(goal(r, '能力開発目標', pick(r, developmentGoals), 20));
  else out[0] = { ...business, weight: 70 };
  if (r() < 0.35 && !out.some((g) => g.type === '正確性重視')) {
    // An error-free duty, taking part of the first goal's weight.
    out[0] = { ...out[0]!, weight: (out[0]!.weight ?? 0) - 20 };
    out.push(
      goal(
        r,
        '業務目標',
        pick(
          r,
          businessGoals.filter((b) => b.accuracy),
        ),
        20,
      ),
    );
  }
  return out;
}

const levelsByLuck: Level[] = ['S', 'A', 'A', 'B', 'B', 'B', 'B', 'C', 'C', 'D'];

type Person = DemoMboPerson;

function sheetFor(
  r: () => number,
  fy: number,
  status: MboStatus,
  person: Person,
  withoutArea: boolean,
): { state: MboSheetState; goals: MboGoalState[]; revise: boolean } {
  const drafts = goalsFor(r, person.area, withoutArea);
  const state: MboSheetState = { ...emptySheetState(), status };
  if (status === '未提出' && r() < 0.4) drafts[0] = { ...drafts[0]!, weight: (drafts[0]!.weight ?? 0) - 10 };
  const goals = drafts.map(goalStateOf);
  if (status !== '未提出') state.submittedAt = day(fy, 4, r);
  if (status === '差し戻し') {
    state.sentBackAt = day(fy, 5, r);
    state.reviewComment = pick(r, sendBackComments);
  }
  if (status === '承認済' || status === '自己評価済') {
    state.approvedAt = day(fy, 5, r);
    state.approvedBy = person.firstName ?? '1次評価者';
    state.reviewComment = r() < 0.5 ? '目標を承認します。地域担当の活動も期待しています。' : '';
    state.selfMidComment = r() < 0.7 ? '上半期はおおむね計画どおりに進めることができた。' : '';
    state.firstMidComment = r() < 0.5 ? '地域での活動が定着してきている。引き続き取り組んでほしい。' : '';
    for (const g of goals) {
      g.progress = 30 + Math.floor(r() * 60);
      g.midNote = pick(r, midNotes);
      if (g.type === '正確性重視') g.incidents = r() < 0.6 ? 0 : Math.floor(r() * 3);
    }
  }
  if (status === '自己評価済') {
    state.yearEndAt = day(fy, 3, r);
    state.selfFinalComment = '一年間の取組を振り返り、来年度は地域との連携をさらに深めたい。';
    for (const g of goals) {
      const proposal =
        g.type === '正確性重視' ? proposedLevelForAccuracyGoal(g.incidents, DEFAULT_ACCURACY_RULES) : null;
      g.self = {
        level: proposal?.level ?? pick(r, levelsByLuck),
        comment: '達成基準に照らして振り返った。',
        reason: '',
      };
    }
  }
  return { state, goals, revise: (status === '承認済' || status === '自己評価済') && r() < 0.2 };
}

/** `skipStaffNos`: the demo's login holders; `firstLoginStaffNo`: the 係長 who logs in as a 1次 evaluator. */
export function insertDemoMbo(
  db: Db,
  fy: number,
  skipStaffNos: ReadonlySet<string>,
  firstLoginStaffNo: string | null,
  seed = 20250402,
): void {
  const r = mulberry32(seed + fy);
  const people = demoMboPeople(db, fy);
  const firstLoginId = firstLoginStaffNo ? staffByNo(db, firstLoginStaffNo)?.id : undefined;
  // The 1次 login's team first gets a sheet of each state it acts on: waiting for approval, approved, sent back, and
  // self-evaluated (whose appraisal then waits for the 1次).
  const forced: MboStatus[] = ['提出済', '承認済', '差し戻し', '自己評価済'];
  const now = new Date().toISOString();
  for (const p of people) {
    if (skipStaffNos.has(p.staffNo)) continue;
    let status: MboStatus | null;
    if (firstLoginId !== undefined && p.firstId === firstLoginId && forced.length > 0) {
      status = forced.shift() ?? null;
    } else if (p.gradeGroup === '課長代理級') {
      // The population whose appraisals the demo completes (demo-appraisal.ts): every sheet is approved.
      status = r() < 0.5 ? '承認済' : '自己評価済';
    } else {
      const u = r();
      status =
        u < 0.1
          ? null
          : u < 0.22
            ? '未提出'
            : u < 0.28
              ? '差し戻し'
              : u < 0.43
                ? '提出済'
                : u < 0.83
                  ? '承認済'
                  : '自己評価済';
    }
    if (status === null) continue;
    const withoutArea = status === '未提出' && r() < 0.35;
    const s = sheetFor(r, fy, status, p, withoutArea);
    const id = insertSheet(db, fy, p.id, s.state, now);
    replaceGoals(db, id, s.goals);
    if (s.revise) {
      const stored = getSheet(db, fy, p.id)?.goals[0];
      if (stored) {
        const before: GoalDraft = { ...stored, schedule: '4月 計画、7月 中間確認、12月 まとめ' };
        insertRevision(db, stored.id, { at: day(fy, 10, r), by: 'デモデータ', reason: pick(r, reviseReasons), before });
      }
    }
  }
}

/**
 * The walk section's 係員 (demo-ward.ts walkSectionOf): after the pass above, every one of them gets
 * a fresh sheet at 自己評価済 with a 地域担当目標, so that their whole 係員級 population can be
 * appraised. Their own random sequence leaves the rest of the office as the pass above made it.
 */
export function insertDemoWalkSheets(db: Db, fy: number, section: string, seed = 20250404): void {
  const r = mulberry32(seed + fy);
  const people = demoWalkMboPeople(db, fy, section);
  const now = new Date().toISOString();
  const drop = demoSheetDropper(db);
  for (const p of people) {
    drop(fy, p.id);
    const s = sheetFor(r, fy, '自己評価済', p, false);
    const id = insertSheet(db, fy, p.id, s.state, now);
    replaceGoals(db, id, s.goals);
  }
}
