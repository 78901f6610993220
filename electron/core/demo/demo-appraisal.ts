import { DEFAULT_APPRAISAL_CONFIG } from '../../../shared/appraisal';
import type { AppraisalConfig } from '../../../shared/appraisal';
import type { AppraisalStatus, AwardCategory } from '../../../shared/contract';
import { proposedLevelForAccuracyGoal } from '../../../shared/mbo';
import type { Level } from '../../../shared/mbo';
import type { Db } from '../db/connection';
import {
  emptyAppraisalState,
  insertAppraisal,
  upsertCross,
  writeConfigJson,
  writeRatings,
} from '../appraisal/appraisal.repo';
import { saveAward } from '../awards/awards.repo';
import type { AppraisalState, Ratings } from '../appraisal/appraisal.repo';
import { getSheet, updateGoal } from '../mbo/mbo.repo';
import type { MboGoalState } from '../mbo/mbo.repo';
import { mulberry32 } from './demo-ward';
import { areaLeaderOf } from '../access/evaluation-access';
import { staffByNo } from '../staff/staff.repo';
import {
  demoActiveClerks,
  demoAreaTeamIds,
  demoAppraisalDropper,
  demoAppraisalPeople,
  demoAwardRecipientMover,
  demoAwardRecipients,
  demoSectionIdReader,
  demoWalkAppraisalPeople,
  markDemoSheetSelfEvaluated,
} from './demo.repo';
import type { DemoAppraisalPerson, DemoWalkPerson } from './demo.repo';

/**
 * The demo office's appraisals for the current year, at every stage, with the awards and
 * cross-section ratings that feed them:
 *
 * - 課長代理級 (all of them, evaluated by 課長, 副区長 and — as 調整者 — the 区長, who logs in as
 *   `kucho`) is complete up to 調整済, so its ranking can be tried at once: the top two share the
 *   best score across the 第1/第2区分 boundary, a tie for the 調整者 to decide.
 * - Everyone else whose MBO sheet is 自己評価済 has an appraisal somewhere between 未着手 and 調整済;
 *   in the 1次 login's team one waits for the 1次.
 * - Area leaders have rated some 地域担当目標 (他所属評価).
 * - Awards: decided and pending 職場内表彰, a group award, an external 人材開発センター award and a
 *   revoked one.
 * - The year ranks the 係員級 per 課 (demoAppraisalConfig), the others across the office.
 * - The walk section (demo-ward.ts walkSectionOf; insertDemoWalkAppraisals, applied after the pass
 *   above) holds a 係員級 population one can carry through the rest of the year: its 本人 not yet
 *   self-rated, the rest of the 本人's line waiting for the 1次, the others at 1次評価済, 2次評価済 or
 *   調整済, and two of them tied at 4.00 across the 第1/第2区分 boundary once all are ranked
 *   (tests/e2e/appraisal-year.spec.ts walks it; tests/integration/demo-walk.test.ts checks it).
 */

/**
 * The demo year's configuration: the defaults, with the 係員級 ranked within each section (課) —
 * the walk section's 係員級 is then a population of its own — and the other grade groups across the
 * whole office (the 課長代理級 tie above is an office-wide one).
 */
export const demoAppraisalConfig: AppraisalConfig = {
  ...DEFAULT_APPRAISAL_CONFIG,
  rankingUnits: { ...DEFAULT_APPRAISAL_CONFIG.rankingUnits, 係員級: '課' },
};

/** Stores the demo year's configuration (demoAppraisalConfig) on its cycle. */
export function setDemoAppraisalConfig(db: Db, fy: number): void {
  writeConfigJson(db, fy, JSON.stringify(demoAppraisalConfig));
}

type Person = DemoAppraisalPerson;

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

const stagesInOrder: AppraisalStatus[] = ['未着手', '自己評価済', '1次評価済', '2次評価済', '調整済'];
const commentPool = [
  '年間を通じて着実に業務を遂行した。',
  '地域担当での活動が住民から評価されている。',
  '後輩への助言を積極的に行い、担当の力を高めた。',
  '新しい手順を提案し、事務の効率化に貢献した。',
];

function rated(r: () => number, items: readonly string[], upTo: number, strong: boolean): Ratings {
  const out: Ratings = new Map();
  for (const item of items) {
    const base = strong ? 4 : 2 + Math.floor(r() * 3);
    out.set(item, {
      self: upTo >= 1 ? Math.min(5, base + (r() < 0.3 ? 1 : 0)) : null,
      first: upTo >= 2 ? base : null,
      second: upTo >= 3 ? base : null,
    });
  }
  return out;
}

function levelFor(r: () => number, strong: boolean, modest: boolean): Level {
  if (strong) return 'A';
  if (modest) return pick(r, ['B', 'B', 'C', 'C', 'D'] as const);
  return pick(r, ['S', 'A', 'A', 'B', 'B', 'B', 'C'] as const);
}

/**
 * Brings a person's MBO sheet and appraisal to `status`: the MBO goals get the self levels (and the
 * 1次/2次 levels as far as the stage goes), the appraisal its ratings and comments.
 */
function evaluate(
  db: Db,
  r: () => number,
  fy: number,
  p: Person,
  status: AppraisalStatus,
  opts: { strong?: boolean; modest?: boolean; firstLoginId?: number },
  now: string,
): void {
  const upTo = stagesInOrder.indexOf(status);
  const sheet = getSheet(db, fy, p.id);
  if (!sheet) return;
  if (sheet.status !== '自己評価済') {
    markDemoSheetSelfEvaluated(db, sheet.id, `${fy + 1}-03-10T09:00:00.000Z`);
  }
  const leader = areaLeaderOf(db, fy, p.id);
  for (const g of sheet.goals) {
    const strong = opts.strong === true;
    const modest = opts.modest === true;
    const next: MboGoalState = { ...g };
    if (strong) {
      // The tied pair: every goal at difficulty B and level A, so both score exactly 4.0.
      next.difficulty = 'B';
      if (g.type === '正確性重視') next.incidents = 0;
    }
    // A 正確性重視 goal with its count takes the proposal; the 1次 follows the area leader's rating.
    const proposal = g.type === '正確性重視' ? proposedLevelForAccuracyGoal(next.incidents) : null;
    const level = proposal?.level ?? levelFor(r, strong, modest);
    next.self = {
      level: g.self.level ?? level,
      comment: g.self.comment || '達成基準に照らして振り返った。',
      reason: g.self.reason,
    };
    if (strong) next.self = { ...next.self, level: 'A', reason: '' };
    if (upTo >= 2) next.first = { level, comment: pick(r, commentPool), reason: '' };
    if (upTo >= 3) next.second = { level, comment: '', reason: '' };
    updateGoal(db, g.id, next);
    // The area leader has rated the area-duty goal (他所属評価) of about half of those past 未着手.
    if (g.category === '地域担当目標' && leader !== null && leader !== p.id && leader !== p.firstId && r() < 0.6) {
      upsertCross(db, {
        goalId: g.id,
        evaluatorId: leader,
        role: '地域担当リーダー',
        namedBy: null,
        level,
        comment: '巡回と勉強会に欠かさず参加し、地域の課題をよく把握している。',
        ratedAt: `${fy}-12-15T09:00:00.000Z`,
      });
    }
  }
  const state: AppraisalState = {
    ...emptyAppraisalState(),
    status,
    selfComment: upTo >= 1 ? '一年間、担当業務と地域担当の両立に努めた。' : '',
    firstComment: upTo >= 2 ? pick(r, commentPool) : '',
    secondComment: upTo >= 3 ? pick(r, commentPool) : '',
    adjusterComment: upTo >= 4 ? '総合的に判断し、2次評価のとおりとする。' : '',
  };
  const id = insertAppraisal(db, fy, p.id, state, now);
  const items = DEFAULT_APPRAISAL_CONFIG.competencyItems[p.gradeGroup];
  writeRatings(db, id, rated(r, items, upTo, opts.strong === true));
}

const awards: {
  title: string;
  category: AwardCategory;
  month: number;
  group: string;
  members: number;
  status: '推薦中' | '決定' | '取消';
}[] = [
  {
    title: '地域見守りネットワークの立ち上げ',
    category: '地域担当制の活用',
    month: 7,
    group: '中浜地域担当チーム',
    members: 3,
    status: '決定',
  },
  {
    title: '窓口案内の多言語化',
    category: '主体性を高める仕組みづくり',
    month: 9,
    group: '',
    members: 1,
    status: '決定',
  },
  {
    title: '人材開発センター 職員提案 優秀賞',
    category: '人材開発センター表彰',
    month: 10,
    group: '',
    members: 1,
    status: '決定',
  },
  {
    title: '朝の5分ミーティングの定着',
    category: '風通しのよい職場づくり',
    month: 11,
    group: '',
    members: 1,
    status: '推薦中',
  },
  { title: '業務マニュアルの全面改訂', category: '能力開発・向上', month: 6, group: '', members: 1, status: '取消' },
];

export function insertDemoAppraisals(
  db: Db,
  fy: number,
  skipStaffNos: ReadonlySet<string>,
  firstLoginStaffNo: string | null,
  seed = 20250403,
): void {
  const r = mulberry32(seed + fy);
  const now = new Date().toISOString();
  const people = demoAppraisalPeople(db, fy);
  const firstLoginId = firstLoginStaffNo ? staffByNo(db, firstLoginStaffNo)?.id : undefined;

  // 課長代理級: complete to 調整済, the two first in staff order sharing the best score.
  const deputies = people.filter((p) => p.gradeGroup === '課長代理級' && !skipStaffNos.has(p.staffNo));
  deputies.forEach((p, i) => {
    if (p.sheetStatus === '') return;
    evaluate(db, r, fy, p, '調整済', { strong: i < 2, modest: i >= 2 }, now);
  });

  let waitingForFirstLogin = false;
  for (const p of people) {
    if (skipStaffNos.has(p.staffNo) || p.gradeGroup === '課長代理級' || p.sheetStatus !== '自己評価済') continue;
    if (!waitingForFirstLogin && firstLoginId !== undefined && p.firstId === firstLoginId) {
      evaluate(db, r, fy, p, '自己評価済', {}, now);
      waitingForFirstLogin = true;
      continue;
    }
    evaluate(db, r, fy, p, pick(r, stagesInOrder), {}, now);
  }

  // Awards: recipients drawn from 係員級 and 係長級 (the ones the bonus applies to), one external;
  // an area team's award from that team's members.
  const eligible = people.filter(
    (p) => (p.gradeGroup === '係員級' || p.gradeGroup === '係長級') && !skipStaffNos.has(p.staffNo),
  );
  for (const a of awards) {
    const team = teamOfAward(db, fy, a.group);
    const pool = team ? eligible.filter((p) => team.has(p.id)) : eligible;
    const recipients = new Set<number>();
    while (recipients.size < a.members && recipients.size < pool.length) recipients.add(pick(r, pool).id);
    const day = String(5 + Math.floor(r() * 20)).padStart(2, '0');
    saveAward(
      db,
      {
        id: null,
        fy,
        title: a.title,
        category: a.category,
        awardedOn: `${fy}-${String(a.month).padStart(2, '0')}-${day}`,
        groupName: a.group,
        nominator: '総務課長',
        status: a.status,
        decidedOn: a.status === '推薦中' ? null : `${fy}-${String(a.month).padStart(2, '0')}-${day}`,
        revokeReason: a.status === '取消' ? '表彰の対象となった改訂が、他課の成果であったことが判明したため' : null,
        recipients: [...recipients],
      },
      now,
    );
  }
}

/** The team an award's group names (「中浜地域担当チーム」: the 中浜 area's team of the year), or null. */
function teamOfAward(db: Db, fy: number, group: string): Set<number> | null {
  const area = /^(.+)地域担当チーム$/u.exec(group)?.[1];
  return area === undefined ? null : demoAreaTeamIds(db, fy, area);
}

/** The stages of the walk section's 係員 outside the 本人's line, in staff order after the tied pair. */
const walkStages: AppraisalStatus[] = ['1次評価済', '1次評価済', '2次評価済', '2次評価済'];

/**
 * The walk section (demo-ward.ts walkSectionOf), after the pass above: its 係員級 population made
 * walkable in one year (tests/e2e/appraisal-year.spec.ts). In the walk line, the 本人 — the first
 * 正規 係員 whose area has a leader from another section — has not rated themself yet (未着手, no
 * cross-section rating) and the others wait for their 1次 (自己評価済). Of the rest, the first two
 * score exactly 4.00 at 2次評価済 (a tie across the 第1/第2区分 boundary once everyone is ranked),
 * then two wait for the 2次 (1次評価済), two for the 調整者 (2次評価済), and the others are 調整済,
 * all with modest levels (below 4.00). No demo award goes to them: an award's bonus would move
 * the scores.
 */
export function insertDemoWalkAppraisals(
  db: Db,
  fy: number,
  walk: { section: string; line: string },
  skipStaffNos: ReadonlySet<string>,
  seed = 20250405,
): void {
  const r = mulberry32(seed + fy);
  const now = new Date().toISOString();
  const people = demoWalkAppraisalPeople(db, fy, walk.section);
  const drop = demoAppraisalDropper(db);
  for (const p of people) drop(fy, p.id);

  const sectionOf = demoSectionIdReader(db);
  const leaderOutside = (p: DemoWalkPerson) => {
    const leader = areaLeaderOf(db, fy, p.id);
    if (leader === null) return false;
    return sectionOf(leader) !== p.sectionId;
  };
  const line = people.filter((p) => p.line === walk.line);
  const self =
    line.find((p) => p.employment === '正規' && leaderOutside(p)) ??
    line.find((p) => areaLeaderOf(db, fy, p.id) !== null) ??
    line[0];
  for (const p of line) if (p !== self) evaluate(db, r, fy, p, '自己評価済', { modest: true }, now);
  people
    .filter((p) => p.line !== walk.line)
    .forEach((p, i) => {
      if (i < 2) evaluate(db, r, fy, p, '2次評価済', { strong: true }, now);
      else evaluate(db, r, fy, p, walkStages[i - 2] ?? '調整済', { modest: true }, now);
    });

  // The demo's awards go to someone outside the walk section instead.
  const inWalk = new Set(people.map((p) => p.id));
  const held = demoAwardRecipients(db, fy);
  const stand = demoActiveClerks(db).filter((s) => !skipStaffNos.has(s.staffNo));
  const move = demoAwardRecipientMover(db);
  for (const h of held.filter((x) => inWalk.has(x.staffId))) {
    const others = new Set(held.filter((x) => x.awardId === h.awardId).map((x) => x.staffId));
    // A team's award stays with the team.
    const team = teamOfAward(db, fy, h.group);
    const next = stand.find((s) => !inWalk.has(s.id) && !others.has(s.id) && (team === null || team.has(s.id)));
    if (next) {
      move(h.awardId, h.staffId, next.id);
      h.staffId = next.id;
    }
  }
}
