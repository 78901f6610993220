import type ExcelJS from 'exceljs';

/*
 * How a sheet falls onto A4 pages (docs/workbooks.md, "Printing"). Every row Kaname prints has an
 * explicit height, so the pages can be planned here rather than left to the office suite:
 * - a form that fits one page at a readable scale is printed fit to one page (Excel and Calc then
 *   scale it themselves);
 * - a longer one is printed one page wide (Excel and Calc honour manual breaks then, unlike with a
 *   fixed page count) and cut by manual row breaks at block boundaries (a section heading with what
 *   follows it), each page planned to hold its blocks at 100% — an office suite whose fonts make
 *   the columns wider only scales the pages down, so they still hold.
 * The planned page count is printed in the footer (「1 / 2」): Calc's &N counts every page of the
 * workbook, and each sheet starts at page 1 (firstPageNumber), so each person is numbered alone.
 */

const pointsPerInch = 72;
/** A4 in points. */
const a4 = { width: 595.3, height: 841.9 } as const;
/** The margins every print uses, in inches (Excel's narrow margins, the header and footer inside them). */
export const printMargins = { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.25, footer: 0.25 } as const;
/** What a page may be filled to: row heights are exact, but Calc and Excel round scales and widths. */
const safety = 0.95;
/** Below this scale a one-page form is no longer comfortable to read: it gets two pages instead. */
export const minOnePageScale = 0.62;

/** The printable area of an A4 page in points. */
export function printableArea(landscape: boolean): { width: number; height: number } {
  const w = landscape ? a4.height : a4.width;
  const h = landscape ? a4.width : a4.height;
  return {
    width: (w - (printMargins.left + printMargins.right) * pointsPerInch) * safety,
    height: (h - (printMargins.top + printMargins.bottom) * pointsPerInch) * safety,
  };
}

/** A column width in Excel's character units as points (Calibri 11, the workbook's default font: 7 px a digit). */
export function columnPoints(width: number): number {
  return Math.trunc(width * 7 + 5) * 0.75;
}

export type PrintPlan = { kind: 'fit'; pages: 1 } | { kind: 'paged'; pages: number; breaks: number[] };

export type PlanInput = {
  /** Height in points of rows 1…n (index 0 is row 1). */
  heights: readonly number[];
  /** Total width of the printed columns in points. */
  width: number;
  /** Rows a page may start at (1-based): the first row of each block. */
  starts: readonly number[];
  landscape?: boolean;
};

type Block = { first: number; last: number; height: number };

function blocksOf(input: PlanInput): Block[] {
  const n = input.heights.length;
  const starts = [...new Set([1, ...input.starts.filter((r) => r > 1 && r <= n)])].sort((a, b) => a - b);
  return starts.map((first, i) => {
    const last = (starts[i + 1] ?? n + 1) - 1;
    let height = 0;
    for (let r = first; r <= last; r++) height += input.heights[r - 1] ?? 0;
    return { first, last, height };
  });
}

/** Pages of blocks at a scale: a block starts a new page when it does not fit; a block taller than a page is cut by rows. */
function pack(input: PlanInput, blocks: Block[], capacity: number): number[] {
  const breaks: number[] = [];
  let used = 0;
  for (const b of blocks) {
    if (used > 0 && used + b.height > capacity) {
      breaks.push(b.first - 1);
      used = 0;
    }
    if (b.height <= capacity) {
      used += b.height;
      continue;
    }
    for (let r = b.first; r <= b.last; r++) {
      const h = input.heights[r - 1] ?? 0;
      if (used > 0 && used + h > capacity) {
        breaks.push(r - 1);
        used = 0;
      }
      used += h;
    }
  }
  return breaks;
}

/** The pages of a form (or any sheet of explicit row heights): see the comment at the top. */
export function planPages(input: PlanInput): PrintPlan {
  const area = printableArea(input.landscape ?? false);
  const total = input.heights.reduce((a, b) => a + b, 0);
  const widthScale = Math.min(1, area.width / Math.max(1, input.width));
  if (Math.min(widthScale, area.height / Math.max(1, total)) >= minOnePageScale) return { kind: 'fit', pages: 1 };
  // A page holds this much at the scale the width allows.
  const capacity = area.height / widthScale;
  const blocks = blocksOf(input);
  // Two pages when they hold it: cut where the taller half is shortest.
  let best: { at: number; tallest: number } | null = null;
  let above = 0;
  for (const b of blocks.slice(0, -1)) {
    above += b.height;
    const tallest = Math.max(above, total - above);
    if (best === null || tallest < best.tallest) best = { at: b.last, tallest };
  }
  if (best !== null && best.tallest <= capacity) return { kind: 'paged', pages: 2, breaks: [best.at] };
  const breaks = pack(input, blocks, capacity);
  return { kind: 'paged', pages: breaks.length + 1, breaks };
}

type Breakable = { rowBreaks: { id: number; max: number; man: number }[] };

/** A manual page break after `row` (in memory and streamed worksheets alike). */
export function addRowBreak(ws: ExcelJS.Worksheet, row: number): void {
  (ws as unknown as Breakable).rowBreaks.push({ id: row, max: 16383, man: 1 });
}

/**
 * The page setup of a planned sheet: A4, the plan's fit or scale and breaks, each sheet numbered from
 * page 1, and the footer's 「page / pages」 with the planned count.
 */
export function applyPlan(
  ws: ExcelJS.Worksheet,
  plan: PrintPlan,
  options: { landscape?: boolean; footerLeft: string },
): void {
  const base: Partial<ExcelJS.PageSetup> = {
    ...ws.pageSetup,
    paperSize: 9,
    orientation: options.landscape ? 'landscape' : 'portrait',
    horizontalCentered: true,
    firstPageNumber: 1,
    margins: { ...printMargins },
  };
  // One page: fit to it. More: one page wide, as tall as the manual breaks make it.
  ws.pageSetup = {
    ...base,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: plan.kind === 'fit' ? 1 : 0,
  };
  if (plan.kind === 'paged') for (const row of plan.breaks) addRowBreak(ws, row);
  ws.headerFooter = { ...ws.headerFooter, oddFooter: `&L${options.footerLeft}&R&P / ${plan.pages}` };
}
