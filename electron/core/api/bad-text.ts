import { selfReportLabels } from '../../../shared/self-report';
import { AppError } from '../../../shared/result';
import { badCharText, findBadChar } from '../../../shared/text';

/**
 * Japanese names of the argument keys that carry text, for the message; the field path goes in
 * `field` as well, so a screen can show the message at its input. Unknown keys fall back to the path.
 */
const keyLabels: Record<string, string> = {
  ...selfReportLabels,
  officeName: '事業所名',
  displayName: '氏名',
  login: 'ログインID',
  password: 'パスワード',
  current: '現在のパスワード',
  next: '新しいパスワード',
  staffNo: '職員番号',
  evaluatorNo: '評価者の職員番号',
  name: '氏名',
  kana: 'ふりがな',
  query: '検索語',
  section: '所属',
  line: '担当',
  area: '地域',
  title: '件名',
  content: '目標の内容',
  standard: '達成基準',
  schedule: 'スケジュール',
  midNote: '中間の取組状況',
  selfComment: '自己評価のコメント',
  selfReason: '提案と異なる評語にする理由',
  comment: 'コメント',
  notes: 'メモ',
  note: 'メモ',
  topic: 'テーマ',
  findings: '気づいたこと',
  adjustmentReason: '調整の理由',
  groupName: 'グループ名',
  fileName: 'ファイル名',
  sheetName: 'シート名',
  values: '記入欄',
};

function labelOf(path: readonly (string | number)[]): string {
  const key = [...path].reverse().find((p): p is string => typeof p === 'string');
  const label = key === undefined ? undefined : keyLabels[key];
  return label ?? `入力欄（${path.join('.') || '値'}）`;
}

type Found = { path: (string | number)[]; message: string };

function walk(value: unknown, path: (string | number)[]): Found | null {
  if (typeof value === 'string') {
    const bad = findBadChar(value);
    return bad ? { path, message: badCharText(bad) } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const hit = walk(value[i], [...path, i]);
      if (hit) return hit;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      // A record's keys are text the caller chose too (記入欄 keys of fill:write).
      const inKey = findBadChar(k);
      if (inKey) return { path: [...path, k], message: badCharText(inKey) };
      const hit = walk(v, [...path, k]);
      if (hit) return hit;
    }
  }
  return null;
}

/**
 * Refuses an argument holding any text that could not be stored and exported faithfully: C0
 * controls XML forbids, noncharacters (U+FFFE…) and lone surrogates, anywhere in it (docs/bad-text.md).
 * One regex test per string, so a 40 MB base64 upload costs a few milliseconds.
 */
export function rejectBadText(arg: unknown): void {
  const found = walk(arg, []);
  if (!found) return;
  const field = found.path.join('.');
  throw new AppError('VALIDATION', `${labelOf(found.path)}の${found.message}。`, field || undefined);
}
