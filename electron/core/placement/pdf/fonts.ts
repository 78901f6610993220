import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/*
 * The Japanese fonts of the placement PDFs (docs/placement.md, "PDF"): Noto Sans JP Regular and Bold
 * from the @expo-google-fonts/noto-sans-jp package, found with require.resolve at run time so the
 * same code works from the TypeScript sources, the CLI bundle (where the package stays in
 * node_modules) and the packaged app (inside app.asar, which Electron's fs reads). pdfkit embeds
 * each as a subset of the glyphs used.
 */

export const fontFiles = {
  regular: '@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf',
} as const;

export type FontWeight = keyof typeof fontFiles;

/** The names the fonts are registered under in every document. */
export const fontName: Record<FontWeight, string> = { regular: 'jp', bold: 'jp-bold' };

function moduleFile(): string {
  // __filename in CommonJS bundles, under tsx and under Vitest; a file in the working directory otherwise.
  return typeof __filename === 'string' ? __filename : path.join(process.cwd(), 'index.js');
}

const cache = new Map<FontWeight, Buffer>();

/** The TTF of a weight, read once per process (about 5 MB each). */
export function fontData(weight: FontWeight): Buffer {
  const hit = cache.get(weight);
  if (hit) return hit;
  const file = createRequire(moduleFile()).resolve(fontFiles[weight]);
  const data = fs.readFileSync(file);
  cache.set(weight, data);
  return data;
}

/** Registers both weights on a document (pdfkit parses each once per document). */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  doc.registerFont(fontName.regular, fontData('regular'));
  doc.registerFont(fontName.bold, fontData('bold'));
}
