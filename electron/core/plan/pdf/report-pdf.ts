import { minGroupSize, withheldLabel } from '../../../../shared/access';
import type { PlanDashboard } from '../../../../shared/api/plan';
import { formatJapaneseDate } from '../../../../shared/dates';
import { fiscalYearLabel } from '../../../../shared/fiscal-year';
import { HEADLINE_KPI_ID } from '../../../../shared/plan-kpi';
import { newDocument } from '../../placement/pdf/render';
import { drawLine, fitLine } from '../../placement/pdf/text-fit';
import {
  figureLabel,
  headlineTarget,
  kpiFigure,
  kpiLines,
  measureCells,
  measureColumns,
  measureGroups,
  measureTally,
  otherTables,
  shareCells,
  targetLabel,
  verdictLabel,
  yearHeader,
} from '../report-content';
import type { ReportCell } from '../report-content';
import { barChart, lineChart } from './charts';
import { contentWidth, drawTable, Flow, left } from './layout';
import type { Column, Row } from './layout';
import { formatCount } from '../../../../shared/numbers';

/*
 * The KPI report as a PDF (docs/kpi-report.md, "PDF"), made in the core with pdfkit and the
 * placement PDFs' fonts and text fitting (electron/core/placement/pdf/): A4 portrait, the year on
 * the first page, the KPI table of three years, charts drawn as vector shapes each with its figures
 * in a table beside it, the per-課 shares (取扱注意), the measures, and the other figures. Real text
 * in an embedded Noto Sans JP subset: selectable and searchable.
 */

const title = '職員育成基本プラン KPI報告書';

const cellText = (v: ReportCell): string => (v === null ? '' : String(v));

function titlePage(flow: Flow, d: PlanDashboard, printedOn: string): void {
  const { doc } = flow;
  flow.section(false);
  flow.y += 20;
  drawLine(doc, title, left, flow.y, contentWidth, { weight: 'bold', size: 20 }, 'center');
  flow.y += 34;
  drawLine(doc, fiscalYearLabel(d.fy), left, flow.y, contentWidth, { weight: 'bold', size: 15 }, 'center');
  flow.y += 24;
  drawLine(
    doc,
    `取組み報告会 資料　${formatJapaneseDate(printedOn)}`,
    left,
    flow.y,
    contentWidth,
    { size: 10 },
    'center',
  );
  flow.y += 34;
  const lines = kpiLines(d);
  const met = lines.filter((l) => l.met === true).length;
  const unmet = lines.filter((l) => l.met === false).length;
  const t = measureTally(d);
  flow.paragraph(
    `${yearHeader(d.fy)}の指標 ${formatCount(lines.length, '件')}のうち、目標を達成 ${formatCount(met, '件')}・未達 ${formatCount(unmet, '件')}` +
      `（目標のない指標と測れない指標 ${formatCount(lines.length - met - unmet, '件')}）。` +
      `プランの取組みは 達成 ${t.met}件・未達 ${t.unmet}件・判定なし ${t.open}件・対象外 ${t.notApplying}件。`,
    { size: 10 },
  );
}

function kpiTable(flow: Flow, d: PlanDashboard): void {
  flow.heading('1 目標一覧（3年度）');
  flow.paragraph(
    `割合は小数第1位まで（括弧内は数えた人数／対象の人数）。達成は${yearHeader(d.fy)}の実績と目標の比較。`,
    {
      size: 8,
    },
  );
  // Wide enough for 「100.0%（197/197）」 on one line.
  const yearW = 84;
  const cols: Column[] = [
    { header: '指標', width: contentWidth - 52 - 40 - yearW * d.years.length },
    { header: '目標', width: 52, align: 'center' },
    ...d.years.map((y): Column => ({ header: yearHeader(y.fy), width: yearW, align: 'right' })),
    { header: '達成', width: 40, align: 'center' },
  ];
  const rows: Row[] = kpiLines(d).map((l) => ({
    cells: [l.label, targetLabel(l.target, l.unit), ...l.years.map(kpiFigure), verdictLabel(l.met)],
  }));
  drawTable(flow, cols, rows);
}

function charts(flow: Flow, d: PlanDashboard): void {
  const { doc } = flow;
  flow.section(false);
  flow.heading('2 グラフ');
  const headline = kpiLines(d).find((l) => l.id === HEADLINE_KPI_ID);
  if (headline) {
    flow.heading(`${headline.label}の推移`, 10);
    const h = 170;
    flow.need(h);
    const y = flow.y;
    lineChart(
      doc,
      { x: left, y, w: 300, h },
      d.years.map((yr, i) => ({ label: yearHeader(yr.fy), value: headline.years[i]?.value ?? null })),
      headline.target,
      headline.unit,
    );
    drawTable(
      flow,
      [
        { header: '年度', width: 64 },
        { header: '実績', width: 99, align: 'right' },
        { header: '達成', width: 50, align: 'center' },
      ],
      d.years.map((yr, i) => ({
        cells: [yearHeader(yr.fy), kpiFigure(headline.years[i]), verdictLabel(headline.years[i]?.met ?? null)],
      })),
      left + 310,
    );
    flow.y = Math.max(flow.y, y + h + 12);
  }
  const shares = kpiLines(d).filter((l) => l.unit === '%');
  if (shares.length > 0) {
    flow.heading(`割合の指標と目標（${yearHeader(d.fy)}、赤の破線が目標）`, 10);
    const h = Math.max(80, shares.length * 22 + 14);
    flow.need(h);
    const y = flow.y;
    const last = d.years.length - 1;
    barChart(
      doc,
      { x: left, y, w: 300, h },
      shares.map((l) => ({ label: l.label, value: l.years[last]?.value ?? null, target: l.target })),
      null,
      '%',
    );
    drawTable(
      flow,
      [
        { header: '指標', width: 100 },
        { header: '実績', width: 55, align: 'right' },
        { header: '目標', width: 58, align: 'center' },
      ],
      shares.map((l) => ({
        cells: [l.label, figureLabel(l.years[last]?.value ?? null, '%'), targetLabel(l.target, l.unit)],
      })),
      left + 310,
    );
    flow.y = Math.max(flow.y, y + h + 12);
  }
}

function sections(flow: Flow, d: PlanDashboard): void {
  const { doc } = flow;
  flow.section(true);
  flow.heading(`3 課別 仕事に意義を感じる職員の割合（${yearHeader(d.fy)}）`);
  const target = headlineTarget(d);
  flow.paragraph(
    `自己申告の「意義」で4・5と答えた職員の割合。目標 ${target === null ? '—' : `${target}%以上`}（赤の破線）。` +
      `回答が${minGroupSize}人未満の課は「${withheldLabel}」として数値を伏せています。`,
    { size: 8.5 },
  );
  const rows = d.meaningfulBySection;
  if (rows.length === 0) {
    flow.paragraph('この年度の回答はありません。');
    return;
  }
  const h = Math.min(flow.room - 10, Math.max(80, rows.length * 16 + 14));
  const y = flow.y;
  barChart(
    doc,
    { x: left, y, w: 290, h },
    rows.map((r) => ({ label: r.label, value: r.withheld ? null : r.value })),
    target,
    '%',
  );
  drawTable(
    flow,
    [
      { header: '課', width: 75 },
      { header: '回答数', width: 36, align: 'right' },
      { header: '4・5', width: 36, align: 'right' },
      { header: '割合', width: 48, align: 'right' },
      { header: '達成', width: 33, align: 'center' },
    ],
    rows.map((r) => {
      const [label, den, num, value, verdict] = shareCells(r);
      const pct = typeof value === 'number' ? `${value.toFixed(1)}%` : value === null ? '—' : value;
      return { cells: [label, cellText(den), cellText(num), pct, verdict] };
    }),
    left + 295,
  );
  flow.y = Math.max(flow.y, y + h + 12);
}

function measures(flow: Flow, d: PlanDashboard): void {
  flow.section(false);
  flow.heading(`4 取組みの実施状況（${yearHeader(d.fy)}）`);
  const t = measureTally(d);
  flow.paragraph(`達成 ${t.met}件・未達 ${t.unmet}件・判定なし ${t.open}件・対象外 ${t.notApplying}件`, { size: 9 });
  const widths = [34, 150, 140, 48, 106, 45];
  const cols: Column[] = measureColumns.map((header, i) => ({
    header,
    width: widths[i]!,
    align: i === 0 || i === 3 || i === 5 ? 'center' : 'left',
  }));
  const rows: Row[] = measureGroups(d).flatMap((g): Row[] => [
    { group: g.heading },
    ...g.measures.map((m) => ({ cells: measureCells(m) })),
  ]);
  drawTable(flow, cols, rows);
}

function others(flow: Flow, d: PlanDashboard): void {
  flow.section(true);
  flow.heading(`5 表彰・地域担当・区分・進捗（${yearHeader(d.fy)}）`);
  for (const t of otherTables(d)) {
    flow.heading(t.heading, 10);
    const first = t.columns.length > 4 ? 120 : 190;
    const rest = Math.floor(Math.min(80, (contentWidth - first) / Math.max(1, t.columns.length - 1)));
    const cols: Column[] = t.columns.map((header, i) => ({
      header,
      width: i === 0 ? first : rest,
      align: i === 0 ? 'left' : 'right',
    }));
    const rows: Row[] = t.rows.length === 0 ? [{ cells: ['なし'] }] : t.rows.map((r) => ({ cells: r.map(cellText) }));
    drawTable(flow, cols, rows);
  }
}

/** The report as one PDF in memory: its bytes and its page count. */
export async function kpiReportPdf(
  d: PlanDashboard,
  opts: { printedOn: string },
): Promise<{ data: Buffer; pages: number }> {
  const doc = await newDocument(`KPI報告書 ${fiscalYearLabel(d.fy)}`, { bufferPages: true });
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.once('end', resolve);
    doc.once('error', reject);
  });
  const flow = new Flow(doc, fitLine(doc, `${title} ${fiscalYearLabel(d.fy)}`, 300, { size: 8.5 }));
  titlePage(flow, d, opts.printedOn);
  kpiTable(flow, d);
  charts(flow, d);
  sections(flow, d);
  measures(flow, d);
  others(flow, d);
  const pages = flow.finish(opts.printedOn);
  doc.end();
  await done;
  return { data: Buffer.concat(chunks), pages };
}
