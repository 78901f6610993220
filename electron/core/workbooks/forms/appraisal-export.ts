import ExcelJS from 'exceljs';
import { APPRAISAL_STATUSES } from '../../../../shared/contract';
import type { FileDownload, Parsed } from '../../../../shared/contract';
import { maxPrintForms } from '../../../../shared/contract';
import { fiscalYearLabel } from '../../../../shared/fiscal-year';
import { RANK_CLASSES, RANK_CLASS_LABELS } from '../../../../shared/ranking';
import { AppError } from '../../../../shared/result';
import { minGroupSize, readsAllRankings, seesSmallGroups, withheldLabel } from '../../../../shared/access';
import type { Withheld } from '../../../../shared/access';
import { inlineSink } from '../../api/outbox';
import type { ExportSink } from '../../api/outbox';
import type { Db } from '../../db/connection';
import { confirmationsOf, exclusionsOf } from '../../appraisal/ranking.repo';
import { appendAudit } from '../../system/audit.repo';
import { getMeta } from '../../db/meta.repo';
import { scoreFormat, writeTableBook, writeTableSheet } from '../appraisal-tables';
import type { TableBlock, TableSheet, TableValue } from '../appraisal-tables';
import { sheetNameFor } from '../io/form-sheet';
import { formsBookTo } from '../io/forms-book';
import type { FormSheetOut } from '../io/forms-book';
import type { FormLayout } from '../io/form-sheet';
import { xlsxBuffer } from '../io/workbook';
import { populationsOf, rankPopulationOf } from '../../appraisal/ranking.service';
import { statusTable } from '../../appraisal/status.service';
import type { Population, PopulationRanking as RankedPopulation } from '../../appraisal/ranking.service';
import { yearScores } from '../../appraisal/scores.service';
import type { YearPerson } from '../../appraisal/scores.service';
import { requireCycle } from '../../access/evaluation-access';
import type { Session } from '../../office/office.service';
import { appraisalPrintLayout, appraisalViewAsHr, disclosureLayout } from './appraisal-forms';
import { exportEvaluatorWorkbook } from './appraisal-workbook';

/*
 * 'appraisal:export' (docs/workbooks.md): the 人事考課票 per person, the 人事考課状況一覧, the ranking per
 * population, the distribution that names no one, the 開示 sheets, and an evaluator's workbook.
 * Per-person forms, 開示 sheets and evaluator workbooks are HR's; the personnel office also takes
 * the status table, the distribution and, by the same rule as its ranking screen, the named ranking.
 * For anyone but HR the tables withhold figures of fewer than 3 people (docs/access.md).
 * Each export is audited (who took which people's results out of the database).
 */

function mayExport(session: Session, what: Parsed<'appraisal:export'>['what']): boolean {
  if (session.role === 'hr') return true;
  if (what === 'ranking') return readsAllRankings(session.role);
  return session.role === 'personnel' && (what === 'status' || what === 'distribution');
}

function safeFilePart(s: string): string {
  return s.replace(/[\\/:*?"<>|\s]+/gu, '_');
}

function headerOf(db: Db, fy: number, report: string): string {
  return `${getMeta(db, 'office_name') ?? ''}　${fiscalYearLabel(fy)}　${report}`;
}

const points = (n: number | null): TableValue => (n === null ? null : Number(n.toFixed(2)));

/** The people of a per-person export, in organisation order (the 区長 is appraised by no one here). */
function scopedPeople(db: Db, fy: number, input: Parsed<'appraisal:export'>): YearPerson[] {
  const { people } = yearScores(db, fy);
  if (input.staffNo !== undefined) {
    const one = people.filter((p) => p.staffNo === input.staffNo);
    if (one.length === 0) throw new AppError('NOT_FOUND', `職員番号 ${input.staffNo} の人事考課は見つかりません。`);
    return one;
  }
  if (input.section !== undefined) {
    const list = people.filter((p) => p.section === input.section);
    if (list.length === 0) throw new AppError('NOT_FOUND', `所属「${input.section}」の人事考課は見つかりません。`);
    return list;
  }
  return people;
}

function formsBook(
  db: Db,
  fy: number,
  people: readonly YearPerson[],
  report: string,
  layoutOf: (staffNo: string) => FormLayout,
  out: { sink: ExportSink; fileName: string; done: () => void },
): Promise<FileDownload> {
  if (people.length > maxPrintForms) {
    throw new AppError(
      'VALIDATION',
      `対象が${maxPrintForms.toLocaleString('ja-JP')}人を超えるため、1つのブックには出力できません。所属（課）を選んで出力してください。`,
      'section',
    );
  }
  function* forms(): Generator<FormSheetOut> {
    const taken = new Set<string>();
    for (const p of people) yield { name: sheetNameFor(`${p.staffNo} ${p.name}`, taken), layout: layoutOf(p.staffNo) };
  }
  return formsBookTo(out.sink, {
    fileName: out.fileName,
    header: headerOf(db, fy, report),
    forms: forms(),
    done: out.done,
  });
}

/** An average as the table shows it: withheld ones say so (「—（3人未満）」), never a blank that looks like no data. */
const averageCell = (average: number | null, suppressed: Withheld | null): TableValue =>
  suppressed === 'few' ? withheldLabel : suppressed === 'derivable' ? '—（非表示）' : points(average);

function statusSheet(db: Db, session: Session, fy: number): TableSheet {
  const t = statusTable(db, session, { fy });
  const blocks: TableBlock[] = [];
  for (const g of t.groups) {
    const groupAverage =
      g.suppressed === 'few'
        ? withheldLabel
        : g.suppressed === 'derivable'
          ? '—（非表示）'
          : g.average === null
            ? '－'
            : g.average.toFixed(2);
    blocks.push({
      heading: `${g.gradeGroup}（${g.total}人、評価点あり ${g.scored}人、平均 ${groupAverage}）`,
      columns: ['所属', '人数', '評価点あり', '平均点', ...APPRAISAL_STATUSES],
      formats: [undefined, undefined, undefined, scoreFormat],
      rows: [
        ...g.sections.map((s) => [
          s.section,
          s.total,
          s.scored,
          averageCell(s.average, s.suppressed),
          ...APPRAISAL_STATUSES.map((st) => s.counts[st] ?? 0),
        ]),
        [
          '合計',
          g.total,
          g.scored,
          averageCell(g.average, g.suppressed),
          ...APPRAISAL_STATUSES.map((st) => g.sections.reduce((n, s) => n + (s.counts[st] ?? 0), 0)),
        ],
      ],
    });
  }
  blocks.push({
    heading: '確定した区分の分布',
    columns: ['職層', ...RANK_CLASSES.map((c) => RANK_CLASS_LABELS[c]), '計'],
    rows: t.groups.map((g) => {
      const d = g.distribution;
      return d === null
        ? [g.gradeGroup, ...RANK_CLASSES.map(() => withheldLabel), withheldLabel]
        : [g.gradeGroup, ...RANK_CLASSES.map((c) => d[c]), RANK_CLASSES.reduce((n, c) => n + d[c], 0)];
    }),
  });
  const notes = ['職層ごとの所属別の人数・評価点の平均と、状態ごとの人数です。個人名は載せていません。'];
  if (!seesSmallGroups(session.role)) {
    notes.push(
      `${minGroupSize}人未満から計算される平均点・分布は「${withheldLabel}」、それを逆算できてしまう職層の平均は「—（非表示）」としています。`,
    );
  }
  return {
    name: '人事考課状況一覧',
    title: `${fiscalYearLabel(fy)} 人事考課状況一覧`,
    header: headerOf(db, fy, '人事考課状況一覧'),
    notes,
    widths: [24, 8, 10, 13, ...APPRAISAL_STATUSES.map(() => 9)],
    blocks,
    landscape: true,
  };
}

export type PopulationRanking = Population &
  RankedPopulation & {
    confirmed: { at: string; by: string } | null;
  };

/**
 * The populations' rankings from one reading of the year (yearScores), ranked as the 調整者's
 * screen ranks them: the 調整済 and 確定 appraisals, with the recorded tie decisions. `only` names
 * one population by its key (係員級, 係員級・区民課) or its label (係員級（区全体）).
 */
export function rankingsOfYear(
  db: Db,
  fy: number,
  only?: string,
): { rankings: PopulationRanking[]; shares: readonly number[] } {
  const { people, config } = yearScores(db, fy);
  const all = populationsOf(people, config);
  const chosen = only === undefined ? all : all.filter((p) => p.key === only || p.label === only);
  if (chosen.length === 0) throw new AppError('NOT_FOUND', `母集団「${only ?? ''}」はありません。`, 'population');
  const confirmed = confirmationsOf(db, fy);
  const exclusions = exclusionsOf(db, fy);
  const rankings = chosen.map((pop) => ({
    ...pop,
    ...rankPopulationOf(pop.members, config.distribution, exclusions),
    confirmed: confirmed.get(pop.key) ?? null,
  }));
  return { rankings, shares: config.distribution };
}

function figuresBlock(r: PopulationRanking, shares: readonly number[], withheld = false): TableBlock {
  return {
    heading: '区分ごとの定数と結果',
    columns: ['区分', '割合（%）', '定数', '計算上の人数', '結果', '差'],
    formats: [undefined, undefined, undefined, scoreFormat],
    rows: r.result.figures.map((f) => [
      RANK_CLASS_LABELS[f.class],
      shares[f.class - 1] ?? null,
      f.quota,
      Number(f.exact.toFixed(2)),
      withheld ? withheldLabel : f.placed,
      withheld ? withheldLabel : f.placed - f.quota,
    ]),
  };
}

function populationNotes(r: PopulationRanking): string[] {
  const notes = [
    `母集団: ${r.label} ${r.members.length}人、順位づけの対象（調整済・確定） ${r.ready.length}人`,
    r.confirmed ? `確定: ${r.confirmed.at.slice(0, 10)} ${r.confirmed.by}` : '相対評価は未確定です。',
  ];
  if (r.waiting.length > 0)
    notes.push(`まだ調整済になっていない職員が ${r.waiting.length}人います（順位に含みません）。`);
  if (r.excluded.length > 0)
    notes.push(`相対評価の対象外の職員が ${r.excluded.length}人います（順位の下に「対象外」と理由）。`);
  if (r.result.undecided > 0) {
    notes.push(
      `区分の境界で同点のため区分が決まっていない職員が ${r.result.undecided}人います（同点の欄に「同点」）。`,
    );
  }
  return [...notes, ...r.result.notes];
}

/** The ranking result: one sheet per population, quotas against the result at the top, then everyone ranked. */
export function rankingSheets(
  db: Db,
  fy: number,
  rankings: readonly PopulationRanking[],
  shares: readonly number[],
): (TableSheet & { long: TableBlock })[] {
  const header = headerOf(db, fy, '相対評価の結果');
  const taken = new Set<string>();
  return rankings.map((r) => {
    const byNo = new Map(r.ready.map((p) => [p.staffNo, p]));
    const tied = new Set(r.result.ties.flatMap((t) => t.ids));
    const rows: TableValue[][] = new Array<TableValue[]>(r.result.ranked.length);
    r.result.ranked.forEach((x, i) => {
      const p = byNo.get(x.id);
      rows[i] = [
        x.position,
        x.id,
        p?.name ?? '',
        p?.section ?? '',
        p?.status ?? '',
        points(x.score),
        x.class === null ? '未決定' : RANK_CLASS_LABELS[x.class],
        tied.has(x.id) ? (x.decided ? '同点（調整者が決定）' : '同点') : '',
      ];
    });
    // Those HR took out of the ranking, under the ranked rows, with the reason.
    for (const p of r.excluded) {
      rows.push([null, p.staffNo, p.name, p.section ?? '', p.status, null, '対象外', p.reason]);
    }
    return {
      // The key as the sheet's name (係員級, 係員級・区民課), made unique and short enough for Excel.
      name: sheetNameFor(r.key, taken),
      title: `${fiscalYearLabel(fy)} 相対評価の結果（${r.label}）`,
      header,
      notes: populationNotes(r),
      widths: [8, 12, 18, 24, 10, 12, 12, 20],
      blocks: [figuresBlock(r, shares)],
      long: {
        heading: '全員の順位',
        columns: ['順位', '職員番号', '氏名', '所属', '状態', '絶対評価点', '区分', '同点'],
        formats: [undefined, '@', undefined, undefined, undefined, scoreFormat],
        rows,
      },
    };
  });
}

/**
 * The distribution names no one; as a table meant to be handed on, for anyone but HR it withholds the
 * classes of a population ranked from 1–2 people (docs/access.md).
 */
function distributionSheet(db: Db, session: Session, fy: number): TableSheet {
  const { rankings, shares } = rankingsOfYear(db, fy);
  const few = (r: PopulationRanking) =>
    !seesSmallGroups(session.role) && r.ready.length > 0 && r.ready.length < minGroupSize;
  return {
    name: '区分の分布',
    title: `${fiscalYearLabel(fy)} 相対評価 区分の分布`,
    header: headerOf(db, fy, '区分の分布'),
    notes: ['母集団（職層 × 相対評価の単位）ごとの区分別の人数と定数です。個人名は載せていません。'],
    widths: [14, 10, 8, 12, 8, 8],
    blocks: rankings.map((r) => ({
      ...figuresBlock(r, shares, few(r)),
      heading: `${r.label}: ${r.members.length}人、順位づけの対象 ${r.ready.length}人、${r.confirmed ? '確定済み' : '未確定'}${r.result.undecided > 0 ? `、境界の同点で未決定 ${r.result.undecided}人` : ''}`,
    })),
  };
}

export async function exportAppraisal(
  db: Db,
  session: Session,
  input: Parsed<'appraisal:export'>,
  sink: ExportSink = inlineSink,
): Promise<FileDownload> {
  const xlsx = (fileName: string, buf: Buffer) => sink.bytes(fileName, buf);
  requireCycle(db, input.fy);
  const fy = input.fy;
  if (!mayExport(session, input.what)) {
    throw new AppError('FORBIDDEN', '個人の人事考課の結果を出力できるのは人事担当だけです。');
  }
  const actor = session.actor;
  const audit = (action: string, after: Record<string, unknown>) =>
    appendAudit(db, actor, { action, entity: 'appraisal_export', entityId: null, after: { fy, ...after } });
  const scopeLabel = input.staffNo ?? input.section ?? '全職員';
  switch (input.what) {
    case 'forms': {
      const people = scopedPeople(db, fy, input);
      return formsBook(
        db,
        fy,
        people,
        '人事考課票',
        (no) => appraisalPrintLayout(appraisalViewAsHr(db, actor, fy, no)),
        {
          sink,
          fileName: `人事考課票_${fy}年度_${safeFilePart(scopeLabel)}.xlsx`,
          done: () => audit('appraisal.exportForms', { scope: scopeLabel, forms: people.length }),
        },
      );
    }
    case 'disclosure': {
      const people = scopedPeople(db, fy, input).filter((p) => p.status === '確定');
      if (people.length === 0) {
        throw new AppError(
          'NOT_FOUND',
          '開示できる人事考課がありません。開示シートは、相対評価が確定した（「確定」の）人事考課について出力します。',
        );
      }
      return formsBook(
        db,
        fy,
        people,
        '人事考課結果（開示）',
        (no) => disclosureLayout(appraisalViewAsHr(db, actor, fy, no)),
        {
          sink,
          fileName: `人事考課開示_${fy}年度_${safeFilePart(scopeLabel)}.xlsx`,
          done: () => audit('appraisal.exportDisclosure', { scope: scopeLabel, forms: people.length }),
        },
      );
    }
    case 'status': {
      const wb = new ExcelJS.Workbook();
      wb.creator = 'Kaname';
      writeTableSheet(wb, statusSheet(db, session, fy));
      audit('appraisal.exportStatus', {});
      return xlsx(`人事考課状況一覧_${fy}年度.xlsx`, await xlsxBuffer(wb));
    }
    case 'distribution': {
      const wb = new ExcelJS.Workbook();
      wb.creator = 'Kaname';
      writeTableSheet(wb, distributionSheet(db, session, fy));
      audit('appraisal.exportDistribution', {});
      return xlsx(`区分の分布_${fy}年度.xlsx`, await xlsxBuffer(wb));
    }
    case 'ranking': {
      const { rankings, shares } = rankingsOfYear(db, fy, input.population);
      const scope = input.population === undefined ? '全母集団' : rankings[0]!.key;
      const file = await sink.stream(`相対評価_${fy}年度_${safeFilePart(scope)}.xlsx`, (out) =>
        writeTableBook(rankingSheets(db, fy, rankings, shares), out),
      );
      audit('appraisal.exportRanking', {
        populations: rankings.map((r) => r.key),
        rows: rankings.reduce((n, r) => n + r.ready.length, 0),
      });
      return file;
    }
    case 'evaluator':
      return exportEvaluatorWorkbook(db, actor, fy, input.evaluatorNo ?? '', sink);
  }
}
