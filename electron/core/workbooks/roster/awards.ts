import { AWARD_CATEGORIES } from '../../../../shared/contract';
import type { AwardCategory, AwardStatus } from '../../../../shared/contract';
import type { FieldDiff, ImportProblem } from '../../../../shared/contract';
import { softText } from '../../../../shared/text';
import type { Db } from '../../db/connection';
import { awardsOfYear, saveAward } from '../../awards/awards.repo';
import type { AwardRecord } from '../../awards/awards.repo';
import { staffSnapshot } from '../../staff/org.repo';
import type { StaffRecord } from '../../staff/org.repo';
import { ensureCycle } from '../../staff/staff.repo';
import { RowFields } from '../io/fields';
import { letterOf } from '../io/sheet-reader';
import type { SheetRead } from '../io/sheet-reader';
import { awardDecisionValues, awardSheet } from '../io/specs';
import { checkDuplicates, diff, diffs, summarise } from '../plan';
import type { ImportPlan, RowOutcome } from '../plan';
import { staffNoLookup } from '../staff-numbers';
import { parseSheetFile } from '../parse';
import { rosterPlan } from '../plan';
import type { RosterModule } from '../kind';
import { kindLabels } from '../io/specs';
import type { CellOut } from '../io/writer';
import { hasCycle } from '../roster-export.repo';
import { sheetDownload } from './sheet-file';

/*
 * The 表彰 sheet (docs/scores.md, docs/workbooks.md): one row per recipient; the rows with the same 年度・表彰名・授与日・
 * 区分 are one award (a group award lists its members on several rows). An award already registered
 * with that key is updated, so the same file imports again as unchanged.
 *
 * Decisions, as documented in the template's notes:
 * - 決定 needs its 決定日: the committee's decision date is what turns the bonus on and is audited,
 *   so it is never guessed from the 授与日. A 決定日 without 決定 is refused too (which one is meant?).
 * - A blank 決定 means 推薦中 for a new award and "leave the decision as it is" for a registered one;
 *   an explicit 推薦中 cannot undo a recorded decision, and a revoked (取消) award cannot be changed
 *   by an import — both are done on the 表彰 screen, with a reason.
 * - The file lists an award's recipients in full: a registered recipient missing from the file is
 *   removed from the award (shown as a change before it is written).
 */

const maxTitle = 100;
const maxGroupName = 100;
const maxNominator = 60;

/** What people write for the categories besides the exact names: the plan's numbers, the centre's short name. */
const categoryAliases: Record<string, AwardCategory> = {
  '(1)地域担当制の活用': '地域担当制の活用',
  '(2)能力開発・向上': '能力開発・向上',
  '(3)主体性を高める仕組みづくり': '主体性を高める仕組みづくり',
  '(4)風通しのよい職場づくり': '風通しのよい職場づくり',
  人材開発センター: '人材開発センター表彰',
};

type Line = {
  row: number;
  key: string;
  person: StaffRecord;
  /** undefined: the column is not in the file; null: blank. */
  groupName: string | null | undefined;
  nominator: string | null | undefined;
  decision: (typeof awardDecisionValues)[number] | null | undefined;
  decidedOn: string | null | undefined;
};

type Group = {
  key: string;
  fy: number;
  title: string;
  category: AwardCategory;
  awardedOn: string;
  lines: Line[];
};

type Resolved = {
  group: Group;
  current: AwardRecord | null;
  groupName: string;
  nominator: string;
  status: AwardStatus;
  decidedOn: string | null;
  recipients: StaffRecord[];
};

function fiscalYearOfIso(iso: string): number {
  const [y, m] = iso.split('-').map(Number) as [number, number];
  return m >= 4 ? y : y - 1;
}

function slash(iso: string | null | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${y}/${m}/${d}`;
}

const personText = (s: StaffRecord) => `${s.staffNo} ${s.name}`;

/** Compares stored text as the import reads it, so that an app-entered 「第１回」 matches 「第1回」 from Excel. */
const same = (stored: string, read: string) => softText(stored) === read;

export function planAwards(db: Db, read: SheetRead): ImportPlan {
  const problems: ImportProblem[] = [...read.problems];
  const staff = new Map(staffSnapshot(db).map((s) => [s.staffNo, s]));
  const byId = new Map([...staff.values()].map((s) => [s.id, s]));
  const lookup = staffNoLookup(staff);
  const stored = new Map<number, AwardRecord[]>();
  const storedFor = (fy: number) => {
    let list = stored.get(fy);
    if (!list) {
      list = awardsOfYear(db, fy);
      stored.set(fy, list);
    }
    return list;
  };
  const problemAt = (row: number, key: string, message: string) =>
    problems.push({
      sheet: read.sheet,
      row,
      column: letterOf(read, key),
      field: awardSheet.columns.find((c) => c.key === key)?.header ?? null,
      message,
    });

  const labels = new Map<number, { key: string; label: string }>();
  const keys: { row: number; key: [string, string] | null; column: string | null }[] = [];
  const groups = new Map<string, Group>();
  for (const source of read.rows) {
    const f = new RowFields(awardSheet, read, source, problems);
    const fy = f.fiscalYear('fy');
    const title = f.text('title', true);
    const category = f.code<AwardCategory>('category', AWARD_CATEGORIES, categoryAliases, true);
    const awardedOn = f.date('awardedOn', true);
    const staffNo = f.staffNo('staffNo', true);
    const groupName = f.text('groupName');
    const nominator = f.text('nominator');
    const decision = f.code('decision', awardDecisionValues);
    const decidedOn = f.date('decidedOn');
    const found = staffNo ? lookup.find(staffNo) : undefined;
    const person = found && 'person' in found ? found.person : undefined;
    if (found && 'message' in found) f.problem('staffNo', found.message);
    if (title && title.length > maxTitle) f.problem('title', `表彰名は${maxTitle}文字以内にしてください。`);
    if (groupName && groupName.length > maxGroupName)
      f.problem('groupName', `グループ名は${maxGroupName}文字以内にしてください。`);
    if (nominator && nominator.length > maxNominator)
      f.problem('nominator', `推薦者は${maxNominator}文字以内にしてください。`);
    if (fy && awardedOn && fiscalYearOfIso(awardedOn) !== fy) {
      f.problem(
        'awardedOn',
        `授与日 ${slash(awardedOn)} は${fy}年度（${fy}/4/1〜${fy + 1}/3/31）の日付ではありません。年度か授与日を直してください。`,
      );
    }
    if (decision === '決定' && !decidedOn && decidedOn !== null) {
      // The column is missing altogether; a blank cell is reported just below.
      f.problem(
        'decidedOn',
        '「決定」の行には決定日（表彰委員会が決定した日）が必要です。「決定日」の列を加えてください。',
      );
    } else if (decision === '決定' && decidedOn === null) {
      f.problem('decidedOn', '「決定」の行には決定日（表彰委員会が決定した日）を入力してください。');
    }
    if (decidedOn && decision !== '決定') {
      f.problem('decision', '決定日があるときは「決定」の欄を「決定」にしてください（まだ推薦中なら決定日を空欄に）。');
    }
    const key = fy && title && category && awardedOn ? JSON.stringify([fy, title, awardedOn, category]) : null;
    labels.set(source.row, { key: staffNo ?? '', label: `${person?.name ?? ''}（${title ?? f.peek('title')}）` });
    keys.push({ row: source.row, key: key && staffNo ? [key, staffNo] : null, column: letterOf(read, 'staffNo') });
    if (f.ok && key && fy && title && category && awardedOn && person) {
      let g = groups.get(key);
      if (!g) {
        g = { key, fy, title, category, awardedOn, lines: [] };
        groups.set(key, g);
      }
      g.lines.push({ row: source.row, key, person, groupName, nominator, decision, decidedOn });
    }
  }
  checkDuplicates(keys, read, '職員番号', ([, no]) => `同じ表彰の受賞者（職員番号 ${no}）`, problems);

  /** One value per award: rows that give a different one are refused, naming the row that set it. */
  function agreed<T extends string>(g: Group, key: string, label: string, pick: (l: Line) => T | null | undefined) {
    let first: { row: number; value: T } | null = null;
    for (const l of g.lines) {
      const v = pick(l);
      if (v === null || v === undefined || v === '') continue;
      if (!first) first = { row: l.row, value: v };
      else if (first.value !== v) {
        problemAt(
          l.row,
          key,
          `同じ表彰（年度・表彰名・授与日・区分が同じ行）の中で${label}が異なります（${first.row}行目は「${first.value}」、この行は「${v}」）。`,
        );
      }
    }
    return first?.value ?? null;
  }
  const columnPresent = (key: string) => read.letters.has(key);

  const resolved: Resolved[] = [];
  for (const g of groups.values()) {
    const groupName = agreed(g, 'groupName', 'グループ名', (l) => l.groupName);
    const nominator = agreed(g, 'nominator', '推薦者', (l) => l.nominator);
    const decision = agreed(g, 'decision', '決定', (l) => l.decision);
    const decidedOn = agreed(g, 'decidedOn', '決定日', (l) => l.decidedOn);
    const matches = storedFor(g.fy).filter(
      (a) => a.category === g.category && a.awardedOn === g.awardedOn && same(a.title, g.title),
    );
    const rowsOf = (message: string, key = 'title') => {
      for (const l of g.lines) problemAt(l.row, key, message);
    };
    if (matches.length > 1) {
      rowsOf(
        `同じ年度・表彰名・授与日・区分の表彰が${matches.length}件登録されているため、どれに取り込むか決められません。「表彰」画面で表彰名を区別してください。`,
      );
      continue;
    }
    const current = matches[0] ?? null;
    if (current?.status === '取消') {
      rowsOf(
        `この表彰は取り消されています（理由: ${current.revokeReason ?? ''}）。取り込みでは変更できないため、この表彰の行を削除してください。`,
      );
      continue;
    }
    if (current?.status === '決定' && decision === '推薦中') {
      rowsOf(
        `この表彰は${slash(current.decidedOn)}に決定が記録されています。推薦中には戻せません（取り消すときは「表彰」画面で理由を付けて取り消してください）。`,
        'decision',
      );
      continue;
    }
    const keep = (col: string, value: string | null, existing: string | undefined) =>
      value ?? (columnPresent(col) ? '' : (existing ?? ''));
    const status: AwardStatus = decision ?? current?.status ?? '推薦中';
    resolved.push({
      group: g,
      current,
      groupName: keep('groupName', groupName, current?.groupName),
      nominator: keep('nominator', nominator, current?.nominator),
      status,
      decidedOn: status === '決定' ? (decidedOn ?? current?.decidedOn ?? null) : null,
      recipients: g.lines.map((l) => l.person),
    });
  }

  const outcomes: RowOutcome[] = [];
  const writes: Resolved[] = [];
  for (const r of resolved) {
    const { group: g, current } = r;
    const label = (l: Line) => `${l.person.name}（${g.title}）`;
    if (!current) {
      for (const l of g.lines) outcomes.push({ row: l.row, key: l.person.staffNo, label: label(l), diffs: null });
      writes.push(r);
      continue;
    }
    const fileIds = new Set(r.recipients.map((p) => p.id));
    const awardDiffs = diffs([
      same(current.groupName, r.groupName) ? null : diff('グループ名', current.groupName, r.groupName),
      same(current.nominator, r.nominator) ? null : diff('推薦者', current.nominator, r.nominator),
      diff('状態', current.status, r.status),
      diff('決定日', slash(current.decidedOn), slash(r.decidedOn)),
      ...current.recipients
        .filter((id) => !fileIds.has(id))
        .map((id) => {
          const s = byId.get(id);
          return diff('受賞者から外す', s ? personText(s) : String(id), '');
        }),
    ]);
    const had = new Set(current.recipients);
    let changed = awardDiffs.length > 0;
    g.lines.forEach((l, i) => {
      const d: FieldDiff[] = [
        ...(had.has(l.person.id) ? [] : diffs([diff('受賞者', '', personText(l.person))])),
        ...(i === 0 ? awardDiffs : []),
      ];
      if (d.length > 0) changed = true;
      outcomes.push({ row: l.row, key: l.person.staffNo, label: label(l), diffs: d });
    });
    if (changed) writes.push(r);
  }

  return summarise(read, problems, outcomes, labels, (tx, audit) => {
    const now = new Date().toISOString();
    const items = (a: {
      groupName: string;
      nominator: string;
      status: AwardStatus;
      decidedOn: string | null;
      recipients: readonly string[];
    }) => ({
      グループ: a.groupName,
      推薦者: a.nominator,
      状態: a.status,
      決定日: a.decidedOn,
      受賞者: a.recipients,
    });
    for (const r of writes) {
      const { group: g, current } = r;
      ensureCycle(tx, g.fy);
      const id = saveAward(
        tx,
        {
          id: current?.id ?? null,
          fy: g.fy,
          // A registered award keeps its title as typed on screen; the file matched it.
          title: current?.title ?? g.title,
          category: g.category,
          awardedOn: g.awardedOn,
          groupName: r.groupName,
          nominator: r.nominator,
          status: r.status,
          decidedOn: r.decidedOn,
          revokeReason: null,
          recipients: r.recipients.map((p) => p.id),
        },
        now,
      );
      const head = { 表彰名: current?.title ?? g.title, 区分: g.category, 授与日: g.awardedOn };
      audit.append({
        action: 'award.import',
        entity: 'award',
        entityId: id,
        before: current
          ? {
              ...head,
              ...items({
                ...current,
                recipients: current.recipients.map((sid) => byId.get(sid)?.staffNo ?? String(sid)),
              }),
            }
          : undefined,
        after: { ...head, ...items({ ...r, recipients: r.recipients.map((p) => p.staffNo) }) },
      });
    }
  });
}

/** The year's awards, one row per recipient; revoked awards stay out (they are changed only on screen). */
function awardRows(db: Db, fy: number): CellOut[][] {
  if (!hasCycle(db, fy)) return [];
  const staff = new Map(staffSnapshot(db).map((s) => [s.id, s]));
  return awardsOfYear(db, fy)
    .filter((a) => a.status !== '取消')
    .flatMap((a) =>
      a.recipients
        .flatMap((id) => {
          const s = staff.get(id);
          return s ? [s] : [];
        })
        .sort((x, y) => x.staffNo.localeCompare(y.staffNo))
        .map((s) => [
          fy,
          a.title,
          a.category,
          a.awardedOn,
          s.staffNo,
          a.groupName,
          a.nominator,
          a.status,
          a.decidedOn,
          s.name,
          s.section ?? '',
        ]),
    );
}

/** The 表彰 sheet: export, parse and plan (docs/workbooks.md). */
export const awardsWorkbook: RosterModule = {
  kind: 'awards',
  label: kindLabels.awards,
  parse: (fileName, file) => parseSheetFile('awards', fileName, file),
  plan: (db, parsed, options) => rosterPlan(planAwards(db, parsed.read), parsed.read, options),
  export: (db, fy, sink) =>
    sheetDownload(
      'awards',
      awardRows(db, fy),
      [
        { header: '（参考）氏名', width: 14 },
        { header: '（参考）所属', width: 16 },
      ],
      fy,
      sink,
    ),
};
