import type { AnyImportKind, FormKind, ImportKind, WorkbookKind } from '../../../../shared/contract';

export type ImportKindInfo = {
  label: string;
  /** The sheet the importer looks for. */
  sheet: string;
  columns: string;
  /** Whether the current-data export is per fiscal year. */
  perYear: boolean;
};

export const importKindInfo: Record<AnyImportKind, ImportKindInfo> = {
  staff: {
    label: '職員名簿',
    sheet: '職員名簿',
    columns: '職員番号, 氏名, ふりがな, 所属, 担当, 職位, 職層, 職種, 雇用区分, 採用日, 現所属配属日, 資格, 在職',
    perYear: false,
  },
  evaluators: {
    label: '評価者',
    sheet: '評価者',
    columns: '年度, 職員番号, 1次評価者, 2次評価者, 調整者',
    perYear: true,
  },
  areas: {
    label: '地域担当',
    sheet: '地域担当',
    columns: '年度, 地域, 職員番号, 役割, ペア',
    perYear: true,
  },
  awards: {
    label: '表彰',
    sheet: '表彰',
    columns: '年度, 表彰名, 区分, 授与日, 職員番号, グループ名, 推薦者, 決定, 決定日（受賞者1人につき1行）',
    perYear: true,
  },
  training: {
    label: '研修',
    sheet: '研修一覧・研修受講記録',
    columns:
      '研修一覧: 年度, 研修名, 研修区分, 実施機関, 対象, 区政に活かせる ／ 研修受講記録: 年度, 研修名, 受講日, 時間数, 職員番号, 氏名',
    perYear: true,
  },
  results: {
    label: '人事考課結果（過去の年度）',
    sheet: '人事考課結果',
    columns: '年度, 職員番号, 絶対評価点, 区分（第1区分〜第5区分）, 氏名（確認用）',
    perYear: false,
  },
  measures: {
    label: '取組み実施記録（プランの取組み）',
    sheet: '取組み実施記録',
    columns: '年度, 取組み番号, 実施日, 課, 担当, 参加者数, 内容（課・担当が空欄なら区役所全体）',
    perYear: true,
  },
  selfreports: {
    label: '自己申告書',
    sheet: '記入用ブック',
    columns: '1人1シート（Kaname で出力した記入用ブック）',
    perYear: true,
  },
  mbo: {
    label: '目標管理シート',
    sheet: '記入用ブック',
    columns: '1人1シート（Kaname で出力した記入用ブック）',
    perYear: true,
  },
  appraisals: {
    label: '人事考課票（評価者ブック）',
    sheet: '記入用ブック',
    columns: '評価者ごとのブック（Kaname で出力した人事考課の記入用ブック）',
    perYear: true,
  },
};

/** The kinds in the order HR works through them (the roster first: the others refer to it). */
export const importKindOrder: readonly ImportKind[] = [
  'staff',
  'evaluators',
  'areas',
  'awards',
  'training',
  'results',
  'measures',
];

/** The per-person forms, exported as staff workbooks and print-ready books, and imported back. */
export const formKindOrder: readonly FormKind[] = ['selfreports', 'mbo'];

/** Every workbook of forms the import takes back: the staff forms, then the evaluators' 人事考課票. */
export const workbookKindOrder: readonly WorkbookKind[] = [...formKindOrder, 'appraisals'];

/** Every kind the import accepts, in the order of the chooser. */
export const anyImportKindOrder: readonly AnyImportKind[] = [...importKindOrder, ...workbookKindOrder];

/** Whether a kind is a per-person form (a staff workbook) rather than a sheet (kept here so the renderer needs no zod). */
export function isFormKind(kind: AnyImportKind): kind is FormKind {
  return kind === 'selfreports' || kind === 'mbo';
}

/**
 * Whether a kind is a workbook of forms, one sheet per person (the staff forms and the evaluators'
 * 人事考課票): its valid sheets are taken and the rejected ones listed, rather than all or nothing.
 */
export function isWorkbookKind(kind: AnyImportKind): kind is WorkbookKind {
  return isFormKind(kind) || kind === 'appraisals';
}
