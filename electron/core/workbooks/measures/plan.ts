import type { ImportProblem } from '../../../../shared/contract';
import { fiscalYearOf } from '../../../../shared/fiscal-year';
import { measureApplies } from '../../../../shared/plan';
import type { PlanMeasure } from '../../../../shared/plan';
import { cleanText, nfkc, softText } from '../../../../shared/text';
import type { Db } from '../../db/connection';
import { allMeasures, orgNames, recordsOfYear, writeRecord } from '../../plan/measures.repo';
import type { StoredRecord } from '../../plan/measures.repo';
import { staffSnapshot } from '../../staff/org.repo';
import { ensureCycle } from '../../staff/staff.repo';
import type { Actor, AuditWriter } from '../../system/audit.repo';
import { RowFields } from '../io/fields';
import { letterOf } from '../io/sheet-reader';
import { measureRecordSheet } from '../io/specs';
import type { SheetRead } from '../io/sheet-reader';
import { checkDuplicates, diff, diffs, summarise } from '../plan';
import type { ImportPlan, RowOutcome } from '../plan';
import { formatCount } from '../../../../shared/numbers';

/*
 * The 取組み実施記録 sheet's plan (docs/measures.md#the-import-sheet): records of what was done
 * against the database as it is. A record is keyed by 年度・取組み番号・実施日・課・担当; a stored one
 * with that key is updated (参加者数, 内容), so the same file — and the sheet's own export — imports
 * again as unchanged. The people named on a record in the app are kept (the sheet has no column for
 * them). The rules are the app's (measures.service.ts checkRecord), each reported at its cell; all
 * or nothing, like every roster sheet.
 */

const maxNote = 500;
const maxParticipants = 100000;

type Write = { row: number; before: StoredRecord | null; next: Next };
type Next = {
  measure: PlanMeasure;
  fy: number;
  heldOn: string;
  sectionId: number | null;
  section: string | null;
  lineId: number | null;
  line: string | null;
  participants: number;
  note: string;
};

/** 参加者数 as people write it: 12, １２, 12人; blank is 0. */
function readParticipants(f: RowFields): number | null | undefined {
  const text = f.text('participants');
  if (text === undefined) return undefined;
  if (text === null) return f.peek('participants') === '' ? 0 : null;
  const t = nfkc(text)
    .replace(/\s/gu, '')
    .replace(/[人名]$/u, '');
  if (!/^\d+$/u.test(t) || Number(t) > maxParticipants) {
    f.problem('participants', `参加者数「${text}」は0以上${maxParticipants}以下の整数で入力してください。`);
    return null;
  }
  return Number(t);
}

const keyOf = (measureId: number, heldOn: string, sectionId: number | null, lineId: number | null) =>
  `${measureId}\t${heldOn}\t${sectionId ?? 0}\t${lineId ?? 0}`;

/** The plan, and its writes as the importer calls them (with who imports: the records' 登録者). */
export type MeasureRecordsPlan = ImportPlan & { applyAs: (db: Db, actor: Actor, audit: AuditWriter) => void };

export function planMeasureRecords(db: Db, read: SheetRead): MeasureRecordsPlan {
  const problems: ImportProblem[] = [...read.problems];
  const measures = allMeasures(db);
  const byCode = new Map(measures.map((m) => [cleanText(m.code), m]));
  const org = orgNames(db);
  const sections = new Map(org.sections.map((s) => [softText(s.name), s]));
  const lines = new Map(org.lines.map((l) => [`${l.sectionId}\t${softText(l.name)}`, l]));
  const staffNos = new Map(staffSnapshot(db).map((s) => [s.id, s.staffNo]));
  const stored = new Map<number, Map<string, StoredRecord>>();
  const storedFor = (fy: number) => {
    let year = stored.get(fy);
    if (!year) {
      year = new Map(recordsOfYear(db, fy).map((r) => [keyOf(r.measureId, r.heldOn, r.sectionId, r.lineId), r]));
      stored.set(fy, year);
    }
    return year;
  };

  const labels = new Map<number, { key: string; label: string }>();
  const keys: { row: number; key: string | null; column: string | null }[] = [];
  const outcomes: RowOutcome[] = [];
  const writes: Write[] = [];
  for (const source of read.rows) {
    const f = new RowFields(measureRecordSheet, read, source, problems);
    const fy = f.fiscalYear('fy');
    const code = f.text('code', true);
    const heldOn = f.date('heldOn', true);
    const sectionName = f.text('section') ?? null;
    const lineName = f.text('line') ?? null;
    const participants = readParticipants(f);
    const note = f.text('note');
    labels.set(source.row, { key: code ?? '', label: `${code ?? f.peek('code')} ${heldOn ?? f.peek('heldOn')}` });

    const measure = code ? byCode.get(cleanText(code)) : undefined;
    if (code && !measure)
      f.problem('code', `取組み番号「${code}」の取組みはありません（「プランの進捗」の取組み一覧の番号）。`);
    if (measure && !measure.active)
      f.problem('code', `「${measure.title}」は「使用しない」になっているため、記録できません。`);
    else if (measure && fy && !measureApplies(measure, fy))
      f.problem('code', `「${measure.title}」は${fy}年度の取組みではありません（年度か取組み番号を直してください）。`);
    else if (measure && measure.kpiId !== null)
      f.problem(
        'code',
        `「${measure.title}」は指標（研修・地域担当・表彰など）で集計する取組みのため、実施記録は取り込みません。`,
      );

    const section = sectionName ? sections.get(sectionName) : undefined;
    if (sectionName && !section)
      f.problem('section', `課「${sectionName}」はありません。職員名簿の所属の名前で入力してください。`);
    const line = section && lineName ? lines.get(`${section.id}\t${lineName}`) : undefined;
    if (lineName && !sectionName) f.problem('section', '担当を入力するときは、その担当の課も入力してください。');
    else if (lineName && section && !line) f.problem('line', `担当「${lineName}」は${section.name}にありません。`);
    if (measure?.unit === 'section' && !sectionName) {
      f.problem(
        f.present('section') ? 'section' : 'code',
        `「${measure.title}」は課ごとの取組みです。実施した課を入力してください。`,
      );
    }
    if (measure?.unit === 'line' && !lineName) {
      f.problem(
        f.present('line') ? 'line' : 'code',
        `「${measure.title}」は担当ごとの取組みです。実施した課と担当を入力してください。`,
      );
    }
    if (fy && heldOn && fiscalYearOf(new Date(`${heldOn}T00:00:00`)) !== fy) {
      f.problem(
        'heldOn',
        `実施日 ${heldOn.replace(/-/gu, '/')} は${fy}年度（${fy}/4/1〜${fy + 1}/3/31）の日付ではありません。年度か実施日を直してください。`,
      );
    }
    if (note && note.length > maxNote) f.problem('note', `内容は${maxNote}文字以内にしてください。`);

    const sectionId = section?.id ?? null;
    const lineId = line?.id ?? null;
    const key = fy && measure && heldOn ? keyOf(measure.id, heldOn, sectionId, lineId) : null;
    keys.push({ row: source.row, key: key && fy ? `${fy}\t${key}` : null, column: letterOf(read, 'heldOn') });
    if (!f.ok || !fy || !measure || !heldOn || participants === null) continue;

    const before = storedFor(fy).get(keyOf(measure.id, heldOn, sectionId, lineId)) ?? null;
    const next: Next = {
      measure,
      fy,
      heldOn,
      sectionId,
      section: section?.name ?? null,
      lineId,
      line: line?.name ?? null,
      // An absent column leaves the stored value (0 or blank for a new record).
      participants: participants === undefined ? (before?.participants ?? 0) : participants,
      note: note === undefined ? (before?.note ?? '') : (note ?? ''),
    };
    if (before && next.participants < before.people.length) {
      f.problem(
        'participants',
        `参加者数（${formatCount(next.participants)}）は、この記録に名前で登録されている参加者（${formatCount(before.people.length)}）以上にしてください。`,
      );
      continue;
    }
    const label = `${measure.title}（${heldOn.replace(/-/gu, '/')}・${next.line ?? next.section ?? '区役所全体'}）`;
    labels.set(source.row, { key: measure.code, label });
    const changes = before
      ? diffs([
          diff('参加者数', String(before.participants), String(next.participants)),
          softText(before.note) === next.note ? null : diff('内容', before.note, next.note),
        ])
      : null;
    outcomes.push({ row: source.row, key: measure.code, label, diffs: changes });
    if (changes === null || changes.length > 0) writes.push({ row: source.row, before, next });
  }
  checkDuplicates(keys, read, '実施日', () => '同じ年度・取組み番号・実施日・課・担当の記録', problems);
  const plan = summarise(read, problems, outcomes, labels, (tx, audit) =>
    applyRecords(tx, audit, writes, null, staffNos),
  );
  return { ...plan, applyAs: (tx, actor, audit) => applyRecords(tx, audit, writes, actor, staffNos) };
}

function applyRecords(
  db: Db,
  audit: AuditWriter,
  writes: Write[],
  actor: Pick<Actor, 'label'> | null,
  staffNos: Map<number, string>,
): void {
  const now = new Date().toISOString();
  const items = (
    r: { fy: number; heldOn: string; section: string | null; line: string | null; participants: number; note: string },
    code: string,
  ) => ({
    年度: r.fy,
    取組み: code,
    実施日: r.heldOn,
    課: r.section,
    担当: r.line,
    参加者数: r.participants,
    内容: r.note,
  });
  for (const w of writes) {
    const { next, before } = w;
    ensureCycle(db, next.fy);
    const id = writeRecord(
      db,
      before?.id ?? null,
      {
        measureId: next.measure.id,
        fy: next.fy,
        heldOn: next.heldOn,
        sectionId: next.sectionId,
        lineId: next.lineId,
        participants: next.participants,
        note: next.note,
        source: 'import',
        createdBy: before?.createdBy ?? actor?.label ?? 'import',
        people: before?.people ?? [],
      },
      now,
    );
    audit.append({
      action: 'measureRecord.import',
      entity: 'measure_record',
      entityId: id,
      before: before
        ? { ...items(before, before.code), 参加者: before.people.map((p) => staffNos.get(p) ?? String(p)) }
        : undefined,
      after: items(next, next.measure.code),
    });
  }
}
