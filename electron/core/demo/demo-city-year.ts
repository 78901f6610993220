import { DEFAULT_APPRAISAL_CONFIG } from '../../../shared/appraisal';
import type { AppraisalStatus, AwardCategory } from '../../../shared/contract';
import { WARD_PRIORITIES } from '../../../shared/mbo';
import type { GoalDraft, Level, MboStatus } from '../../../shared/mbo';
import type { Db } from '../db/connection';
import { emptyAppraisalState, insertAppraisal, writeRatings } from '../appraisal/appraisal.repo';
import type { Ratings } from '../appraisal/appraisal.repo';
import { saveAward } from '../awards/awards.repo';
import { emptySheetState, goalStateOf, insertSheet, replaceGoals } from '../mbo/mbo.repo';
import type { MboGoalState, MboSheetState } from '../mbo/mbo.repo';
import { ensureCycle, staffByNo } from '../staff/staff.repo';
import { allStaff } from '../staff/org.repo';
import { replaceAttendance, saveCourse } from '../training/training.repo';
import type { TrainingAudience, TrainingCategory } from '../../../shared/training';
import { demoMboPeople } from './demo.repo';
import type { DemoMboPerson } from './demo.repo';
import { mulberry32 } from './demo-ward';

/**
 * The city demo's year (docs/city-scale.md): an MBO sheet for nearly everyone (two goals each, a
 * 業務目標 and a 地域担当目標 naming the person's area), most of them 自己評価済, and for those an
 * appraisal mostly 調整済 with its competency ratings, so that every grade group's office-wide
 * 相対評価 population ranks thousands of people. The login holders keep no sheet (trying the form
 * starts from nothing); the 1次 login's team has one sheet in each state it acts on. Awards too.
 * Written with the MBO and appraisal repositories in createOffice's one transaction.
 */

const businessGoals = [
  ['窓口の待ち時間の短縮', '平均待ち時間を前年度比10%短縮'],
  ['申請書類の電子化', '対象手続の8割を電子申請に移行'],
  ['業務マニュアルの整備', '担当業務の手順書を全件改訂'],
  ['事業の進捗管理', '四半期ごとに進捗を報告し遅延ゼロ'],
  ['関係機関との連携強化', '定例会議を年6回開催'],
  ['予算執行の適正化', '執行率95%以上、不用額の早期把握'],
  ['相談対応の質の向上', '相談記録の完全化と事例検討を年4回'],
  ['事務処理の正確性', '処理誤りゼロ'],
] as const;

const areaGoals = [
  ['地域の見守り活動への参加', '巡回に年6回以上参加'],
  ['地域行事の支援', '地域行事に年3回以上参加'],
  ['地域課題の把握と共有', '地域カルテを年2回更新'],
] as const;

const levelsByLuck: Level[] = ['S', 'A', 'A', 'B', 'B', 'B', 'B', 'C', 'C', 'D'];
const stages: AppraisalStatus[] = ['未着手', '自己評価済', '1次評価済', '2次評価済', '調整済'];

const awards: { title: string; category: AwardCategory; month: number; group: string; members: number }[] = [
  {
    title: '地域見守りネットワークの立ち上げ',
    category: '地域担当制の活用',
    month: 7,
    group: '桜台地域担当チーム',
    members: 4,
  },
  { title: '窓口案内の多言語化', category: '主体性を高める仕組みづくり', month: 9, group: '', members: 1 },
  { title: '人材開発センター 職員提案 優秀賞', category: '人材開発センター表彰', month: 10, group: '', members: 1 },
  { title: '朝の5分ミーティングの定着', category: '風通しのよい職場づくり', month: 11, group: '', members: 1 },
  { title: '業務マニュアルの全面改訂', category: '能力開発・向上', month: 6, group: '', members: 2 },
  { title: '防災訓練の住民参加拡大', category: '地域担当制の活用', month: 12, group: '港町地域担当チーム', members: 3 },
];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

const at = (fy: number, month: number, day: number): string =>
  `${month <= 3 ? fy + 1 : fy}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T09:00:00.000Z`;

/** A sheet's status: 2% none, then 未提出, 差し戻し, 提出済, 承認済, and 78% 自己評価済. */
function statusOf(u: number): MboStatus | null {
  if (u < 0.02) return null;
  if (u < 0.06) return '未提出';
  if (u < 0.08) return '差し戻し';
  if (u < 0.12) return '提出済';
  if (u < 0.22) return '承認済';
  return '自己評価済';
}

/** An appraisal's stage: 80% 調整済, the rest spread over the earlier stages. */
function stageOf(u: number): AppraisalStatus {
  if (u < 0.03) return '未着手';
  if (u < 0.08) return '自己評価済';
  if (u < 0.14) return '1次評価済';
  if (u < 0.2) return '2次評価済';
  return '調整済';
}

function sheetOf(
  r: () => number,
  fy: number,
  p: DemoMboPerson,
  status: MboStatus,
  stage: AppraisalStatus | null,
): { state: MboSheetState; goals: MboGoalState[] } {
  const [title, standard] = pick(r, businessGoals);
  const [areaTitle, areaStandard] = pick(r, areaGoals);
  const areaWeight = r() < 0.5 ? 30 : 40;
  const drafts: GoalDraft[] = [
    {
      category: '業務目標',
      title,
      content: `${title}に向けて、担当内で役割を分担し計画的に取り組む。`,
      standard,
      priority: r() < 0.8 ? pick(r, WARD_PRIORITIES) : null,
      weight: 100 - areaWeight,
      difficulty: r() < 0.25 ? 'A' : r() < 0.85 ? 'B' : 'C',
      schedule: '4月 計画、9月 中間確認、3月 まとめ',
      type: '通常',
    },
    {
      category: '地域担当目標',
      title: p.area ? `${p.area}地域: ${areaTitle}` : areaTitle,
      content: '地域担当チームの一員として、地域の活動に継続して参加する。',
      standard: areaStandard,
      priority: '地域コミュニティの活性化',
      weight: areaWeight,
      difficulty: 'B',
      schedule: '通年',
      type: '通常',
    },
  ];
  const state: MboSheetState = { ...emptySheetState(), status };
  const goals = drafts.map(goalStateOf);
  if (status !== '未提出') state.submittedAt = at(fy, 4, 10 + Math.floor(r() * 18));
  if (status === '差し戻し') {
    state.sentBackAt = at(fy, 5, 8);
    state.reviewComment = '達成基準を数値で示してください。';
  }
  if (status === '承認済' || status === '自己評価済') {
    state.approvedAt = at(fy, 5, 1 + Math.floor(r() * 27));
    state.approvedBy = p.firstName ?? '1次評価者';
    state.selfMidComment = '上半期はおおむね計画どおりに進めることができた。';
    for (const g of goals) {
      g.progress = 30 + Math.floor(r() * 60);
      g.midNote = '計画どおり進行中。';
    }
  }
  if (status === '自己評価済') {
    state.yearEndAt = at(fy, 3, 1 + Math.floor(r() * 20));
    state.selfFinalComment = '一年間の取組を振り返り、来年度は地域との連携をさらに深めたい。';
    const upTo = stage === null ? 0 : stages.indexOf(stage);
    for (const g of goals) {
      const level = pick(r, levelsByLuck);
      g.progress = 100;
      g.self = { level, comment: '達成基準に照らして振り返った。', reason: '' };
      if (upTo >= 2) g.first = { level, comment: '', reason: '' };
      if (upTo >= 3) g.second = { level: r() < 0.85 ? level : pick(r, levelsByLuck), comment: '', reason: '' };
    }
  }
  return { state, goals };
}

function ratingsOf(r: () => number, items: readonly string[], upTo: number): Ratings {
  const out: Ratings = new Map();
  for (const item of items) {
    const base = 2 + Math.floor(r() * 3);
    out.set(item, {
      self: upTo >= 1 ? Math.min(5, base + (r() < 0.3 ? 1 : 0)) : null,
      first: upTo >= 2 ? base : null,
      second: upTo >= 3 ? Math.min(5, Math.max(1, base + (r() < 0.1 ? 1 : r() < 0.1 ? -1 : 0))) : null,
    });
  }
  return out;
}

export function insertCityYear(
  db: Db,
  fy: number,
  loginHolders: ReadonlySet<string>,
  firstLoginStaffNo: string | null,
  seed = 20260402,
): void {
  const r = mulberry32(seed + fy);
  const now = new Date().toISOString();
  const people = demoMboPeople(db, fy);
  const firstLoginId = firstLoginStaffNo ? staffByNo(db, firstLoginStaffNo)?.id : undefined;
  // The 1次 login's team: one sheet waiting for approval, one approved, one sent back, one waiting for the 1次.
  const forced: [MboStatus, AppraisalStatus | null][] = [
    ['提出済', null],
    ['承認済', null],
    ['差し戻し', null],
    ['自己評価済', '自己評価済'],
  ];
  const eligible: number[] = [];
  for (const p of people) {
    if (loginHolders.has(p.staffNo)) continue;
    let status: MboStatus | null;
    let stage: AppraisalStatus | null = null;
    const next = firstLoginId !== undefined && p.firstId === firstLoginId ? forced.shift() : undefined;
    if (next) [status, stage] = next;
    else {
      status = statusOf(r());
      if (status === '自己評価済') stage = stageOf(r());
    }
    if (p.gradeGroup === '係員級' || p.gradeGroup === '係長級') eligible.push(p.id);
    if (status === null) continue;
    const sheet = sheetOf(r, fy, p, status, stage);
    replaceGoals(db, insertSheet(db, fy, p.id, sheet.state, now), sheet.goals);
    if (stage === null) continue;
    const upTo = stages.indexOf(stage);
    const id = insertAppraisal(
      db,
      fy,
      p.id,
      {
        ...emptyAppraisalState(),
        status: stage,
        selfComment: upTo >= 1 ? '一年間、担当業務と地域担当の両立に努めた。' : '',
        firstComment: upTo >= 2 ? '年間を通じて着実に業務を遂行した。' : '',
        secondComment: upTo >= 3 ? '1次評価のとおりと認める。' : '',
        adjusterComment: upTo >= 4 ? '総合的に判断し、2次評価のとおりとする。' : '',
      },
      now,
    );
    const group = p.gradeGroup as keyof typeof DEFAULT_APPRAISAL_CONFIG.competencyItems;
    writeRatings(db, id, ratingsOf(r, DEFAULT_APPRAISAL_CONFIG.competencyItems[group] ?? [], upTo));
  }

  for (const a of awards) {
    const recipients = new Set<number>();
    while (recipients.size < a.members) recipients.add(pick(r, eligible));
    const day = String(5 + Math.floor(r() * 20)).padStart(2, '0');
    const on = `${a.month <= 3 ? fy + 1 : fy}-${String(a.month).padStart(2, '0')}-${day}`;
    const pending = a.month >= 12;
    saveAward(
      db,
      {
        id: null,
        fy,
        title: a.title,
        category: a.category,
        awardedOn: on,
        groupName: a.group,
        nominator: '総務課長',
        status: pending ? '推薦中' : '決定',
        decidedOn: pending ? null : on,
        revokeReason: null,
        recipients: [...recipients],
      },
      now,
    );
  }
}

const cityCourses: {
  title: string;
  category: TrainingCategory;
  provider: string;
  audience: TrainingAudience;
  useful: boolean;
  share: number;
  month: number;
  hours: number;
}[] = [
  {
    title: '接遇研修',
    category: '接遇研修',
    provider: '人材開発課',
    audience: '全職員',
    useful: false,
    share: 0.3,
    month: 6,
    hours: 2,
  },
  {
    title: '政策形成研修',
    category: '区外研修',
    provider: '職員人材開発センター',
    audience: '任意',
    useful: true,
    share: 0.002,
    month: 9,
    hours: 6,
  },
  {
    title: 'ファシリテーション研修',
    category: 'ファシリテーション研修',
    provider: '人材開発課',
    audience: '任意',
    useful: false,
    share: 0.01,
    month: 10,
    hours: 3,
  },
  {
    title: '情報セキュリティ研修（eラーニング）',
    category: 'その他',
    provider: '情報政策課',
    audience: '全職員',
    useful: false,
    share: 0.2,
    month: 7,
    hours: 1,
  },
];

/**
 * 研修 of the city's three years (fy-2 … fy): a share of the active staff attends each course — the
 * login holders every year, so their histories show something. The ward's own pass (demo-training.ts)
 * picks 担当 by name, which repeat across a city's 課.
 */
export function insertCityTraining(db: Db, fy: number, loginHolders: ReadonlySet<string>, seed = 20260406): void {
  const active = allStaff(db).filter((s) => s.active);
  const now = new Date().toISOString();
  for (const year of [fy - 2, fy - 1, fy]) {
    ensureCycle(db, year);
    const r = mulberry32(seed + year);
    for (const c of cityCourses) {
      const id = saveCourse(
        db,
        {
          id: null,
          fy: year,
          title: c.title,
          category: c.category,
          provider: c.provider,
          audience: c.audience,
          usefulForWard: c.useful,
          lineId: null,
        },
        now,
      );
      const on = `${year}-${String(c.month).padStart(2, '0')}-15`;
      const people = active.filter((s) => loginHolders.has(s.staffNo) || r() < c.share);
      replaceAttendance(
        db,
        id,
        people.map((s) => ({
          staffId: s.id,
          attendedOn: on,
          hours: c.hours,
          completed: true,
          shared: c.useful && r() < 0.5,
        })),
      );
    }
  }
}
