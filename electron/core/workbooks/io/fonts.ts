import type ExcelJS from 'exceljs';

/*
 * The one font of every workbook Kaname writes (docs/workbooks.md, "Printing"). A style without a
 * font name leaves the face to the office suite: LibreOffice Calc then sets digits and Latin text in
 * a serif face beside a sans-serif Japanese one, and names a Chinese face when it saves the book
 * again. 游ゴシック is Excel's own Japanese default; family 3 with the Shift_JIS charset (128) is how
 * Excel itself writes a Japanese font, so an office suite without it substitutes a Japanese gothic.
 */

export const fontName = '游ゴシック';

/** The product's font at a size, with any other properties (bold, colour) added by the caller. */
export function bookFont(size: number, more: Partial<ExcelJS.Font> = {}): Partial<ExcelJS.Font> {
  return { name: fontName, family: 3, charset: 128, size, ...more };
}

/*
 * The Normal style. exceljs writes its own default font (styles.xml's font 0, which the Normal cell
 * style and every cell without a font of its own use) as Calibri 11 of the theme's minor scheme, and
 * has no API to change it. So the styles part is rewritten as exceljs hands it to the zip: font 0
 * becomes the product's font, without the theme scheme (which would name Calibri again). The same
 * is done for an in-memory book (xlsxBuffer) and a streamed one (nameStreamedDefaultFont).
 */

/** Font 0 as Excel writes a Japanese default: 11 pt, the theme's text colour, the product's face. */
export const defaultFontXml = `<font><sz val="11"/><color theme="1"/><name val="${fontName}"/><family val="3"/><charset val="128"/></font>`;

/** xl/styles.xml with its first font (the default) replaced by defaultFontXml; unchanged without one. */
export function withDefaultFont(xml: string): string {
  const fonts = /<fonts\b[^>]*>/u.exec(xml);
  if (!fonts || fonts[0].endsWith('/>')) return xml;
  const start = fonts.index + fonts[0].length;
  const first = /^\s*<font\b[^>]*?(?:\/>|>[\s\S]*?<\/font>)/u.exec(xml.slice(start));
  if (!first) return xml;
  return xml.slice(0, start) + defaultFontXml + xml.slice(start + first[0].length);
}

type Append = (data: string | Buffer, options: { name: string }) => unknown;
type Zip = { append: Append };

/** A zip whose xl/styles.xml entry gets the default font on its way in. */
function fontingZip(zip: Zip): Zip {
  return {
    append: (data, options) => {
      const isStyles = options.name.replace(/^\//u, '') === 'xl/styles.xml';
      return zip.append(isStyles ? withDefaultFont(data.toString()) : data, options);
    },
  };
}

const named = Symbol('kaname.defaultFont');
type Marked = { [named]?: true };

type BookWriter = { addStyles: (zip: Zip, model: unknown) => Promise<void> } & Marked;

/** Names the product's font in the default style of an in-memory workbook when it is written. */
export function nameDefaultFont(wb: ExcelJS.Workbook): void {
  const xlsx = wb.xlsx as unknown as BookWriter;
  if (xlsx[named]) return;
  xlsx[named] = true;
  const write = xlsx.addStyles.bind(xlsx);
  xlsx.addStyles = (zip, model) => write(fontingZip(zip), model);
}

type StreamBook = { zip: Zip; addStyles: () => Promise<void> } & Marked;

/** Names the product's font in the default style of a streamed workbook when it is committed. */
export function nameStreamedDefaultFont(wb: ExcelJS.stream.xlsx.WorkbookWriter): void {
  const book = wb as unknown as StreamBook;
  if (book[named]) return;
  book[named] = true;
  const write = book.addStyles.bind(book);
  book.addStyles = () => {
    // exceljs appends styles.xml synchronously inside addStyles; the real zip is back right after.
    const real = book.zip;
    book.zip = fontingZip(real);
    try {
      return write();
    } finally {
      book.zip = real;
    }
  };
}
