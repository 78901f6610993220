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
import { auditDiff, sealConfidential } from '../../self-report/self-report.service';
import { withheldMessage } from '../../keys/keychain';
import type { Keychain } from '../../keys/keychain';
import { officePublicKey, personKeyExists, readerKeyOf } from '../../keys/keys.repo';
import { selfReportField } from '../../keys/sealed-fields';
import type { ConfidentialPart } from '../../keys/sealed-fields';
import { normalised } from '../io/form-sheet';
import { FormFields, charCount } from './cell-values';
import { dateText, formTitle, personBlock } from './common';
import type { FormKindModule, FormOutcome, LayoutContext } from './common';

/*
 * The 自己申告書 as a form. The confidential sections (health, family circumstances) are written only
 * into one person's export for HR; a section's workbook leaves them empty for the person to fill, and
 * on import an empty confidential cell never wipes what Kaname holds. Their values never reach a hash,
 * a diff, the audit log or a message.
 *
 * They are stored sealed under the person's key (docs/sealed-data.md): the export opens them with the
 * exporting login's keys (a value those keys do not open is printed as omitted, and the sheet says
 * why), the import compares the file with the opened values and seals a changed section with the
 * importing login's keys — a login that cannot seal it gets the form refused, at the cell.
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

/** Beside a confidential section the exporting login's keys do not open (docs/sealed-data.md). */
const withheldNote = 'このアカウントの鍵では開けないため省略';

/**
 * A confidential section's entry. `value` is the opened text when the export holds the section, null
 * when it holds it but the keys do not open it (then it is left out as for a section's export, and says so).
 */
function confidentialEntry(k: ConfidentialPart, value: string | null, ctx: LayoutContext): Entry {
  const label = selfReportLabels[k];
  const shown = ctx.includeConfidential && value !== null;
  const note = ctx.includeConfidential ? withheldNote : confidentialNote;
  if (ctx.purpose === 'print') {
    return {
      label: shown || !ctx.includeConfidential ? label : `${label}\n（${note}）`,
      value: shown ? value : omitted,
      confidential: true,
    };
  }
  return {
    label: shown ? label : `${label}\n（${note}）`,
    value: shown ? value : '',
    field: field(k, label),
    confidential: true,
    minLines: 3,
  };
}

/** The text of a stored confidential section as these keys open it; null when they do not. */
export function openSection(
  db: Db,
  keys: Keychain,
  fy: number,
  staffId: number,
  record: SelfReportState | undefined,
  k: ConfidentialPart,
): string | null {
  return keys.open(db, selfReportField(staffId, fy, k), record?.confidential[k] ?? '');
}

function layoutSelfReport(
  db: Db,
  keys: Keychain,
  person: StaffRecord,
  record: SelfReportRecord | undefined,
  ctx: LayoutContext,
  editable: boolean,
): FormLayout {
  const g = new FormGrid(ctx.purpose === 'roundtrip' && editable);
  const s = record ?? { ...emptySelfReportState(), version: 0 };
  const f = s.fields;
  // Opened only for an export that holds them; null where this login's keys do not open them.
  const opened = (k: ConfidentialPart): string | null =>
    ctx.includeConfidential ? openSection(db, keys, ctx.fy, person.id, record, k) : '';
  const health = opened('health');
  const family = opened('family');
  const withheld = health === null || family === null ? withheldMessage.selfReport : '';
  g.title(formTitle('selfreports', ctx.fy));
  g.subtitle(
    ctx.purpose === 'print'
      ? withheld
      : [
          editable
            ? '黄色のセルに記入してください。選択肢のある項目は一覧から選んでください。'
            : `提出済のため編集できません（状態: ${s.status}）。`,
          withheld,
        ]
          .filter((t) => t !== '')
          .join('\n'),
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
  g.wide(confidentialEntry('health', health, ctx));
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
  g.wide(confidentialEntry('family', family, ctx));
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

function diffsOf(
  before: SelfReportState,
  after: SelfReportState,
  changedSections: readonly ConfidentialPart[],
): FieldDiff[] {
  const out: FieldDiff[] = [];
  for (const k of Object.keys(after.fields) as (keyof SelfReportFields)[]) {
    const b = k === 'meaningful' ? meaningfulText(before.fields.meaningful) : before.fields[k];
    const a = k === 'meaningful' ? meaningfulText(after.fields.meaningful) : after.fields[k];
    if (norm(b) !== norm(a)) out.push({ field: selfReportLabels[k], before: norm(b), after: norm(a) });
  }
  // Compared opened, never stored: a sealed value differs from its text and from every other seal.
  for (const k of changedSections) out.push(maskedDiff(selfReportLabels[k]));
  return out;
}

const stale = () =>
  new AppError('CONFLICT', 'この自己申告書は取り込みの途中で更新されました。もう一度プレビューしてください。');

const cannotSeal = (k: ConfidentialPart) =>
  `${selfReportLabels[k]}を封印できないため、この様式は取り込みません（取り込む人のアカウントの鍵では、この職員の非公開項目を封印できません。人事担当者のアカウントで取り込んでください）。`;

/**
 * Whether these keys can seal for the person without writing anything (the preview writes nothing):
 * they reach the person's key, or the person has none yet and the office has its reader key — what
 * Keychain.seal will do at the commit (docs/sealed-data.md).
 */
function maySeal(db: Db, keys: Keychain, staffId: number): boolean {
  if (keys.personKey(db, 'selfReport', staffId) !== null) return true;
  return !personKeyExists(db, 'selfReport', staffId) && officePublicKey(db, readerKeyOf.selfReport) !== null;
}

function evaluateSelfReport(
  keys: Keychain,
  args: Parameters<FormKindModule<SelfReportRecord>['evaluate']>[0],
): FormOutcome {
  const { db, fy, person, record, layout, cells, sheet } = args;
  const problems: FormOutcome['problems'] = [];
  const f = new FormFields(layout, cells, sheet, problems);
  const fields = readFields(f);
  const before: SelfReportState = record ?? emptySelfReportState();
  const changed: Partial<Record<ConfidentialPart, string>> = {};
  for (const k of confidentialSections) {
    // Empty means "unchanged": a section's workbook never carries these, so it must never wipe them.
    const v = limited(f, k, selfReportLabels[k], f.text(k), limits[k]);
    if (v === '') continue;
    const held = openSection(db, keys, fy, person.id, record, k);
    if (held === null || v !== normalised(held)) changed[k] = v;
  }
  const changedSections = Object.keys(changed) as ConfidentialPart[];
  if (changedSections.length > 0 && !maySeal(db, keys, person.id) && officePublicKey(db, readerKeyOf.selfReport)) {
    for (const k of changedSections) f.problem(k, cannotSeal(k));
  }
  // The sections are sealed only at the write; until then they are as stored (never compared or shown).
  const next: SelfReportState = { ...before, fields };
  const diffs = diffsOf(before, next, changedSections);
  const isNew = record === undefined;
  if (problems.length > 0 || diffs.length === 0) return { problems, diffs, isNew, write: null };
  return {
    problems,
    diffs,
    isNew,
    write: (tx, actor) => {
      const now = new Date().toISOString();
      const stored: SelfReportState = {
        ...next,
        confidential: sealConfidential(tx, keys, fy, person.id, before.confidential, changed, cannotSeal),
      };
      if (record) {
        if (!updateSelfReport(tx, record.id, record.version, stored, now)) throw stale();
      } else {
        insertSelfReport(tx, fy, person.id, stored, now);
      }
      const diff = auditDiff(before, stored, changedSections);
      appendAudit(tx, actor, {
        action: 'selfReport.import',
        entity: 'self_report',
        entityId: `${fy}:${person.staffNo}`,
        before: diff.before,
        after: diff.after,
      });
    },
  };
}

/**
 * The 自己申告書 form kind, reading and writing the confidential sections with these keys (the
 * exporting or importing login's, docs/sealed-data.md).
 */
export function selfReportModule(db: Db, keys: Keychain): FormKindModule<SelfReportRecord> {
  return {
    kind: 'selfreports',
    label: '自己申告書',
    load: (d, fy, staffId) => getSelfReport(d, fy, staffId),
    version: (r) => r?.version ?? 0,
    editable: (r) => (r?.status ?? '未提出') === '未提出',
    statusOf: (r) => r?.status ?? '未提出',
    layout: (person, record, ctx, editable) => layoutSelfReport(db, keys, person, record, ctx, editable),
    evaluate: (args) => evaluateSelfReport(keys, args),
    confidentialValue: (r, fy, staffId, k) =>
      k === 'health' || k === 'family' ? openSection(db, keys, fy, staffId, r, k) : '',
  };
}
