import type { ImportProblem } from '../../../../shared/contract';
import { fiscalYearOf } from '../../../../shared/fiscal-year';
import type { RankClass } from '../../../../shared/ranking';
import { appraisalsOfYear } from '../../appraisal/appraisal.repo';
import type { Db } from '../../db/connection';
import { historyOfYear, historyWriter } from '../../placement/history.repo';
import type { HistoryRecord } from '../../placement/history.repo';
import { staffSnapshot } from '../../staff/org.repo';
import type { StaffRecord } from '../../staff/org.repo';
import type { AuditWriter } from '../../system/audit.repo';
import { RowFields } from '../io/fields';
import { letterOf } from '../io/sheet-reader';
import type { SheetRead } from '../io/sheet-reader';
import { resultsSheet } from '../io/specs';
import { checkDuplicates, diff, diffs, summarise } from '../plan';
import type { ImportPlan, RowOutcome } from '../plan';
import { staffNoLookup } from '../staff-numbers';
import { classText, readClass, readScore, scoreText, unspaced } from './values';

/*
 * The 人事考課結果 sheet's plan (docs/workbooks.md): past years' results against the database as it
 * is. One row per 年度 and 職員番号; a stored row with that key is updated, so the same file imports
 * again as unchanged. All or nothing, like every roster sheet. Two things are warnings, never errors:
 * a 氏名 that differs from the stored one (a check only, never imported), and a row of a year
 * confirmed in Kaname for that person (its appraisal is 確定, docs/ranking.md#confirming) — Kaname's
 * own result stands, so the row is skipped and nothing of it is written.
 */

type Write = { row: number; person: StaffRecord; next: HistoryRecord; before: HistoryRecord | null };

/** New results are audited in batches of this many rows (one entry per batch, every field kept). */
const rowsPerAuditEntry = 500;

const fields = ['年度', '職員番号', '絶対評価点', '区分'] as const;
const auditRow = (no: string, r: HistoryRecord) => [r.fy, no, r.score, classText(r.rankClass)];

export function planResults(
  db: Db,
  read: SheetRead,
  today: Date = new Date(),
): ImportPlan & { warnings: ImportProblem[] } {
  const problems: ImportProblem[] = [...read.problems];
  const warnings: ImportProblem[] = [];
  const currentFy = fiscalYearOf(today);
  const staff = new Map(staffSnapshot(db).map((s) => [s.staffNo, s]));
  const lookup = staffNoLookup(staff);
  const stored = new Map<number, Map<number, HistoryRecord>>();
  const storedFor = (fy: number) => {
    let year = stored.get(fy);
    if (!year) {
      year = historyOfYear(db, fy);
      stored.set(fy, year);
    }
    return year;
  };
  // A year is confirmed in Kaname for a person when their appraisal of that year is 確定.
  const confirmed = new Map<number, Map<number, RankClass | null>>();
  const confirmedFor = (fy: number) => {
    let year = confirmed.get(fy);
    if (!year) {
      year = new Map();
      for (const a of appraisalsOfYear(db, fy).values()) if (a.status === '確定') year.set(a.staffId, a.rankClass);
      confirmed.set(fy, year);
    }
    return year;
  };
  const warnAt = (row: number, key: string, message: string) =>
    warnings.push({
      sheet: read.sheet,
      row,
      column: letterOf(read, key),
      field: resultsSheet.columns.find((c) => c.key === key)?.header ?? null,
      message,
    });

  if (read.headerRow > 0 && !read.letters.has('score') && !read.letters.has('rankClass')) {
    problems.push({
      sheet: read.sheet,
      row: read.headerRow,
      column: null,
      field: null,
      message: '「絶対評価点」と「区分」の列がどちらもありません。少なくとも一方の列を加えてください。',
    });
  }

  const labels = new Map<number, { key: string; label: string }>();
  const keys: { row: number; key: [number, string] | null; column: string | null }[] = [];
  const outcomes: RowOutcome[] = [];
  const writes: Write[] = [];
  const now = new Date().toISOString();
  for (const source of read.rows) {
    const f = new RowFields(resultsSheet, read, source, problems);
    const fy = f.fiscalYear('fy');
    const staffNo = f.staffNo('staffNo', true);
    const score = readScore(f);
    const rankClass = readClass(f);
    const name = f.text('name');
    const found = staffNo ? lookup.find(staffNo) : undefined;
    const person = found && 'person' in found ? found.person : undefined;
    if (found && 'message' in found) f.problem('staffNo', found.message);
    if (fy && fy > currentFy) {
      f.problem(
        'fy',
        `${fy}年度はまだ始まっていません。人事考課結果は今年度（${currentFy}年度）までの年度で入力してください。`,
      );
    }
    // A blank cell is "no value" (an absent column leaves the stored one); a row with neither is refused.
    const given = [score, rankClass].filter((v) => v !== null && v !== undefined);
    if (given.length === 0 && f.ok && (f.present('score') || f.present('rankClass'))) {
      f.problem(
        f.present('score') ? 'score' : 'rankClass',
        '絶対評価点と区分がどちらも空欄です。どちらか（または両方）を入力してください。',
      );
    }
    if (person && name && unspaced(name) !== unspaced(person.name)) {
      warnAt(
        source.row,
        'name',
        `氏名「${name}」は職員番号 ${person.staffNo} の登録氏名「${person.name}」と異なります。職員番号が正しいか確かめてください（氏名は取り込みません。このまま取り込めます）。`,
      );
    }
    labels.set(source.row, { key: staffNo ?? '', label: `${person?.name ?? name ?? ''}（${fy ?? f.peek('fy')}年度）` });
    keys.push({ row: source.row, key: fy && staffNo ? [fy, staffNo] : null, column: letterOf(read, 'staffNo') });
    if (!f.ok || !fy || !person) continue;

    const kaname = confirmedFor(fy);
    if (kaname.has(person.id)) {
      const c = kaname.get(person.id) ?? null;
      warnAt(
        source.row,
        'fy',
        `${person.name}（${person.staffNo}）の${fy}年度の人事考課は Kaname で確定しています${c === null ? '' : `（${classText(c)}）`}。確定した結果を上書きしないため、この行は取り込みません。`,
      );
      // Nothing is written: counted as unchanged.
      outcomes.push({ row: source.row, key: person.staffNo, label: `${person.name}（${fy}年度）`, diffs: [] });
      continue;
    }
    const before = storedFor(fy).get(person.id) ?? null;
    const next: HistoryRecord = {
      fy,
      staffId: person.id,
      // An absent column leaves the stored value (none for a new row).
      score: score === undefined ? (before?.score ?? null) : score,
      rankClass: rankClass === undefined ? (before?.rankClass ?? null) : rankClass,
      importedAt: now,
    };
    const changes = before
      ? diffs([
          diff('絶対評価点', scoreText(before.score), scoreText(next.score)),
          diff('区分', classText(before.rankClass), classText(next.rankClass)),
        ])
      : null;
    outcomes.push({ row: source.row, key: person.staffNo, label: `${person.name}（${fy}年度）`, diffs: changes });
    if (changes === null || changes.length > 0) writes.push({ row: source.row, person, next, before });
  }
  checkDuplicates(keys, read, '職員番号', ([fy, no]) => `${fy}年度の職員番号 ${no}`, problems);
  warnings.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  const plan = summarise(read, problems, outcomes, labels, (tx, audit) => applyResults(tx, audit, writes));
  return { ...plan, warnings };
}

function applyResults(db: Db, audit: AuditWriter, writes: Write[]): void {
  const write = historyWriter(db);
  let created: unknown[][] = [];
  const flush = (): void => {
    if (created.length === 0) return;
    audit.append({
      action: 'appraisalHistory.import',
      entity: 'appraisal_history',
      entityId: `${created.length}件`,
      after: { fields, rows: created },
    });
    created = [];
  };
  for (const w of writes) {
    write(w.next);
    if (!w.before) {
      created.push(auditRow(w.person.staffNo, w.next));
      if (created.length >= rowsPerAuditEntry) flush();
      continue;
    }
    audit.append({
      action: 'appraisalHistory.import',
      entity: 'appraisal_history',
      entityId: `${w.next.fy}/${w.person.staffNo}`,
      before: { fields, rows: [auditRow(w.person.staffNo, w.before)] },
      after: { fields, rows: [auditRow(w.person.staffNo, w.next)] },
    });
  }
  flush();
}
