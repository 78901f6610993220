import { drawLine, fitLine } from '../../placement/pdf/text-fit';
import { grey } from './layout';

/*
 * The KPI report's charts, drawn with pdfkit's vector shapes (docs/kpi-report.md, "PDF"): a line
 * over the years and horizontal bars, each with the target as a dashed red line. The figures
 * themselves are printed in a table beside every chart (the caller's), so the chart only shows.
 */

export type Box = { x: number; y: number; w: number; h: number };
/** A point or a bar: null is a gap (nothing to measure, or withheld). */
export type Datum = {
  label: string;
  value: number | null;
  /** Its own target (bars of different KPIs). */ target?: number | null;
};

const axis = '#5A6270';
const gridLine = '#D5DAE0';
const barFill = '#4A7AB0';
const targetRed = '#B00020';
const small = { size: 7 } as const;

function niceMax(values: (number | null)[], target: number | null, unit: string): number {
  if (unit === '%') return 100;
  const top = Math.max(1, target ?? 0, ...values.map((v) => v ?? 0));
  const step = 10 ** Math.floor(Math.log10(top));
  return Math.ceil(top / step) * step;
}

function ticks(max: number): number[] {
  return [0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(max * f * 10) / 10);
}

const tickLabel = (v: number, unit: string): string => `${v}${unit === '%' ? '%' : ''}`;

function targetLine(doc: PDFKit.PDFDocument, x1: number, y1: number, x2: number, y2: number): void {
  doc
    .save()
    .lineWidth(1)
    .strokeColor(targetRed)
    .dash(3, { space: 2 })
    .moveTo(x1, y1)
    .lineTo(x2, y2)
    .stroke()
    .undash()
    .restore();
}

/** A line over the years (oldest first), with the target. */
export function lineChart(
  doc: PDFKit.PDFDocument,
  box: Box,
  points: Datum[],
  target: number | null,
  unit: string,
): void {
  const max = niceMax(
    points.map((p) => p.value),
    target,
    unit,
  );
  const plot = { x: box.x + 34, y: box.y + 6, w: box.w - 44, h: box.h - 26 };
  const yOf = (v: number) => plot.y + plot.h - (Math.min(v, max) / max) * plot.h;
  for (const t of ticks(max)) {
    const y = yOf(t);
    doc
      .save()
      .lineWidth(0.5)
      .strokeColor(gridLine)
      .moveTo(plot.x, y)
      .lineTo(plot.x + plot.w, y)
      .stroke()
      .restore();
    doc.fillColor(grey);
    drawLine(doc, tickLabel(t, unit), box.x, y - 4, 30, small, 'right');
  }
  doc
    .save()
    .lineWidth(0.8)
    .strokeColor(axis)
    .moveTo(plot.x, plot.y)
    .lineTo(plot.x, plot.y + plot.h)
    .lineTo(plot.x + plot.w, plot.y + plot.h)
    .stroke()
    .restore();
  const step = plot.w / Math.max(1, points.length);
  const xOf = (i: number) => plot.x + step * (i + 0.5);
  points.forEach((p, i) => {
    doc.fillColor(grey);
    drawLine(doc, fitLine(doc, p.label, step, small), xOf(i) - step / 2, plot.y + plot.h + 4, step, small, 'center');
  });
  if (target !== null) targetLine(doc, plot.x, yOf(target), plot.x + plot.w, yOf(target));
  // The line joins consecutive measured years; a year with nothing to measure leaves a gap.
  doc.save().lineWidth(1.6).strokeColor(barFill);
  let open = false;
  points.forEach((p, i) => {
    if (p.value === null) {
      open = false;
      return;
    }
    if (open) doc.lineTo(xOf(i), yOf(p.value));
    else doc.moveTo(xOf(i), yOf(p.value));
    open = true;
  });
  doc.stroke().restore();
  points.forEach((p, i) => {
    if (p.value === null) return;
    doc.save().fillColor(barFill).circle(xOf(i), yOf(p.value), 2.6).fill().restore();
  });
  doc.fillColor('black');
}

/** Horizontal bars, one per datum, with the target (one for all, or each bar's own). */
export function barChart(doc: PDFKit.PDFDocument, box: Box, bars: Datum[], target: number | null, unit: string): void {
  const labelW = Math.min(96, box.w * 0.38);
  const plot = { x: box.x + labelW + 4, y: box.y, w: box.w - labelW - 8, h: box.h - 14 };
  const max = niceMax(
    bars.map((b) => b.value),
    target,
    unit,
  );
  const xOf = (v: number) => plot.x + (Math.min(v, max) / max) * plot.w;
  for (const t of ticks(max)) {
    const x = xOf(t);
    doc
      .save()
      .lineWidth(0.5)
      .strokeColor(gridLine)
      .moveTo(x, plot.y)
      .lineTo(x, plot.y + plot.h)
      .stroke()
      .restore();
    doc.fillColor(grey);
    drawLine(doc, tickLabel(t, unit), x - 20, plot.y + plot.h + 3, 40, small, 'center');
  }
  const band = plot.h / Math.max(1, bars.length);
  const barH = Math.min(12, band * 0.7);
  bars.forEach((b, i) => {
    const mid = plot.y + band * (i + 0.5);
    doc.fillColor('black');
    drawLine(doc, fitLine(doc, b.label, labelW, small), box.x, mid - 4, labelW, small, 'right');
    if (b.value === null) {
      doc.fillColor(grey);
      drawLine(doc, '—', plot.x + 2, mid - 4, 20, small);
      return;
    }
    doc
      .save()
      .fillColor(barFill)
      .rect(plot.x, mid - barH / 2, Math.max(0.5, xOf(b.value) - plot.x), barH)
      .fill()
      .restore();
  });
  bars.forEach((b, i) => {
    const mid = plot.y + band * (i + 0.5);
    if (b.target !== undefined && b.target !== null)
      targetLine(doc, xOf(b.target), mid - band / 2 + 1, xOf(b.target), mid + band / 2 - 1);
  });
  doc
    .save()
    .lineWidth(0.8)
    .strokeColor(axis)
    .moveTo(plot.x, plot.y)
    .lineTo(plot.x, plot.y + plot.h)
    .stroke()
    .restore();
  if (target !== null) targetLine(doc, xOf(target), plot.y, xOf(target), plot.y + plot.h);
  doc.fillColor('black');
}
