import type { PDFDocumentProxy, RenderTask } from 'pdfjs-dist';

/*
 * pdf.js, loaded the first time a preview opens so the shell stays light. The worker is a file of
 * our own build (Vite's `?url`), so the CSP's 'self' admits it; eval stays off (docs/electron-security.md).
 */
type PdfJs = typeof import('pdfjs-dist');
let loading: Promise<PdfJs> | null = null;

function pdfjs(): Promise<PdfJs> {
  loading ??= Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]).then(
    ([lib, worker]) => {
      lib.GlobalWorkerOptions.workerSrc = worker.default;
      return lib;
    },
    (e: unknown) => {
      // A failed load (e.g. the app was updated underneath) may be tried again.
      loading = null;
      throw e;
    },
  );
  return loading;
}

/** Opens a PDF held in memory. pdf.js takes its bytes to the worker, so it gets a copy. */
export async function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  const lib = await pdfjs();
  return lib.getDocument({ data: bytes.slice(), isEvalSupported: false }).promise;
}

/** A page's size in PDF points (1/72 inch). */
export async function pageSize(doc: PDFDocumentProxy, pageNo: number): Promise<{ width: number; height: number }> {
  const page = await doc.getPage(pageNo);
  const { width, height } = page.getViewport({ scale: 1 });
  return { width, height };
}

/** Draws one page onto a canvas `cssWidth` pixels wide (sharp on high-density screens); cancel() stops it. */
export function drawPage(
  doc: PDFDocumentProxy,
  pageNo: number,
  canvas: HTMLCanvasElement,
  cssWidth: number,
): { done: Promise<void>; cancel: () => void } {
  let task: RenderTask | null = null;
  let cancelled = false;
  const done = (async () => {
    const page = await doc.getPage(pageNo);
    if (cancelled) return;
    const base = page.getViewport({ scale: 1 });
    const viewport = page.getViewport({ scale: (cssWidth / base.width) * (window.devicePixelRatio || 1) });
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    task = page.render({ canvas, viewport });
    await task.promise;
  })();
  return {
    done,
    cancel: () => {
      cancelled = true;
      task?.cancel();
    },
  };
}

/** Print resolution: sharp text on paper, and an A3 page stays about 10 MB while it is drawn. */
const printDpi = 200;
const printRootId = 'kaname-print';
const mmPerPoint = 25.4 / 72;

function removePrintRoot(): void {
  document.getElementById(printRootId)?.remove();
  document.getElementById(`${printRootId}-style`)?.remove();
}

function blobToDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(blob);
  });
}

/**
 * Prints the PDF through the window's own print dialog (window.print), one sheet per PDF page.
 * The pages are drawn by pdf.js at 200 dpi into images that only the print media shows; the app
 * itself is hidden from the printout. (Printing the PDF in a frame would need the PDF viewer, which
 * the Electron window does not load, and frames are refused there: docs/electron-security.md.)
 */
export async function printPdf(
  doc: PDFDocumentProxy,
  onProgress: (done: number, total: number) => void,
  isCancelled: () => boolean,
): Promise<boolean> {
  removePrintRoot();
  const size = await pageSize(doc, 1);
  const widthMm = Math.round(size.width * mmPerPoint);
  const heightMm = Math.round(size.height * mmPerPoint);
  const canvas = document.createElement('canvas');
  const urls: string[] = [];
  try {
    for (let n = 1; n <= doc.numPages; n += 1) {
      if (isCancelled()) return false;
      onProgress(n - 1, doc.numPages);
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale: printDpi / 72 });
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      await page.render({ canvas, viewport, intent: 'print' }).promise;
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
      if (!blob) throw new Error('page image failed');
      urls.push(await blobToDataUrl(blob));
    }
  } finally {
    // Frees the canvas's memory now rather than when it is collected.
    canvas.width = 0;
    canvas.height = 0;
  }
  if (isCancelled()) return false;
  onProgress(doc.numPages, doc.numPages);

  const style = document.createElement('style');
  style.id = `${printRootId}-style`;
  style.textContent = `
@media screen { #${printRootId} { display: none; } }
@media print {
  @page { size: ${widthMm}mm ${heightMm}mm; margin: 0; }
  html, body { margin: 0 !important; padding: 0 !important; height: auto !important; overflow: visible !important; background: #fff !important; }
  body > *:not(#${printRootId}) { display: none !important; }
  #${printRootId} > div { width: ${widthMm}mm; height: ${heightMm}mm; overflow: hidden; break-after: page; }
  #${printRootId} > div:last-child { break-after: auto; }
  #${printRootId} img { display: block; width: 100%; height: 100%; }
}`;
  const root = document.createElement('div');
  root.id = printRootId;
  root.dataset.testid = 'print-pages';
  for (const url of urls) {
    const sheet = document.createElement('div');
    const img = document.createElement('img');
    img.alt = '';
    img.src = url;
    sheet.appendChild(img);
    root.appendChild(sheet);
  }
  document.head.appendChild(style);
  document.body.appendChild(root);
  await Promise.all([...root.querySelectorAll('img')].map((img) => img.decode()));
  // Cleared when the dialog closes (window.print may return before that in Electron).
  window.addEventListener('afterprint', removePrintRoot, { once: true });
  window.print();
  return true;
}
