import { once } from 'node:events';
import { Writable } from 'node:stream';
import type { PlacementRow, PlacementSummary } from '../../../../shared/api/placement';
import { registerFonts } from './fonts';
import { drawSectionList } from './section-list';
import { drawSummaryPage } from './summary-page';

/*
 * The placement PDFs (docs/placement.md, "PDF"), made in the core with pdfkit — no Electron, no
 * browser — so the app's preview, its printer, 「PDFとして保存」 and the CLI get the same file.
 * Noto Sans JP is embedded as a subset; the text is real text (selectable, searchable).
 * writeSummariesPdf streams: each page is written out as soon as it is drawn, and drawing waits
 * while the output lags, so memory stays bounded at any number of people (tests/bench/placement.bench.ts).
 */

export type PdfOptions = { printedOn: string };

/** Bytes of finished pages that may wait for a slow output before drawing pauses. */
const highWater = 1024 * 1024;

/**
 * pdfkit, loaded on the first PDF: it costs a few hundred milliseconds to load, which neither the
 * app's start nor every `kaname` command should pay (the core's handlers import this module).
 */
async function pdfkit(): Promise<typeof import('pdfkit')> {
  return (await import('pdfkit')).default;
}

/**
 * A Kaname PDF with its fonts registered (the placement summaries, the KPI report). `bufferPages`
 * keeps every page open for a footer written at the end (page n / N); streamed summaries do not.
 */
export async function newDocument(title: string, opts: { bufferPages?: boolean } = {}): Promise<PDFKit.PDFDocument> {
  const PDFDocument = await pdfkit();
  const doc = new PDFDocument({
    autoFirstPage: false,
    margin: 0,
    lang: 'ja-JP',
    displayTitle: true,
    bufferPages: opts.bufferPages ?? false,
    info: { Title: title, Creator: 'Kaname', Producer: 'Kaname (pdfkit)' },
  });
  registerFonts(doc);
  return doc;
}

/** Pages after which the fonts' layout caches are emptied. */
const layoutCachePages = 500;

/**
 * Empties pdfkit's per-font layout cache: it keeps every distinct line ever laid out (each with
 * its glyphs), so over tens of thousands of people it would grow with the print. Single characters
 * and labels are laid out again within a page or two; what is dropped is the one-off lines.
 */
function forgetLayouts(doc: PDFKit.PDFDocument): void {
  const families = (doc as unknown as { _fontFamilies?: Record<string, { layoutCache?: object }> })._fontFamilies;
  for (const font of Object.values(families ?? {})) {
    if (font.layoutCache) font.layoutCache = Object.create(null) as object;
  }
}

/** Waits while finished pages pile up ahead of the output. */
async function breathe(doc: PDFKit.PDFDocument, out: Writable): Promise<void> {
  while (doc.readableLength > highWater) {
    if (out.writableNeedDrain) await once(out, 'drain');
    else await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Pipes the document to out; resolves when out has everything. */
function finished(doc: PDFKit.PDFDocument, out: Writable): Promise<void> {
  const done = new Promise<void>((resolve, reject) => {
    out.once('finish', resolve);
    out.once('error', reject);
    doc.once('error', reject);
  });
  doc.pipe(out);
  return done;
}

/** A page count check: a layout that ran onto an extra page is a bug, never a silent second page. */
function pageCounter(doc: PDFKit.PDFDocument): () => number {
  let added = 0;
  doc.on('pageAdded', () => {
    added += 1;
  });
  return () => added;
}

/**
 * Writes one A4 page per person to out, page by page, and ends out. The summaries may be produced
 * lazily (an iterator over a database cursor), so neither side holds them all.
 */
export async function writeSummariesPdf(
  summaries: Iterable<PlacementSummary> | AsyncIterable<PlacementSummary>,
  out: Writable,
  opts: PdfOptions,
): Promise<{ pages: number }> {
  const doc = await newDocument('人事配置資料');
  const done = finished(doc, out);
  const added = pageCounter(doc);
  let pages = 0;
  try {
    for await (const s of summaries) {
      doc.addPage({ size: 'A4', layout: 'portrait', margin: 0 });
      drawSummaryPage(doc, s, opts.printedOn);
      pages += 1;
      if (added() !== pages) throw new Error(`placement summary ran onto a second page (page ${pages})`);
      if (pages % layoutCachePages === 0) forgetLayouts(doc);
      await breathe(doc, out);
    }
    if (pages === 0) throw new Error('no placement summaries to write');
  } catch (e) {
    // The output is abandoned: its own error (from destroy) is this one, already thrown.
    done.catch(() => undefined);
    doc.unpipe(out);
    out.destroy();
    throw e;
  }
  doc.end();
  await done;
  return { pages };
}

/** A Writable that keeps what it is given. */
function collector(): { out: Writable; data: () => Buffer } {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk);
      cb();
    },
  });
  return { out, data: () => Buffer.concat(chunks) };
}

/** The summaries as one PDF in memory (the app's preview, print and save). */
export async function renderSummariesPdf(
  summaries: PlacementSummary[],
  opts: PdfOptions,
): Promise<{ data: Buffer; pages: number }> {
  const { out, data } = collector();
  const { pages } = await writeSummariesPdf(summaries, out, opts);
  return { data: data(), pages };
}

/** A section's list on A3 landscape, numbered over its own pages. */
export async function renderSectionListPdf(
  fy: number,
  section: string,
  rows: PlacementRow[],
  opts: PdfOptions,
): Promise<{ data: Buffer; pages: number }> {
  const { out, data } = collector();
  const doc = await newDocument(`所属別一覧 ${section}`);
  const done = finished(doc, out);
  const added = pageCounter(doc);
  doc.addPage({ size: 'A3', layout: 'landscape', margin: 0 });
  const pages = drawSectionList(doc, fy, section, rows, opts.printedOn);
  if (added() !== pages) throw new Error(`section list drew ${added()} pages, expected ${pages}`);
  doc.end();
  await done;
  return { data: data(), pages };
}
