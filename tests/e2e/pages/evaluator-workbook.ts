import ExcelJS from 'exceljs';

/**
 * An evaluator's 記入用ブック (人事考課票) as someone fills it in Excel: one sheet per person, named
 * "職員番号 氏名"; the labels in column A (and C for the ratings), the yellow cells to their right.
 * Only primitive values are written, and only into the open cells.
 */
export class EvaluatorWorkbook {
  private constructor(readonly wb: ExcelJS.Workbook) {}

  static async read(file: string): Promise<EvaluatorWorkbook> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    return new EvaluatorWorkbook(wb);
  }

  async write(file: string): Promise<void> {
    await this.wb.xlsx.writeFile(file);
  }

  /** The sheets a person fills in (not the app's hidden record). */
  forms(): ExcelJS.Worksheet[] {
    return this.wb.worksheets.filter((ws) => ws.state === 'visible' && text(ws.getCell('A2')).startsWith('黄色のセル'));
  }

  /** The 職員番号 of each form, in sheet order. */
  staffNos(): string[] {
    return this.forms().map((ws) => ws.name.split(' ')[0] ?? '');
  }

  form(staffNo: string): ExcelJS.Worksheet {
    const ws = this.forms().find((s) => s.name.startsWith(`${staffNo} `));
    if (!ws) throw new Error(`the workbook has no form for ${staffNo}`);
    return ws;
  }

  /** A cross-section sheet: each goal's level and comment. Returns how many goals it rated. */
  fillCross(staffNo: string, level: string, comment: string): number {
    const ws = this.form(staffNo);
    let goals = 0;
    eachRow(ws, (r, a) => {
      if (a === '他所属評価（評語）') {
        ws.getCell(r, 2).value = level;
        goals += 1;
      }
      if (a === 'コメント') ws.getCell(r, 2).value = comment;
    });
    return goals;
  }

  /**
   * A 1次 or 2次 sheet: every competency item `rating`, the 所見, and each goal's level — for the
   * 1次 only where the sheet has none yet (it starts from the default), for the 2次 always.
   */
  fillStage(
    staffNo: string,
    stage: '1次' | '2次',
    v: { rating: number; level: string; comment: string },
  ): { levels: number; ratings: number } {
    const ws = this.form(staffNo);
    let levels = 0;
    let ratings = 0;
    eachRow(ws, (r, a) => {
      if (a === `${stage}評価（評語）`) {
        const cell = ws.getCell(r, 2);
        if (stage === '2次' || text(cell) === '') cell.value = v.level;
        levels += 1;
      }
      if (text(ws.getCell(r, 3)) === `${stage}評価（1〜5）`) {
        ws.getCell(r, 4).value = v.rating;
        ratings += 1;
      }
      if (a === `${stage}評価者の所見`) ws.getCell(r, 2).value = v.comment;
    });
    return { levels, ratings };
  }
}

function text(cell: ExcelJS.Cell): string {
  const v = cell.value;
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
}

function eachRow(ws: ExcelJS.Worksheet, f: (row: number, label: string) => void): void {
  for (let r = 1; r <= ws.rowCount; r++) f(r, text(ws.getCell(r, 1)));
}

/** The text of a cell of any downloaded workbook (strings and numbers; rich text joined). */
export function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (v && typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  return '';
}
