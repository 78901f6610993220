/**
 * The self-report (自己申告書, docs/confidentiality.md): its vocabulary and the pure rules an HR officer should be
 * able to read beside their tests — what a report needs before it can be submitted, and the plan's
 * headline KPI (「市民や社会にとって意義のある仕事だと感じるか」, target: 90% answer 4 or 5).
 */

export const selfReportStatuses = ['未提出', '提出済', '面談済'] as const;
export type SelfReportStatus = (typeof selfReportStatuses)[number];

export const workloadChoices = ['多い', '適当', '少ない'] as const;
export type Workload = (typeof workloadChoices)[number];

export const aptitudeChoices = ['向いている', 'どちらともいえない', '向いていない'] as const;
export type Aptitude = (typeof aptitudeChoices)[number];

export const transferWishChoices = ['継続希望', '異動希望', 'どちらでもよい'] as const;
export type TransferWish = (typeof transferWishChoices)[number];

export const postingInterestChoices = ['あり', 'なし'] as const;
export type PostingInterest = (typeof postingInterestChoices)[number];

/** The question, worded as in the plan's KPI table. */
export const meaningfulQuestion = '市民や社会にとって意義のある仕事だと感じますか';

/** The 5-point scale, top first as the form lists it. */
export const meaningfulScale = [
  { value: 5, label: 'とてもそう思う' },
  { value: 4, label: 'ややそう思う' },
  { value: 3, label: 'どちらともいえない' },
  { value: 2, label: 'あまりそう思わない' },
  { value: 1, label: 'まったくそう思わない' },
] as const;

/** The plan's target: at least 90% of staff feel their work is meaningful (answer 4 or 5). */
export const meaningfulTarget = 0.9;

/** At most this many preferred sections or kinds of work (異動希望先). */
export const maxPreferences = 3;

/** Text limits, in characters; the form shows them as counters. */
export const selfReportLimits = {
  short: 100,
  medium: 500,
  text: 1000,
  long: 2000,
} as const;

/** Japanese labels of the fields, used in messages so the UI can show them at the field. */
export const selfReportLabels = {
  duties: '現在の担当業務',
  workload: '業務量',
  aptitude: '適性',
  aptitudeNote: '適性（理由）',
  fulfilment: '仕事のやりがい・充実感',
  meaningful: '「意義のある仕事」',
  health: '健康状態',
  transferWish: '異動の希望',
  preferences: '希望する所属・職務',
  transferReason: '異動希望の理由',
  transferTiming: '希望する時期',
  careerFuture: '将来やってみたい仕事',
  careerSkills: '身につけたい知識・能力',
  selfDevelopment: '自己啓発の取組',
  qualificationsWanted: '取得したい資格',
  postingInterest: '庁内公募への関心',
  postingNote: '庁内公募（関心のある内容）',
  family: '家庭の事情（介護・育児など）',
  comments: '所属長への意見・要望',
  interviewOn: '面談日',
  record: '面談記録',
  opinion: '所属長所見',
  reason: '差し戻しの理由',
} as const;

export type SelfReportField = keyof typeof selfReportLabels;

/** What submission needs: the fields that feed the KPI and placement work. */
export type SubmitCheck = {
  duties: string;
  workload: Workload | null;
  meaningful: number | null;
  transferWish: TransferWish | null;
  preferences: readonly string[];
};

export type FieldProblem = { field: SelfReportField; message: string };

/**
 * The problems that stop a report from being submitted, in form order. A 異動希望 without any
 * preferred section or kind of work gives placement nothing to act on, so it needs at least one.
 */
export function submitProblems(r: SubmitCheck): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (r.duties.trim() === '') out.push({ field: 'duties', message: '現在の担当業務を入力してください。' });
  if (r.workload === null) out.push({ field: 'workload', message: '業務量を選んでください。' });
  // The answers are words (とてもそう思う … まったくそう思わない): the message names no numbers.
  if (r.meaningful === null)
    out.push({ field: 'meaningful', message: '「意義のある仕事だと感じるか」を選んでください。' });
  if (r.transferWish === null) out.push({ field: 'transferWish', message: '異動の希望を選んでください。' });
  if (r.transferWish === '異動希望' && r.preferences.every((p) => p.trim() === '')) {
    out.push({ field: 'preferences', message: '異動希望の場合は、希望する所属・職務を1つ以上入力してください。' });
  }
  return out;
}

/**
 * The fields submission always needs, in form order; 希望する所属・職務 is needed only with 異動希望
 * (preferencesRequired). The form marks them before anyone submits (docs/self-report.md).
 */
export const submitRequired: readonly SelfReportField[] = ['duties', 'workload', 'meaningful', 'transferWish'];

export function preferencesRequired(transferWish: TransferWish | null): boolean {
  return transferWish === '異動希望';
}

/**
 * The one message that refuses a submission: every problem at once, in form order, so nobody learns
 * them one click at a time (docs/self-report.md).
 */
export function submitRefusal(problems: readonly FieldProblem[]): string {
  const [only] = problems;
  if (problems.length === 1 && only) return only.message;
  return `まだ提出できません（${problems.length}件）。${problems.map((p) => p.message).join('')}`;
}

/** The 調整者 as the form names them: the role, the title and the name. */
export type HeadOfOffice = { name: string; position: string };

/**
 * 「所属長」 on the self-report is the person's 調整者 that year (in a ward, often the 副区長), not their
 * 課長: every screen names them 「所属長（調整者: 副区長 ○○）」, or says plainly that there is none yet.
 */
export function headOfOfficeLabel(adjuster: HeadOfOffice | null | undefined): string {
  return adjuster ? `所属長（調整者: ${adjuster.position} ${adjuster.name}）` : '所属長（調整者は未設定）';
}

export type MeaningfulKpi = {
  /** Submitted reports (提出済・面談済) that answered the question. */
  answered: number;
  /** Of those, answers 4 or 5. */
  topTwo: number;
  /** topTwo / answered, or null when nobody has answered yet. */
  share: number | null;
  target: number;
  /** Whether the share reaches the target; null when there is nothing to measure. */
  met: boolean | null;
};

/** The plan's KPI over the answers of submitted reports (drafts may still change, so they do not count). */
export function meaningfulKpi(answers: readonly (number | null)[]): MeaningfulKpi {
  const valid = answers.filter((a): a is number => a !== null);
  const topTwo = valid.filter((a) => a >= 4).length;
  const share = valid.length === 0 ? null : topTwo / valid.length;
  return {
    answered: valid.length,
    topTwo,
    share,
    target: meaningfulTarget,
    met: share === null ? null : share >= meaningfulTarget,
  };
}
