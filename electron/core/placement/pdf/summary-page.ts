import type { LabelledText, PlacementSummary, YearResult } from '../../../../shared/api/placement';
import { formatJapaneseDate } from '../../../../shared/dates';
import { fiscalYearLabel, fiscalYearShort } from '../../../../shared/fiscal-year';
import { RANK_CLASS_LABELS } from '../../../../shared/ranking';
import { drawFurniture } from './furniture';
import type { PageFrame } from './furniture';
import { PageOps } from './page-ops';
import { fitBlock, fitList, shareHeight, useStyle, wrapLines } from './text-fit';
import type { TextStyle } from './text-fit';
import { formatCount } from '../../../../shared/numbers';

/*
 * One person's 人事配置資料 on one A4 portrait page (docs/placement.md, "PDF"). Every part has a
 * fixed box; text that does not fit ends with 「…（以下略）」, a list that does not fit ends with
 * 「ほかN件（以下略）」 — nothing is cut silently and nothing runs onto a second page.
 */

export const a4: PageFrame = { width: 595.28, height: 841.89, margin: 36 };

const grey = '#5A6270';
const rule = '#9AA3AE';
const labelFill = '#EEF1F5';
const headFill = '#DCE3EB';
const body: TextStyle = { size: 8.5 };
const bodyGap = 1.5;
const listStep = 13;
/** Space between two labelled texts. */
const entryGap = 3;
const headH = 15;
const gap = 6;
/** The height of 本人の希望; 所属長所見 takes what is left of the page. */
const wishesH = 180;
/** 研修 lists up to seven lines (three years of the usual courses). */
const trainingH = 7 * listStep;

type Box = { x: number; y: number; w: number; h: number };

/** 区分 as printed: 第3区分, 第3区分（取込） for an imported year, — for none. */
export function classLabel(r: YearResult): string {
  if (r.rankClass === null) return '—';
  return `${RANK_CLASS_LABELS[r.rankClass]}${r.source === 'imported' ? '（取込）' : ''}`;
}

export function scoreLabel(score: number | null): string {
  return score === null ? '—' : String(score);
}

/** Year labels (令和7年度, 令和8年度（2026年度）), remembered: Intl's Japanese calendar is slow. */
const yearLabels = new Map<number, { short: string; full: string }>();

function yearLabel(fy: number): { short: string; full: string } {
  let label = yearLabels.get(fy);
  if (label === undefined) {
    label = { short: fiscalYearShort(fy, 'era'), full: fiscalYearLabel(fy) };
    yearLabels.set(fy, label);
  }
  return label;
}

/** Dates as printed, remembered (Intl's Japanese calendar is slow and the same dates recur). */
const dates = new Map<string, string>();

function dateOf(iso: string | null): string {
  if (iso === null) return '—';
  const day = iso.slice(0, 10);
  let label = dates.get(day);
  if (label === undefined) {
    if (dates.size > 20_000) dates.clear();
    label = formatJapaneseDate(day);
    dates.set(day, label);
  }
  return label;
}

function years(n: number | null, word: string): string {
  return n === null ? '' : `（${word}${n}年）`;
}

/** The height pdfkit gives one line of a style (currentLineHeight with the font's gap), remembered. */
const lineHeights = new Map<string, number>();

function lineHeight(doc: PDFKit.PDFDocument, style: TextStyle): number {
  const key = `${style.weight ?? 'regular'} ${style.size}`;
  let h = lineHeights.get(key);
  if (h === undefined) {
    useStyle(doc, style);
    h = doc.currentLineHeight(true);
    lineHeights.set(key, h);
  }
  return h;
}

/** One page's drawing: pdfkit's document for wrapped text, PageOps for the runs and boxes. */
type Page = { doc: PDFKit.PDFDocument; ops: PageOps };

function cellText(pg: Page, text: string, box: Box, style: TextStyle, color = 'black'): void {
  const line = pg.ops.fitLine(text, box.w - 8, style);
  const h = lineHeight(pg.doc, style);
  pg.ops.text(line, box.x + 4, box.y + (box.h - h) / 2, style, color);
}

function labelCell(pg: Page, label: string, box: Box): void {
  pg.ops.rect(box.x, box.y, box.w, box.h, { fill: labelFill, stroke: rule });
  cellText(pg, label, box, { weight: 'bold', size: 8 }, grey);
}

function valueCell(pg: Page, text: string, box: Box, style: TextStyle = body): void {
  pg.ops.rect(box.x, box.y, box.w, box.h, { stroke: rule, lineWidth: 0.5 });
  cellText(pg, text, box, style);
}

/** Draws a wrapped block's lines where pdfkit's text() puts them: left aligned, one under another. */
function drawLines(pg: Page, lines: string[], x: number, y: number, style: TextStyle): void {
  const step = lineHeight(pg.doc, style) + (style.lineGap ?? 0);
  let at = y;
  for (const line of lines) {
    pg.ops.text(line.replace(/\n/gu, ''), x, at, style);
    at += step;
  }
}

/**
 * Wraps text once (wrapLines) and, when it does not fit height, cuts it with 「…（以下略）」
 * (fitBlock) and wraps what is left.
 */
function fitWrapped(
  doc: PDFKit.PDFDocument,
  text: string,
  width: number,
  height: number,
  style: TextStyle,
): { lines: string[]; height: number } {
  useStyle(doc, style);
  const whole = wrapLines(doc, text, width, style.lineGap ?? 0);
  if (whole.height <= height) return whole;
  const cut = fitBlock(doc, text, width, height, style).text;
  useStyle(doc, style);
  return wrapLines(doc, cut, width, style.lineGap ?? 0);
}

/** A multi-line value cell (資格): wrapped, shortened with 「…（以下略）」 when it does not fit. */
function blockCell(pg: Page, text: string, box: Box): void {
  pg.ops.rect(box.x, box.y, box.w, box.h, { stroke: rule, lineWidth: 0.5 });
  const inner = { ...body, lineGap: 0.5 };
  const fitted = fitWrapped(pg.doc, text === '' ? '—' : text, box.w - 8, box.h - 4, inner);
  drawLines(pg, fitted.lines, box.x + 4, box.y + 2, inner);
}

function heading(pg: Page, title: string, x: number, y: number, w: number): number {
  pg.ops.rect(x, y, w, headH, { fill: headFill });
  pg.ops.text(title, x + 5, y + 1.5, { weight: 'bold', size: 9.5 });
  return y + headH + 3;
}

/** One entry per line, at most as many as fit the height (then 「ほかN件（以下略）」). */
function list(pg: Page, entries: string[], box: Box): void {
  if (entries.length === 0) {
    pg.ops.text('（なし）', box.x + 4, box.y, body, grey);
    return;
  }
  const shown = fitList(entries, Math.floor(box.h / listStep));
  shown.forEach((entry, i) => {
    pg.ops.text(pg.ops.fitLine(entry, box.w - 8, body), box.x + 4, box.y + i * listStep, body);
  });
}

/** Labelled texts (wishes, comments): label left, text right, the height shared among them. */
function labelled(pg: Page, items: LabelledText[], box: Box): void {
  const { doc, ops } = pg;
  const present = items.filter((t) => t.text.trim() !== '');
  const labelStyle: TextStyle = { weight: 'bold', size: 8 };
  // The label column as wide as the longest label, within limits (a longer one ends with 「…」).
  const labelW = Math.min(150, Math.max(80, ...present.map((t) => ops.width(t.label, labelStyle) + 12)));
  const textW = box.w - labelW - 8;
  const style = { ...body, lineGap: bodyGap };
  // One line's height, as heightOfString counts it.
  const line = lineHeight(doc, style) + bodyGap;
  if (present.length === 0) {
    ops.text('（記載なし）', box.x + 4, box.y, body, grey);
    return;
  }
  const room = Math.max(1, Math.floor((box.h + entryGap) / (line + entryGap)));
  const kept = present.length <= room ? present : present.slice(0, room - 1);
  const rest = present.length - kept.length;
  const total = box.h - (rest > 0 ? line : 0) - entryGap * (kept.length - 1);
  const texts = kept.map((t) => t.text.trim());
  // Most texts are one short line: measured by width alone and drawn without the line wrapper.
  const single = texts.map((t) => t.length <= 120 && !t.includes('\n') && ops.width(t, style) <= textW);
  // The others are wrapped once: measured from their lines, and drawn from them if they fit.
  const wrapped = texts.map((t, i) => (single[i] ? null : fitWrapped(doc, t, textW, Infinity, style)));
  const needs = texts.map((_, i) => Math.max(line, wrapped[i]?.height ?? line));
  const heights = shareHeight(needs, total);
  let y = box.y;
  kept.forEach((t, i) => {
    const h = Math.max(line, heights[i]!);
    ops.text(ops.fitLine(t.label, labelW - 4, labelStyle), box.x + 4, y + 0.5, labelStyle, grey);
    let used = needs[i]!;
    const block = wrapped[i];
    if (block === null || block === undefined) ops.text(texts[i]!, box.x + labelW, y, style);
    else {
      // Only a text that does not fit its share is measured again, to cut it (text-fit.ts).
      const lines = used > h ? fitWrapped(doc, texts[i]!, textW, h, style) : block;
      used = Math.max(line, lines.height);
      drawLines(pg, lines.lines, box.x + labelW, y, style);
    }
    y += used + entryGap;
  });
  if (rest > 0) ops.text(`ほか${formatCount(rest, '件')}（以下略）`, box.x + 4, y, body, grey);
}

function results(pg: Page, rows: YearResult[], box: Box): void {
  const widths = [box.w * 0.42, box.w * 0.34, box.w * 0.24];
  const heads = ['年度', '区分', '絶対評価点'];
  const rowH = 14;
  const at = (i: number): number => box.x + widths.slice(0, i).reduce((a, b) => a + b, 0);
  heads.forEach((h, i) => labelCell(pg, h, { x: at(i), y: box.y, w: widths[i]!, h: rowH }));
  rows.forEach((r, j) => {
    const y = box.y + rowH * (j + 1);
    const cells = [`${yearLabel(r.fy).short}（${r.fy}）`, classLabel(r), scoreLabel(r.score)];
    cells.forEach((c, i) => valueCell(pg, c, { x: at(i), y, w: widths[i]!, h: rowH }));
  });
  if (rows.some((r) => r.source === 'imported')) {
    pg.ops.text(
      '（取込）: 人事考課結果の取り込みによる年度',
      box.x,
      box.y + rowH * (rows.length + 1) + 2,
      { size: 7 },
      grey,
    );
  }
}

/** Draws the whole page for one person (the page must already exist). */
export function drawSummaryPage(doc: PDFKit.PDFDocument, s: PlacementSummary, printedOn: string): void {
  const { margin } = a4;
  const cw = a4.width - 2 * margin;
  const x0 = margin;
  const pg: Page = { doc, ops: new PageOps(doc) };
  pg.ops.text('人事配置資料', x0, margin - 12, { weight: 'bold', size: 18 });
  pg.ops.text(yearLabel(s.fy).full, x0, margin + 14, { size: 10 });
  const top = drawFurniture(doc, a4, printedOn, 1, 1, pg.ops);
  pg.ops.line(x0, top, x0 + cw, top, rule);

  // The person.
  const p = s.person;
  const lw = 64;
  const vw = cw / 2 - lw;
  const rows: { h: number; cells: [string, string, string, string]; big?: boolean; block?: boolean }[] = [
    { h: 19, cells: ['ふりがな', p.kana, '職員番号', p.staffNo] },
    { h: 24, cells: ['氏名', p.name, '職種', p.jobType], big: true },
    { h: 19, cells: ['所属・担当', `${p.section ?? '—'}・${p.line ?? '—'}`, '雇用区分', p.employment] },
    {
      h: 19,
      cells: [
        '職位・職層',
        `${p.position}・${p.gradeGroup}`,
        '採用日',
        `${dateOf(p.hiredOn)}${years(p.yearsOfService, '在職')}`,
      ],
    },
    {
      h: 30,
      cells: ['資格', p.qualifications, '現所属配属日', `${dateOf(p.postedOn)}${years(p.yearsInPost, '在課')}`],
      block: true,
    },
  ];
  let y = top + 6;
  for (const r of rows) {
    labelCell(pg, r.cells[0], { x: x0, y, w: lw, h: r.h });
    const left = { x: x0 + lw, y, w: vw, h: r.h };
    if (r.block) blockCell(pg, r.cells[1], left);
    else valueCell(pg, r.cells[1], left, r.big ? { weight: 'bold', size: 12 } : body);
    labelCell(pg, r.cells[2], { x: x0 + cw / 2, y, w: lw, h: r.h });
    valueCell(pg, r.cells[3], { x: x0 + cw / 2 + lw, y, w: vw, h: r.h });
    y += r.h;
  }
  y += gap;

  const half = (cw - 10) / 2;
  const right = x0 + half + 10;
  // 異動履歴 | 人事考課
  let cy = heading(pg, '異動履歴', x0, y, half);
  heading(pg, '人事考課（直近3年度）', right, y, half);
  list(
    pg,
    s.transfers.map((t) => `${dateOf(t.onDate)}　${t.from ?? '—'} → ${t.to ?? '—'}`),
    { x: x0, y: cy, w: half, h: 72 },
  );
  results(pg, s.results, { x: right, y: cy, w: half, h: 72 });
  y = cy + 72 + gap;

  cy = heading(pg, '本人の希望（自己申告）', x0, y, cw);
  labelled(pg, s.wishes, { x: x0, y: cy, w: cw, h: wishesH });
  y = cy + wishesH + gap;

  // 表彰 | 庁内公募
  cy = heading(pg, '表彰（直近3年度）', x0, y, half);
  heading(pg, '庁内公募', right, y, half);
  list(
    pg,
    s.awards.map((a) => `${yearLabel(a.fy).short}　${a.title}（${a.category}）　${dateOf(a.awardedOn)}`),
    { x: x0, y: cy, w: half, h: 56 },
  );
  list(
    pg,
    s.applications.map(
      (a) => `${yearLabel(a.fy).short}　［${a.kind}］${a.title}　${a.status}（${dateOf(a.appliedAt)}）`,
    ),
    { x: right, y: cy, w: half, h: 56 },
  );
  y = cy + 56 + gap;

  cy = heading(pg, '研修（直近3年度）', x0, y, cw);
  list(
    pg,
    s.training.map(
      (t) => `${yearLabel(t.fy).short}　${t.title}（${t.category}）　${dateOf(t.attendedOn)}　${t.hours}時間`,
    ),
    { x: x0, y: cy, w: cw, h: trainingH },
  );
  y = cy + trainingH + gap;

  cy = heading(pg, '所属長所見', x0, y, cw);
  const bottom = a4.height - margin - 4;
  labelled(pg, s.comments, { x: x0, y: cy, w: cw, h: bottom - cy });
  pg.ops.flush();
}
