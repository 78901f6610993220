import { AWARD_CATEGORIES } from '../../../../shared/contract';
import type { ImportKind, RosterKind } from '../../../../shared/contract';
import { areaRoles, employments, gradeGroups, positions } from '../../../../shared/org';
import { TRAINING_AUDIENCES, TRAINING_CATEGORIES } from '../../../../shared/training';
import type { SheetSpec } from './sheet-reader';

/** 在職 column: 在職/退職, also ○/× as many rosters write it; blank means 在職. */
export const activeValues = ['在職', '退職'] as const;
export const activeAliases: Record<string, (typeof activeValues)[number]> = {
  '○': '在職',
  〇: '在職',
  '×': '退職',
  '✕': '退職',
};

export const staffSheet: SheetSpec = {
  sheet: '職員名簿',
  aliases: ['職員一覧', '名簿'],
  columns: [
    {
      key: 'staffNo',
      header: '職員番号',
      kind: 'staffNo',
      required: true,
      aliases: ['職員No', '職員コード'],
      width: 12,
      note: '職員を見分ける番号です（先頭の0も含めて文字として入力）。',
    },
    { key: 'name', header: '氏名', kind: 'name', required: true, aliases: ['名前', '職員名'], width: 16 },
    { key: 'kana', header: 'ふりがな', kind: 'kana', aliases: ['フリガナ', 'よみがな', 'カナ氏名'], width: 18 },
    {
      key: 'section',
      header: '所属',
      kind: 'text',
      required: true,
      aliases: ['所属課', '課'],
      width: 16,
      note: '課の名前。ない課は取り込み時に作られます。',
    },
    { key: 'line', header: '担当', kind: 'text', aliases: ['係', '担当名'], width: 16 },
    { key: 'position', header: '職位', kind: 'code', required: true, allowed: positions, aliases: ['役職'], width: 10 },
    {
      key: 'gradeGroup',
      header: '職層',
      kind: 'code',
      allowed: gradeGroups,
      width: 12,
      note: '空欄なら職位から決まります（係員→係員級 など）。',
    },
    { key: 'jobType', header: '職種', kind: 'text', width: 10 },
    { key: 'employment', header: '雇用区分', kind: 'code', allowed: employments, width: 14, note: '空欄なら正規。' },
    { key: 'hiredOn', header: '採用日', kind: 'date', aliases: ['採用年月日'], width: 12 },
    { key: 'postedOn', header: '現所属配属日', kind: 'date', aliases: ['配属日', '現所属発令日'], width: 14 },
    { key: 'qualifications', header: '資格', kind: 'text', aliases: ['保有資格'], width: 20 },
    {
      key: 'active',
      header: '在職',
      kind: 'code',
      allowed: activeValues,
      aliases: ['在職区分', '状態'],
      width: 8,
      note: '在職 / 退職（○ / × でも可）。空欄なら在職。',
    },
  ],
};

export const evaluatorSheet: SheetSpec = {
  sheet: '評価者',
  aliases: ['評価者一覧', '評価者設定'],
  columns: [
    { key: 'fy', header: '年度', kind: 'fy', required: true, width: 10, note: '2025 または 令和7年度' },
    { key: 'staffNo', header: '職員番号', kind: 'staffNo', required: true, width: 12, note: '評価される職員' },
    {
      key: 'first',
      header: '1次評価者',
      kind: 'staffNo',
      required: true,
      aliases: ['一次評価者', '第1次評価者'],
      width: 12,
      note: '職員番号で入力',
    },
    {
      key: 'second',
      header: '2次評価者',
      kind: 'staffNo',
      aliases: ['二次評価者', '第2次評価者'],
      width: 12,
      note: '職員番号で入力',
    },
    { key: 'adjuster', header: '調整者', kind: 'staffNo', width: 12, note: '職員番号で入力（所属長）' },
  ],
};

export const areaSheet: SheetSpec = {
  sheet: '地域担当',
  aliases: ['地域担当制', '地域担当一覧'],
  columns: [
    { key: 'fy', header: '年度', kind: 'fy', required: true, width: 10, note: '2025 または 令和7年度' },
    {
      key: 'area',
      header: '地域',
      kind: 'text',
      required: true,
      aliases: ['担当地域', '地域名'],
      width: 16,
      note: 'ない地域は取り込み時に作られます。',
    },
    { key: 'staffNo', header: '職員番号', kind: 'staffNo', required: true, width: 12 },
    { key: 'role', header: '役割', kind: 'code', required: true, allowed: areaRoles, width: 10 },
    {
      key: 'partner',
      header: 'ペア',
      kind: 'staffNo',
      aliases: ['ペア職員番号', '相手'],
      width: 12,
      note: 'ペアを組む職員の職員番号（同じ地域の人）',
    },
  ],
};

/** 決定 column of the 表彰 sheet: the committee's decision as recorded (取消 is done on screen, with a reason). */
export const awardDecisionValues = ['決定', '推薦中'] as const;

/** The 表彰 sheet: one row per recipient; rows with the same 年度・表彰名・授与日・区分 are one award. */
export const awardSheet: SheetSpec = {
  sheet: '表彰',
  aliases: ['表彰一覧', '表彰実績'],
  columns: [
    { key: 'fy', header: '年度', kind: 'fy', required: true, width: 10, note: '2025 または 令和7年度' },
    { key: 'title', header: '表彰名', kind: 'text', required: true, aliases: ['表彰の名称', '件名'], width: 28 },
    {
      key: 'category',
      header: '区分',
      kind: 'code',
      required: true,
      allowed: AWARD_CATEGORIES,
      aliases: ['表彰区分'],
      width: 24,
      note: '職場内表彰の4つの取組み、または 人材開発センター表彰',
    },
    { key: 'awardedOn', header: '授与日', kind: 'date', required: true, aliases: ['表彰日'], width: 12 },
    { key: 'staffNo', header: '職員番号', kind: 'staffNo', required: true, width: 12, note: '受賞者（1行に1人）' },
    {
      key: 'groupName',
      header: 'グループ名',
      kind: 'text',
      aliases: ['グループ', '団体名'],
      width: 20,
      note: 'グループでの受賞のとき。同じ表彰の行には同じ名前を入れます。',
    },
    { key: 'nominator', header: '推薦者', kind: 'text', width: 14 },
    {
      key: 'decision',
      header: '決定',
      kind: 'code',
      allowed: awardDecisionValues,
      aliases: ['状態', '委員会の決定'],
      width: 10,
      note: '表彰委員会の決定。空欄なら推薦中（登録済みの表彰は変更しません）。決定なら決定日が必須です。',
    },
    { key: 'decidedOn', header: '決定日', kind: 'date', aliases: ['決定年月日'], width: 12 },
  ],
};

/** 区政に活かせる column of 研修一覧: はい / いいえ (○ / ×, 1 / 0 too); blank means いいえ. */
export const yesNoValues = ['はい', 'いいえ'] as const;

/** The 研修 workbook's course list (研修一覧): one row per course of a year, keyed by 年度・研修名. */
export const trainingCourseSheet: SheetSpec = {
  sheet: '研修一覧',
  aliases: ['研修リスト', '研修計画'],
  columns: [
    { key: 'fy', header: '年度', kind: 'fy', required: true, width: 10, note: '2025 または 令和7年度' },
    {
      key: 'title',
      header: '研修名',
      kind: 'text',
      required: true,
      aliases: ['研修の名称', '研修科目', '科目名'],
      width: 30,
      note: '同じ年度の中で同じ名前の研修は1行だけにします。',
    },
    {
      key: 'category',
      header: '研修区分',
      kind: 'code',
      required: true,
      allowed: TRAINING_CATEGORIES,
      aliases: ['区分', '研修種別'],
      width: 22,
      note: 'OJT・勉強会 は 担当内勉強会（OJT）、ファシリテーション は ファシリテーション研修 として読みます。',
    },
    { key: 'provider', header: '実施機関', kind: 'text', aliases: ['主催', '主催者', '実施団体'], width: 22 },
    {
      key: 'audience',
      header: '対象',
      kind: 'code',
      allowed: TRAINING_AUDIENCES,
      aliases: ['対象者'],
      width: 10,
      note: '空欄なら任意。',
    },
    {
      key: 'usefulForWard',
      header: '区政に活かせる',
      kind: 'code',
      allowed: yesNoValues,
      aliases: ['区政に活かせる研修', '区政への活用'],
      width: 14,
      note: 'はい / いいえ（○ / ×、1 / 0 でも可）。空欄なら いいえ。',
    },
  ],
};

/** The 研修 workbook's attendance (研修受講記録): one row per person, course and 受講日. */
export const trainingAttendanceSheet: SheetSpec = {
  sheet: '研修受講記録',
  aliases: ['受講記録', '研修受講者'],
  columns: [
    { key: 'fy', header: '年度', kind: 'fy', required: true, width: 10, note: '2025 または 令和7年度' },
    {
      key: 'title',
      header: '研修名',
      kind: 'text',
      required: true,
      aliases: ['研修の名称', '研修科目', '科目名'],
      width: 30,
      note: 'その年度の研修一覧（このファイルの「研修一覧」または登録済み）にある研修名。',
    },
    {
      key: 'attendedOn',
      header: '受講日',
      kind: 'date',
      required: true,
      aliases: ['受講年月日', '実施日'],
      width: 12,
      note: '年度の中の日付（4月1日〜翌年3月31日）。',
    },
    {
      key: 'hours',
      header: '時間数',
      kind: 'text',
      required: true,
      aliases: ['時間', '受講時間'],
      width: 8,
      note: '0以上の数（1.5 など）。',
    },
    {
      key: 'staffNo',
      header: '職員番号',
      kind: 'staffNo',
      required: true,
      width: 12,
      note: '受講した職員（1行に1人）',
    },
    {
      key: 'name',
      header: '氏名',
      kind: 'name',
      aliases: ['名前', '職員名'],
      width: 16,
      note: '確認用（取り込みません）。職員番号の登録氏名と違うときは警告します。',
    },
  ],
};

/** 区分 of the 人事考課結果 sheet as written (1–5, 第１区分 and blank are read too). */
export const resultClassValues = ['第1区分', '第2区分', '第3区分', '第4区分', '第5区分'] as const;

/**
 * Past years' appraisal results (人事考課結果): one row per 年度 and person, keyed by both, for
 * offices that start with Kaname (docs/workbooks.md). 氏名 is only a check, as on 研修受講記録.
 */
export const resultsSheet: SheetSpec = {
  sheet: '人事考課結果',
  aliases: ['人事考課結果一覧', '考課結果', '評価結果'],
  columns: [
    { key: 'fy', header: '年度', kind: 'fy', required: true, width: 10, note: '2025 または 令和7年度（今年度まで）' },
    { key: 'staffNo', header: '職員番号', kind: 'staffNo', required: true, width: 12 },
    {
      key: 'score',
      header: '絶対評価点',
      kind: 'text',
      aliases: ['絶対評価', '評価点', '点数'],
      width: 12,
      note: '0以上200以下の数（78.5 など、小数第2位まで）。区分だけのときは空欄。',
    },
    {
      key: 'rankClass',
      header: '区分',
      kind: 'code',
      allowed: resultClassValues,
      aliases: ['相対評価', '相対評価区分', '評価区分'],
      width: 10,
      note: '第1区分〜第5区分（他のシステムの 1〜5、第１区分 も読めます）。点数だけのときは空欄。',
    },
    {
      key: 'name',
      header: '氏名',
      kind: 'name',
      aliases: ['名前', '職員名'],
      width: 16,
      note: '確認用（取り込みません）。職員番号の登録氏名と違うときは警告します。',
    },
  ],
};

/**
 * The plan's records of what was done (取組み実施記録, docs/measures.md#the-import-sheet): one row per
 * record, keyed by 年度・取組み番号・実施日・課・担当 (課 and 担当 blank: the office as a whole).
 */
export const measureRecordSheet: SheetSpec = {
  sheet: '取組み実施記録',
  aliases: ['実施記録', '取組み記録', '取組実施記録'],
  columns: [
    { key: 'fy', header: '年度', kind: 'fy', required: true, width: 10, note: '2025 または 令和7年度' },
    {
      key: 'code',
      header: '取組み番号',
      kind: 'code',
      required: true,
      aliases: ['取組番号', '番号'],
      width: 12,
      note: 'プランの取組みの番号（3-(2) など）。研修・表彰など指標で集計する取組みは記録しません。',
    },
    {
      key: 'heldOn',
      header: '実施日',
      kind: 'date',
      required: true,
      aliases: ['実施年月日', '開催日'],
      width: 12,
      note: '年度の中の日付（4月1日〜翌年3月31日）。',
    },
    {
      key: 'section',
      header: '課',
      kind: 'text',
      aliases: ['所属', '実施課'],
      width: 16,
      note: '実施した課。課・担当とも空欄なら区役所全体。全課の取組みは必須。',
    },
    {
      key: 'line',
      header: '担当',
      kind: 'text',
      aliases: ['係', '実施担当'],
      width: 16,
      note: 'その課の担当。全担当の取組みは必須。',
    },
    {
      key: 'participants',
      header: '参加者数',
      kind: 'text',
      aliases: ['参加人数', '人数'],
      width: 10,
      note: '0以上の整数。空欄なら0。',
    },
    {
      key: 'note',
      header: '内容',
      kind: 'text',
      aliases: ['内容・メモ', 'メモ', '備考'],
      width: 40,
      note: '500文字まで',
    },
  ],
};

/** The roster sheets' specs (the 研修 workbook has two: trainingCourseSheet and trainingAttendanceSheet). */
export const sheetSpecs: Record<RosterKind, SheetSpec> = {
  staff: staffSheet,
  evaluators: evaluatorSheet,
  areas: areaSheet,
  awards: awardSheet,
  results: resultsSheet,
  measures: measureRecordSheet,
};

export const kindLabels: Record<ImportKind, string> = {
  staff: '職員名簿',
  evaluators: '評価者',
  areas: '地域担当',
  awards: '表彰',
  training: '研修',
  results: '人事考課結果',
  measures: '取組み実施記録',
};
