/** The ward's organisation vocabulary (docs/organisation.md), in the order HR lists them. */
export const positions = ['区長', '副区長', '課長', '課長代理', '係長', '係員'] as const;
export type Position = (typeof positions)[number];

export const gradeGroups = ['課長級', '課長代理級', '係長級', '係員級'] as const;
export type GradeGroup = (typeof gradeGroups)[number];

export const employments = ['正規', '再任用', '会計年度任用'] as const;
export type Employment = (typeof employments)[number];

export const areaRoles = ['リーダー', 'メンバー'] as const;
export type AreaRole = (typeof areaRoles)[number];

/** 職層 follows from 職位 when the roster leaves it blank: 区長・副区長 rank with 課長級 for ranking. */
export function gradeGroupOf(position: Position): GradeGroup {
  switch (position) {
    case '区長':
    case '副区長':
    case '課長':
      return '課長級';
    case '課長代理':
      return '課長代理級';
    case '係長':
      return '係長級';
    case '係員':
      return '係員級';
  }
}

/** Whole years from a date (YYYY-MM-DD) to another, as HR counts 在職年数 / 現所属年数. */
export function yearsBetween(fromIso: string, toIso: string): number {
  const [fy, fm, fd] = fromIso.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = toIso.split('-').map(Number) as [number, number, number];
  let years = ty - fy;
  if (tm < fm || (tm === fm && td < fd)) years -= 1;
  return Math.max(0, years);
}

/**
 * A staff record's fields as every screen, import preview and audit entry names them (the 職員名簿
 * sheet's headings, docs/workbooks.md).
 */
export const staffFieldLabels = {
  name: '氏名',
  kana: 'ふりがな',
  section: '所属',
  line: '担当',
  position: '職位',
  gradeGroup: '職層',
  jobType: '職種',
  employment: '雇用区分',
  hiredOn: '採用日',
  postedOn: '現所属配属日',
  qualifications: '資格',
  active: '在職',
} as const;
