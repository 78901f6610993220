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
