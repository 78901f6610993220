import type { AuditRow } from '../../../../shared/contract';
import { staffFieldLabels } from '../../../../shared/org';
import { roleLabels } from '../../../../shared/roles';
import type { Role } from '../../../../shared/roles';
import { selfReportLabels } from '../../../../shared/self-report';
import { formatDateTime, formatDay, formatNumber } from '../../format';
import { entityLabel } from './audit-labels';

/*
 * The audit log in words (設定 → 監査ログ, docs/renderer.md "Words"): who did it, what it concerns,
 * and per field 「項目名: 前 → 後」. Most services already write Japanese keys (目標1.評語, 区分 …);
 * the English keys some write are named here. A key not named is shown as it is, and the stored
 * record is always one click away (「元の記録」).
 */

const fieldLabels: Record<string, string> = {
  ...selfReportLabels,
  login: 'ログインID',
  displayName: '表示名',
  role: '役割',
  staffNo: '職員番号',
  disabled: '状態',
  ...staffFieldLabels,
  fy: '年度',
  fiscalYear: '年度',
  officeName: '事業所名',
  staff: '職員数',
  areas: '地域数',
  status: '状態',
  interviewRecord: '面談記録',
  submittedAt: '提出日時',
  interviewedAt: '面談入力日時',
  reopenReason: '差し戻しの理由',
  relation: '閲覧者の立場',
  purpose: '用途',
  scope: '範囲',
  forms: '様式数',
  kind: '種類',
  fileName: 'ファイル名',
  fileHash: 'ファイルの指紋',
  total: '行数',
  inserted: '追加',
  updated: '更新',
  unchanged: '変更なし',
  first: '1次評価者',
  second: '2次評価者',
  adjuster: '調整者',
  evaluator: '評価者',
  roles: '評価の立場',
  partner: 'ペア',
  pair: 'ペア',
  area: '地域',
  onDate: '実施日',
  notes: '内容',
  findings: '気づいたこと',
  topic: 'テーマ',
  goal: '目標',
  level: '評語',
  comment: 'コメント',
  isDefault: '既定の設定',
  config: '設定',
  format: '形式',
  what: '出力の種類',
  staffNos: '職員',
  fields: '項目',
  rows: '行',
  idleMinutes: '画面をロックするまでの時間（分）',
};

/** Keys whose meaning depends on the action. */
const actionFieldLabels: Record<string, Record<string, string>> = {
  'demo.generate': { sections: '所属数' },
  'selfReport.readConfidential': { sections: '閲覧した非公開項目' },
  'selfReport.exportConfidential': { sections: '出力した非公開項目' },
  'keys.reconcile': { granted: '共有した鍵', revoked: '取り消した鍵', pending: '人事担当のログイン待ち' },
  'keys.sealOffice': { selfReports: '封印した自己申告書', applications: '封印した公募の応募' },
  'forms.print': { confidentialWithheld: '鍵で開けず省略した非公開項目' },
  'forms.export': { confidentialWithheld: '鍵で開けず省略した非公開項目' },
  'auth.lock': { reason: 'ロックの理由' },
};

/** Why the screen locked (auth.lock, docs/idle-lock.md). */
const lockReasonLabels: Record<string, string> = {
  idle: '操作がなかった（画面が検知）',
  'no-calls': '操作がなかった（アプリが検知）',
  manual: '本人がロック',
};

const relationLabels: Record<string, string> = {
  self: '本人',
  first: '1次評価者',
  second: '2次評価者',
  adjuster: '調整者',
  hr: '人事担当',
  personnel: '人事配置担当',
  cross: '他所属評価者',
};

export function fieldLabel(action: string, key: string): string {
  const own = actionFieldLabels[action]?.[key];
  if (own !== undefined) return own;
  // Dotted keys (目標1.評語, config.weights) are labelled part by part.
  return key
    .split('.')
    .map((part) => fieldLabels[part] ?? part)
    .join('・');
}

const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/u;
const isoDay = /^\d{4}-\d{2}-\d{2}$/u;

/** A before/after value as the screens show it; people's 職員番号 with their names. */
export function formatValue(key: string, value: unknown, people: Record<string, string> = {}): string {
  const last = key.split('.').pop() ?? key;
  if (value === null || value === undefined || value === '') return '（空欄）';
  if (Array.isArray(value)) {
    if (value.length === 0) return '（なし）';
    return value.map((v) => formatValue(last, v, people)).join('、');
  }
  if (typeof value === 'boolean') {
    if (last === 'disabled') return value ? '無効' : '有効';
    if (last === 'active') return value ? '在職' : '退職';
    return value ? 'はい' : 'いいえ';
  }
  if (typeof value === 'number') {
    if (last === 'fy' || last === 'fiscalYear' || last === '年度') return `${value}年度`;
    return Number.isInteger(value) ? formatNumber(value) : String(value);
  }
  if (typeof value === 'string') {
    if (last === 'role' && value in roleLabels) return roleLabels[value as Role];
    if (last === 'relation' && value in relationLabels) return relationLabels[value]!;
    if (last === 'reason' && value in lockReasonLabels) return lockReasonLabels[value]!;
    if (last === 'sections' && value in selfReportLabels)
      return selfReportLabels[value as keyof typeof selfReportLabels];
    if (isoDateTime.test(value)) return formatDateTime(value);
    if (isoDay.test(value)) return formatDay(value);
    const name = people[value];
    return name === undefined ? value : `${value} ${name}`;
  }
  return JSON.stringify(value);
}

export type Change = { key: string; label: string; before: string | null; after: string | null };

function parse(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Nested records (a year's config) as dotted keys, so each changed setting is its own line. */
function flatten(value: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out[prefix] = value;
  }
  return out;
}

/** A batch entry keeps many rows as a table (`{ fields, rows }`): shown as its count. */
function batchCount(v: unknown): number | null {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  const rows = (v as { rows?: unknown; fields?: unknown }).rows;
  return Array.isArray(rows) && Array.isArray((v as { fields?: unknown }).fields) ? rows.length : null;
}

/**
 * The entry's fields, one line each: before → after where both are kept (only the fields that
 * differ), or the one side kept (a creation keeps the after, a deletion the before).
 */
export function changesOf(row: AuditRow): Change[] {
  const b = parse(row.before);
  const a = parse(row.after);
  const count = batchCount(a);
  if (count !== null) {
    return [{ key: 'rows', label: '件数', before: null, after: formatNumber(count) + '件' }];
  }
  const people = row.people ?? {};
  const before = b === null ? null : typeof b === 'object' ? flatten(b) : { 値: b };
  const after = a === null ? null : typeof a === 'object' ? flatten(a) : { 値: a };
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  const out: Change[] = [];
  for (const key of keys) {
    const bv = before?.[key];
    const av = after?.[key];
    if (before !== null && after !== null && JSON.stringify(bv ?? null) === JSON.stringify(av ?? null)) continue;
    out.push({
      key,
      label: fieldLabel(row.action, key),
      before: before === null ? null : formatValue(key, bv, people),
      after: after === null ? null : formatValue(key, av, people),
    });
  }
  return out;
}

/** One line for the list: 「項目名: 前 → 後」, joined. */
export function changeLine(c: Change): string {
  if (c.before === null) return `${c.label}: ${c.after ?? ''}`;
  if (c.after === null) return `${c.label}: ${c.before}`;
  return `${c.label}: ${c.before} → ${c.after}`;
}

export function changesSummary(row: AuditRow, max = 160): string {
  const text = changesOf(row).map(changeLine).join('、');
  if (text === '') return '—';
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Who: the login and, for an account, the person's name; the system's own steps as システム. */
export function actorText(row: AuditRow): string {
  if (row.actor === 'system' || row.actor === 'Kaname') return 'システム';
  return row.actorName ? `${row.actor}（${row.actorName}）` : row.actor;
}

/** What it concerns: the kind of record and, where the core resolved it, whom or which. */
export function subjectText(row: AuditRow): string {
  const kind = entityLabel(row.entity);
  if (row.subject) return `${kind} ${row.subject}`;
  if (row.entityId === null) return kind;
  if (row.entity === 'cycle' && /^\d{4}$/u.test(row.entityId)) return `${kind} ${row.entityId}年度`;
  return /^\d+$/u.test(row.entityId) ? `${kind}（記録番号 ${row.entityId}）` : `${kind} ${row.entityId}`;
}
