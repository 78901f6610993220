import type { FieldDiff, SelfReportFields } from '../../../../shared/contract';
import {
  aptitudeChoices,
  maxPreferences,
  meaningfulQuestion,
  meaningfulScale,
  postingInterestChoices,
  selfReportLabels,
  selfReportLimits,
  transferWishChoices,
  workloadChoices,
} from '../../../../shared/self-report';
import type { SelfReportField } from '../../../../shared/self-report';
import type { Db } from '../../db/connection';
import { appendAudit } from '../../system/audit.repo';
import {
  emptySelfReportState,
  getSelfReport,
  insertSelfReport,
  updateSelfReport,
} from '../../self-report/self-report.repo';
import type { SelfReportRecord, SelfReportState } from '../../self-report/self-report.repo';
import type { StaffRecord } from '../../staff/org.repo';
import { FormGrid } from '../io/form-sheet';
import type { Entry, FormLayout } from '../io/form-sheet';
import { AppError } from '../../../../shared/result';
import { staffById } from '../../staff/staff.repo';
import {
  confidentialCellNote,
  confidentialOmitted,
  confidentialSections,
  maskedDiff,
} from '../../access/confidentiality';
import { auditDiff } from '../../self-report/self-report.service';
import { FormFields, charCount } from './cell-values';
import { dateText, formTitle, personBlock } from './common';
import type { FormKindModule, FormOutcome, LayoutContext } from './common';

/*
 * The 自己申告書 as a form. The confidential sections (health, family circumstances) are written only
 * into one person's export for HR; a section's workbook leaves them empty for the person to fill, and
 * on import an empty confidential cell never wipes what Kaname holds. Their values never reach a hash,
 * a diff, the audit log or a message.
 */

type TextField = Exclude<
  SelfReportField,
  | 'workload'
  | 'aptitude'
  | 'meaningful'
  | 'transferWish'
  | 'postingInterest'
  | 'preferences'
  | 'interviewOn'
  | 'record'
  | 'opinion'
  | 'reason'
  | 'health'
  | 'family'
>;

const limits: Record<TextField | 'health' | 'family' | 'preferences', number> = {
  duties: selfReportLimits.text,
  aptitudeNote: selfReportLimits.text,
  fulfilment: selfReportLimits.text,
  transferReason: selfReportLimits.text,
  transferTiming: selfReportLimits.short,
  careerFuture: selfReportLimits.text,
  careerSkills: selfReportLimits.text,
  selfDevelopment: selfReportLimits.text,
  qualificationsWanted: selfReportLimits.medium,
  postingNote: selfReportLimits.text,
  comments: selfReportLimits.long,
  health: selfReportLimits.text,
  family: selfReportLimits.text,
  preferences: selfReportLimits.short,
};

const meaningfulChoices = meaningfulScale.map((s) => `${s.value} ${s.label}`);
const meaningfulText = (n: number | null): string | null =>
  meaningfulChoices.find((c) => c.startsWith(`${n} `)) ?? null;

export const confidentialNote = confidentialCellNote;
const omitted = confidentialOmitted;

const field = (k: string, label: string, extra: { list?: readonly string[] } = {}) => ({ key: k, label, ...extra });

function text(g: FormGrid, k: TextField, value: string, minLines = 3): void {
  g.wide({ label: selfReportLabels[k], value, field: field(k, selfReportLabels[k]), minLines });
}

function confidentialEntry(k: 'health' | 'family', value: string, ctx: LayoutContext): Entry {
  const label = selfReportLabels[k];
  if (ctx.purpose === 'print') {
    return { label, value: ctx.includeConfidential ? value : omitted, confidential: true };
  }
  return {
    label: ctx.includeConfidential ? label : `${label}\n（${confidentialNote}）`,
    value: ctx.includeConfidential ? value : '',
    field: field(k, label),
    confidential: true,
    minLines: 3,
  };
}

function layoutSelfReport(
  db: Db,
  person: StaffRecord,
  record: SelfReportRecord | undefined,
  ctx: LayoutContext,
  editable: boolean,
): FormLayout {
  const g = new FormGrid(ctx.purpose === 'roundtrip' && editable);
  const s = record ?? { ...emptySelfReportState(), version: 0 };
  const f = s.fields;
  g.title(formTitle('selfreports', ctx.fy));
  g.subtitle(
    ctx.purpose === 'print'
      ? ''
      : editable
        ? '黄色のセルに記入してください。選択肢のある項目は一覧から選んでください。'
        : `提出済のため編集できません（状態: ${s.status}）。`,
  );
  personBlock(g, person, s.status);
  g.section('1. 現在の職務');
  g.mark('duties');
  text(g, 'duties', f.duties, 4);
  g.pair(
    {
      label: selfReportLabels.workload,
      value: f.workload,
      field: field('workload', selfReportLabels.workload, { list: workloadChoices }),
    },
    {
      label: selfReportLabels.aptitude,
      value: f.aptitude,
      field: field('aptitude', selfReportLabels.aptitude, { list: aptitudeChoices }),
    },
  );
  text(g, 'aptitudeNote', f.aptitudeNote, 2);
  text(g, 'fulfilment', f.fulfilment);
  g.section('2. 仕事の意義');
  g.wide({
    label: meaningfulQuestion,
    value: meaningfulText(f.meaningful),
    field: field('meaningful', selfReportLabels.meaningful, { list: meaningfulChoices }),
  });
  g.section('3. 健康状態（非公開）');
  g.wide(confidentialEntry('health', s.confidential.health, ctx));
  g.section('4. 異動の希望');
  g.pair(
    {
      label: selfReportLabels.transferWish,
      value: f.transferWish,
      field: field('transferWish', selfReportLabels.transferWish, { list: transferWishChoices }),
    },
    {
      label: selfReportLabels.transferTiming,
      value: f.transferTiming,
      field: field('transferTiming', selfReportLabels.transferTiming),
    },
  );
  for (let i = 0; i < maxPreferences; i++) {
    const label = `${selfReportLabels.preferences}（第${i + 1}希望）`;
    g.wide({ label, value: f.preferences[i] ?? '', field: field(`pref${i}`, label) });
  }
  text(g, 'transferReason', f.transferReason);
  g.section('5. キャリア');
  text(g, 'careerFuture', f.careerFuture);
  text(g, 'careerSkills', f.careerSkills);
  text(g, 'selfDevelopment', f.selfDevelopment);
  text(g, 'qualificationsWanted', f.qualificationsWanted, 2);
  g.section('6. 庁内公募');
  g.pair(
    {
      label: selfReportLabels.postingInterest,
      value: f.postingInterest,
      field: field('postingInterest', selfReportLabels.postingInterest, { list: postingInterestChoices }),
    },
    null,
  );
  text(g, 'postingNote', f.postingNote, 2);
  g.section('7. 家庭の事情（非公開）');
  g.wide(confidentialEntry('family', s.confidential.family, ctx));
  g.section('8. 所属長への意見・要望');
  text(g, 'comments', f.comments);
  if (ctx.purpose === 'print') {
    const interviewer =
      s.interview.interviewerId === null ? '' : (staffById(db, s.interview.interviewerId)?.name ?? '');
    g.section('9. 所属長面談（調整者記入）');
    g.pair(
      { label: selfReportLabels.interviewOn, value: dateText(s.interview.interviewOn) },
      { label: '面談者', value: interviewer },
    );
    g.wide({ label: selfReportLabels.record, value: s.interview.record });
    g.wide({ label: selfReportLabels.opinion, value: s.interview.opinion });
    g.pair({ label: '提出日', value: dateText(s.submittedAt) }, { label: '面談済', value: dateText(s.interviewedAt) });
    if (s.reopenReason) g.wide({ label: selfReportLabels.reason, value: s.reopenReason });
  }
  return g.layout();
}

// ---------- import ----------

const textFields: readonly TextField[] = [
  'duties',
  'aptitudeNote',
  'fulfilment',
  'transferReason',
  'transferTiming',
  'careerFuture',
  'careerSkills',
  'selfDevelopment',
  'qualificationsWanted',
  'postingNote',
  'comments',
];

function choiceOf<T extends string>(f: FormFields, k: SelfReportField, choices: readonly T[]): T | null {
  const v = f.choice(k);
  if (v === null) return null;
  if ((choices as readonly string[]).includes(v)) return v as T;
  f.problem(k, `${selfReportLabels[k]}は「${choices.join('」「')}」から選んでください。`);
  return null;
}

function limited(f: FormFields, k: string, label: string, value: string, max: number): string {
  const n = charCount(value);
  if (n > max) f.problem(k, `${label}は${max}文字以内で入力してください（現在 ${n}文字）。`);
  return value;
}

function readFields(f: FormFields): SelfReportFields {
  const t = Object.fromEntries(
    textFields.map((k) => [k, limited(f, k, selfReportLabels[k], f.text(k), limits[k])]),
  ) as Record<TextField, string>;
  let meaningful: number | null = null;
  const m = f.choice('meaningful');
  if (m !== null) {
    const digit = /^([1-5])(\s|$|[^0-9])/u.exec(m);
    if (digit) meaningful = Number(digit[1]);
    else f.problem('meaningful', '「意義のある仕事だと感じるか」は1〜5から選んでください。');
  }
  const preferences: string[] = [];
  for (let i = 0; i < maxPreferences; i++) {
    const label = `${selfReportLabels.preferences}（第${i + 1}希望）`;
    const p = limited(f, `pref${i}`, label, f.text(`pref${i}`), limits.preferences);
    if (p !== '') preferences.push(p);
  }
  return {
    ...t,
    workload: choiceOf(f, 'workload', workloadChoices),
    aptitude: choiceOf(f, 'aptitude', aptitudeChoices),
    meaningful,
    transferWish: choiceOf(f, 'transferWish', transferWishChoices),
    preferences,
    postingInterest: choiceOf(f, 'postingInterest', postingInterestChoices),
  };
}

const norm = (v: string | number | readonly string[] | null | undefined): string =>
  v === null || v === undefined ? '' : Array.isArray(v) ? v.join(' / ') : String(v).replace(/\r\n?/gu, '\n').trim();

function diffsOf(before: SelfReportState, after: SelfReportState): FieldDiff[] {
  const out: FieldDiff[] = [];
  for (const k of Object.keys(after.fields) as (keyof SelfReportFields)[]) {
    const b = k === 'meaningful' ? meaningfulText(before.fields.meaningful) : before.fields[k];
    const a = k === 'meaningful' ? meaningfulText(after.fields.meaningful) : after.fields[k];
    if (norm(b) !== norm(a)) out.push({ field: selfReportLabels[k], before: norm(b), after: norm(a) });
  }
  for (const k of confidentialSections) {
    if (norm(before.confidential[k]) !== norm(after.confidential[k])) out.push(maskedDiff(selfReportLabels[k]));
  }
  return out;
}

const stale = () =>
  new AppError('CONFLICT', 'この自己申告書は取り込みの途中で更新されました。もう一度プレビューしてください。');

function evaluateSelfReport(args: Parameters<FormKindModule<SelfReportRecord>['evaluate']>[0]): FormOutcome {
  const { fy, person, record, layout, cells, sheet } = args;
  const problems: FormOutcome['problems'] = [];
  const f = new FormFields(layout, cells, sheet, problems);
  const fields = readFields(f);
  const before: SelfReportState = record ?? emptySelfReportState();
  const confidential = { ...before.confidential };
  for (const k of confidentialSections) {
    // Empty means "unchanged": a section's workbook never carries these, so it must never wipe them.
    const v = limited(f, k, selfReportLabels[k], f.text(k), limits[k]);
    if (v !== '') confidential[k] = v;
  }
  const next: SelfReportState = { ...before, fields, confidential };
  const diffs = diffsOf(before, next);
  const isNew = record === undefined;
  if (problems.length > 0 || diffs.length === 0) return { problems, diffs, isNew, write: null };
  return {
    problems,
    diffs,
    isNew,
    write: (db, actor) => {
      const now = new Date().toISOString();
      if (record) {
        if (!updateSelfReport(db, record.id, record.version, next, now)) throw stale();
      } else {
        insertSelfReport(db, fy, person.id, next, now);
      }
      const diff = auditDiff(before, next);
      appendAudit(db, actor, {
        action: 'selfReport.import',
        entity: 'self_report',
        entityId: `${fy}:${person.staffNo}`,
        before: diff.before,
        after: diff.after,
      });
    },
  };
}

export function selfReportModule(db: Db): FormKindModule<SelfReportRecord> {
  return {
    kind: 'selfreports',
    label: '自己申告書',
    load: (d, fy, staffId) => getSelfReport(d, fy, staffId),
    version: (r) => r?.version ?? 0,
    editable: (r) => (r?.status ?? '未提出') === '未提出',
    statusOf: (r) => r?.status ?? '未提出',
    layout: (person, record, ctx, editable) => layoutSelfReport(db, person, record, ctx, editable),
    evaluate: evaluateSelfReport,
    confidentialValue: (r, k) =>
      k === 'health' ? (r?.confidential.health ?? '') : k === 'family' ? (r?.confidential.family ?? '') : '',
  };
}
