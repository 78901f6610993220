import type { PageRequest } from '../../../shared/api/common';
import type { MeasureRecordRow, MeasuresView, RecordSort } from '../../../shared/api/plan';
import type { Parsed } from '../../../shared/contract';
import { isValidIsoDate } from '../../../shared/dates';
import { fiscalYearOf } from '../../../shared/fiscal-year';
import type { Kpi } from '../../../shared/kpi';
import { MEASURE_UNIT_LABELS, measureApplies, measureStatuses } from '../../../shared/plan';
import { PLAN_KPI_IDS } from '../../../shared/plan-kpi';
import type { MeasureStatus, PlanMeasure } from '../../../shared/plan';
import { AppError } from '../../../shared/result';
import { assertYearWritable } from '../access/closed-year';
import { requireCycle } from '../access/evaluation-access';
import type { Db } from '../db/connection';
import type { Session } from '../office/office.service';
import { lineIds, lineKey, sectionIds } from '../staff/org.repo';
import { staffByNo } from '../staff/staff.repo';
import { appendAudit } from '../system/audit.repo';
import { planYearOf } from './kpi.service';
import {
  allMeasures,
  deleteMeasureRow,
  deleteRecordRow,
  measureById,
  measureIdByCode,
  measureOrg,
  nextMeasureSort,
  peopleOf,
  recordById,
  recordCountOfMeasure,
  recordCountOfYear,
  recordFactsOfYear,
  recordIdAt,
  recordsOfYear,
  recordsPage,
  writeMeasure,
  writeRecord,
} from './measures.repo';
import type { StoredRecord } from './measures.repo';

/*
 * The plan's measures (取組み) and the records of what was done (実施記録): docs/measures.md.
 * HR edits the measures and keeps every record; a section head (課長) keeps the records of their own
 * 課. Everyone else with the screen (人事配置担当, other evaluators) reads.
 */

/** Where every measure stands in a fiscal year; `kpis` are the year's other KPIs (kpisOf) for KPI-tracked measures. */
export function statusesOf(db: Db, fy: number, kpis: readonly Kpi[]): MeasureStatus[] {
  return measureStatuses(fy, allMeasures(db), recordFactsOfYear(db, fy), measureOrg(db), kpis);
}

/** The 課 a caller heads: an evaluator account whose staff record is an active 課長 of a 課 (docs/measures.md#who-records). */
export type SectionHead = { sectionId: number; section: string };

export function sectionHeadOf(db: Db, session: Session): SectionHead | null {
  if (session.role !== 'evaluator' || session.staffNo === null) return null;
  const me = staffByNo(db, session.staffNo);
  if (!me || !me.active || me.position !== '課長' || me.sectionId === null || me.section === null) return null;
  return { sectionId: me.sectionId, section: me.section };
}

function recordScope(db: Db, session: Session): MeasuresView['recordScope'] {
  if (session.role === 'hr') return { kind: 'all' };
  const head = sectionHeadOf(db, session);
  return head ? { kind: 'section', section: head.section } : { kind: 'none' };
}

function toRows(db: Db, records: StoredRecord[]): MeasureRecordRow[] {
  const staff = peopleOf(
    db,
    records.flatMap((r) => r.people),
  );
  return records.map((r) => ({
    id: r.id,
    measureId: r.measureId,
    code: r.code,
    title: r.title,
    fy: r.fy,
    heldOn: r.heldOn,
    section: r.section,
    line: r.line,
    participants: r.participants,
    people: r.people.flatMap((id) => {
      const s = staff.get(id);
      return s ? [s] : [];
    }),
    note: r.note,
    source: r.source,
    createdBy: r.createdBy,
    updatedAt: r.updatedAt,
  }));
}

/** What of the measures view a caller asked for (shared/api/plan.ts `plan:measures`). */
export type MeasuresRequest = {
  fy: number;
  only?: 'measures' | 'records' | undefined;
  measureId?: number | undefined;
  page?: PageRequest<RecordSort> | undefined;
};

function orgView(db: Db): MeasuresView['org'] {
  const org = measureOrg(db);
  return org.sections.map((s) => ({
    section: s.name,
    lines: org.lines.filter((l) => l.sectionId === s.id).map((l) => l.name),
  }));
}

/**
 * `plan:measures`: every measure with where it stands in the year, the year's records with the
 * people named on them, and what the caller may change (HR, 人事配置担当 and evaluators read all of it:
 * the records name who took part in an office event, nothing confidential). At city scale the
 * screen asks for the parts it shows (docs/measures.md "At city scale"): the measures alone, then
 * one page of records at a time; without those options the whole view, as the API always answered.
 */
export function viewMeasures(db: Db, session: Session, input: MeasuresRequest): MeasuresView {
  requireCycle(db, input.fy);
  const { fy, only, page } = input;
  const measureId = input.measureId ?? null;
  const partial = only !== undefined || page !== undefined || measureId !== null;
  const records =
    only === 'measures'
      ? []
      : page
        ? recordsPage(db, fy, measureId, page)
        : recordsOfYear(db, fy).filter((r) => measureId === null || r.measureId === measureId);
  return {
    fy,
    measures: only === 'records' ? [] : planYearOf(db, fy).measures,
    records: toRows(db, records),
    canEditMeasures: session.role === 'hr',
    recordScope: recordScope(db, session),
    org: only === 'records' ? [] : orgView(db),
    ...(partial ? { recordTotal: recordCountOfYear(db, fy, measureId) } : {}),
  };
}

function measureAudit(m: PlanMeasure | null) {
  return (
    m && {
      番号: m.code,
      取組み: m.title,
      柱: `${m.headingNo} ${m.heading}`,
      プラン: m.plan,
      目標: m.targetText,
      目標年度: m.targetFy,
      実施単位: MEASURE_UNIT_LABELS[m.unit],
      年間の必要回数: m.required,
      指標: m.kpiId,
      適用開始年度: m.fromFy,
      適用終了年度: m.toFy,
      使用: m.active,
    }
  );
}

function findMeasure(db: Db, id: number): PlanMeasure {
  const m = measureById(db, id);
  if (!m) throw new AppError('NOT_FOUND', 'この取組みは見つかりません。画面を読み込み直してください。');
  return m;
}

/** `plan:saveMeasure` (HR): adds or edits a measure of a plan. Codes are unique; a KPI-tracked measure names a known KPI. */
export function saveMeasure(db: Db, session: Session, input: Parsed<'plan:saveMeasure'>): MeasuresView {
  db.transaction(() => {
    const m = input.measure;
    const current = m.id === null ? null : findMeasure(db, m.id);
    const other = measureIdByCode(db, m.code);
    if (other !== undefined && other !== m.id) {
      throw new AppError('CONFLICT', `番号「${m.code}」の取組みはすでにあります。別の番号にしてください。`, 'code');
    }
    if (m.fromFy !== null && m.toFy !== null && m.fromFy > m.toFy) {
      throw new AppError(
        'VALIDATION',
        `適用開始年度（${m.fromFy}年度）は適用終了年度（${m.toFy}年度）以前にしてください。`,
        'fromFy',
      );
    }
    const kpiId = m.kpiId === null || m.kpiId === '' ? null : m.kpiId;
    if (kpiId !== null) {
      if (!(PLAN_KPI_IDS as readonly string[]).includes(kpiId)) {
        throw new AppError(
          'VALIDATION',
          `指標「${kpiId}」は Kaname の指標にありません。指標で測らない取組みなら空欄にしてください。`,
          'kpiId',
        );
      }
    }
    const values = {
      plan: m.plan,
      headingNo: m.headingNo,
      heading: m.heading,
      code: m.code,
      title: m.title,
      description: m.description.trim(),
      targetText: m.targetText.trim(),
      targetFy: m.targetFy,
      unit: m.unit,
      required: m.required,
      kpiId,
      fromFy: m.fromFy,
      toFy: m.toFy,
      active: m.active,
      sort: current && current.headingNo === m.headingNo ? current.sort : nextMeasureSort(db, m.headingNo),
    };
    const id = writeMeasure(db, m.id, values, new Date().toISOString());
    appendAudit(db, session.actor, {
      action: current ? 'planMeasure.update' : 'planMeasure.create',
      entity: 'plan_measure',
      entityId: id,
      before: measureAudit(current),
      after: measureAudit(findMeasure(db, id)),
    });
  })();
  // The view is counted after the change is committed, not inside its transaction.
  return viewMeasures(db, session, { fy: input.fy, only: input.only });
}

/** `plan:deleteMeasure` (HR): only a measure without records; one with records is set to 使用しない instead. */
export function deleteMeasure(db: Db, session: Session, input: Parsed<'plan:deleteMeasure'>): MeasuresView {
  db.transaction(() => {
    const m = findMeasure(db, input.id);
    const n = recordCountOfMeasure(db, m.id);
    if (n > 0) {
      throw new AppError(
        'CONFLICT',
        `「${m.title}」には実施記録が${n}件あるため削除できません。今後使わない場合は「使用しない」にしてください（記録は残ります）。`,
      );
    }
    deleteMeasureRow(db, m.id);
    appendAudit(db, session.actor, {
      action: 'planMeasure.delete',
      entity: 'plan_measure',
      entityId: m.id,
      before: measureAudit(m),
    });
  })();
  // The view is counted after the change is committed, not inside its transaction.
  return viewMeasures(db, session, { fy: input.fy, only: input.only });
}

function recordAudit(r: StoredRecord | null, staffNoOf: (id: number) => string) {
  return (
    r && {
      年度: r.fy,
      取組み: r.code,
      実施日: r.heldOn,
      課: r.section,
      担当: r.line,
      参加者数: r.participants,
      参加者: r.people.map(staffNoOf),
      内容: r.note,
      登録元: r.source,
    }
  );
}

function findRecord(db: Db, fy: number, id: number): StoredRecord {
  const r = recordById(db, id);
  if (!r || r.fy !== fy)
    throw new AppError('NOT_FOUND', 'この実施記録は見つかりません。画面を読み込み直してください。');
  return r;
}

/** Refuses a caller who may not keep this record: HR any; a section head only their own 課's. */
function assertRecordScope(db: Db, session: Session, sectionId: number | null): void {
  if (session.role === 'hr') return;
  const head = sectionHeadOf(db, session);
  if (!head) throw new AppError('FORBIDDEN', '実施記録を登録・変更できるのは人事担当と課長です。');
  if (sectionId !== head.sectionId) {
    throw new AppError(
      'FORBIDDEN',
      `課長が登録・変更できるのは自分の課（${head.section}）の実施記録だけです。`,
      'section',
    );
  }
}

/**
 * Checks a record against its measure and the organisation (docs/measures.md#records): the measure
 * exists, is in use, applies to the year and is not measured by a KPI; the unit it asks for is given;
 * the 担当 belongs to the 課; the date falls within the fiscal year; the people exist.
 */
export function checkRecord(
  db: Db,
  fy: number,
  r: {
    measureId: number;
    heldOn: string;
    section: string | null;
    line: string | null;
    participants: number;
    people: readonly string[];
  },
): { measure: PlanMeasure; sectionId: number | null; lineId: number | null; people: number[] } {
  const fail = (message: string, field: string): never => {
    throw new AppError('VALIDATION', message, field);
  };
  const measure = measureById(db, r.measureId);
  if (!measure) throw new AppError('NOT_FOUND', 'この取組みは見つかりません。画面を読み込み直してください。');
  if (!measure.active) fail(`「${measure.title}」は「使用しない」になっているため、記録できません。`, 'measureId');
  if (!measureApplies(measure, fy)) fail(`「${measure.title}」は${fy}年度の取組みではありません。`, 'measureId');
  if (measure.kpiId !== null) {
    fail(
      `「${measure.title}」は指標（研修・地域担当・表彰など）で集計する取組みのため、実施記録は不要です。`,
      'measureId',
    );
  }
  const section = r.section === null || r.section === '' ? null : r.section;
  const line = r.line === null || r.line === '' ? null : r.line;
  let sectionId: number | null = null;
  let lineId: number | null = null;
  if (section !== null) {
    sectionId = sectionIds(db).get(section) ?? null;
    if (sectionId === null) fail(`課「${section}」はありません。`, 'section');
  }
  if (line !== null) {
    if (sectionId === null) fail('担当を指定するときは、その担当の課も指定してください。', 'section');
    lineId = lineIds(db).get(lineKey(sectionId as number, line)) ?? null;
    if (lineId === null) fail(`担当「${line}」は${section}にありません。`, 'line');
  }
  if (measure.unit === 'section' && sectionId === null) {
    fail(`「${measure.title}」は課ごとの取組みです。実施した課を指定してください。`, 'section');
  }
  if (measure.unit === 'line' && lineId === null) {
    fail(`「${measure.title}」は担当ごとの取組みです。実施した担当を指定してください。`, 'line');
  }
  if (!isValidIsoDate(r.heldOn)) fail(`実施日 ${r.heldOn} は正しい日付ではありません。`, 'heldOn');
  if (fiscalYearOf(new Date(`${r.heldOn}T00:00:00`)) !== fy) {
    fail(`実施日は${fy}年度（${fy}年4月1日〜${fy + 1}年3月31日）の日付にしてください。`, 'heldOn');
  }
  const people: number[] = [];
  const seen = new Set<number>();
  for (const no of r.people) {
    const s = staffByNo(db, no);
    if (!s) fail(`職員番号 ${no} の職員は見つかりません。`, 'people');
    else if (!seen.has(s.id)) {
      seen.add(s.id);
      people.push(s.id);
    }
  }
  if (r.participants < people.length) {
    fail(
      `参加者数（${r.participants}人）は、名前で記録した参加者（${people.length}人）以上にしてください。`,
      'participants',
    );
  }
  return { measure, sectionId, lineId, people };
}

/**
 * `plan:saveRecord`: HR any record; a section head (課長) records of their own 課 only — the 課 is
 * theirs and any 担当 one of its own; never the office as a whole, never another 課's record.
 */
export function saveRecord(db: Db, session: Session, input: Parsed<'plan:saveRecord'>): MeasuresView {
  db.transaction(() => {
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, 'plan:saveRecord');
    requireCycle(db, input.fy);
    const current = input.id === null ? null : findRecord(db, input.fy, input.id);
    if (current) assertRecordScope(db, session, current.sectionId);
    const checked = checkRecord(db, input.fy, input);
    assertRecordScope(db, session, checked.sectionId);
    const clash = recordIdAt(db, checked.measure.id, input.heldOn, checked.sectionId, checked.lineId);
    if (clash !== undefined && clash !== input.id) {
      throw new AppError(
        'CONFLICT',
        `「${checked.measure.title}」の${input.heldOn}の記録は、同じ${input.line ?? input.section ?? '区役所全体'}の分がすでにあります。`,
        'heldOn',
      );
    }
    const id = writeRecord(
      db,
      input.id,
      {
        measureId: checked.measure.id,
        fy: input.fy,
        heldOn: input.heldOn,
        sectionId: checked.sectionId,
        lineId: checked.lineId,
        participants: input.participants,
        note: input.note.trim(),
        source: 'app',
        createdBy: current?.createdBy ?? session.actor.label,
        people: checked.people,
      },
      new Date().toISOString(),
    );
    const named = peopleOf(db, [...(current?.people ?? []), ...checked.people]);
    const no = (sid: number) => named.get(sid)?.staffNo ?? String(sid);
    appendAudit(db, session.actor, {
      action: current ? 'measureRecord.update' : 'measureRecord.create',
      entity: 'measure_record',
      entityId: id,
      before: recordAudit(current, no),
      after: recordAudit(findRecord(db, input.fy, id), no),
    });
  })();
  // The view is counted after the change is committed, not inside its transaction.
  return viewMeasures(db, session, { fy: input.fy, only: input.only });
}

/** `plan:deleteRecord`: the same scope as saving it. */
export function deleteRecord(db: Db, session: Session, input: Parsed<'plan:deleteRecord'>): MeasuresView {
  db.transaction(() => {
    assertYearWritable(db, session, input.fy, input.confirmClosedYear, 'plan:deleteRecord');
    const current = findRecord(db, input.fy, input.id);
    assertRecordScope(db, session, current.sectionId);
    deleteRecordRow(db, current.id);
    const named = peopleOf(db, current.people);
    appendAudit(db, session.actor, {
      action: 'measureRecord.delete',
      entity: 'measure_record',
      entityId: current.id,
      before: recordAudit(current, (sid) => named.get(sid)?.staffNo ?? String(sid)),
    });
  })();
  // The view is counted after the change is committed, not inside its transaction.
  return viewMeasures(db, session, { fy: input.fy, only: input.only });
}
