import type { ImportProblem } from '../../../../shared/contract';
import { excelSerialToIso, parseDateText } from '../../../../shared/dates';
import type { ParsedDate } from '../../../../shared/dates';
import { cleanText, kanaReading, nfkc, personName, softText, staffNoText } from '../../../../shared/text';
import { cellDisplay } from './cells';
import type { RawCell } from './cells';
import { cellAt, cellCode } from './sheet-cells';
import type { ColumnCells, SheetCells } from './sheet-cells';
import { letterOf } from './sheet-reader';
import type { ColumnSpec, SheetRead, SheetRow, SheetSpec } from './sheet-reader';

const empty: RawCell = { kind: 'empty' };
/**
 * A cell's text as the column's kind reads it: names and readings in their stored form, codes after
 * NFKC, free text softly (shared/text.ts). A text cell is normalised once per distinct string of the
 * sheet (FieldColumn below): a city roster repeats the same few hundred 所属, 担当, 職位 and 職種
 * values across tens of thousands of rows. Other cells (a number in a text column) are rare and
 * normalised as they come.
 */
function normalise(kind: string, shown: string): string {
  if (kind === 'name') return personName(shown);
  if (kind === 'kana') return kanaReading(shown);
  if (kind === 'code') return cleanText(shown);
  return softText(shown);
}

function stringAt(cells: SheetCells, ref: number): string {
  const s = cells.strings[ref];
  if (s === undefined) throw new Error('sheet cells name an unknown string');
  return s;
}

/**
 * A column as RowFields reads it, resolved once per sheet: its spec, its cells, and per distinct
 * string of the sheet (sheet-cells.ts) the string's reading, made once: normalised for the column's
 * kind, and as a code.
 */
type FieldColumn = {
  spec: ColumnSpec;
  cells: ColumnCells | undefined;
  texts: (string | undefined)[];
  codes: (string | undefined)[];
};

/** A sheet as RowFields reads it: its columns, and its text dates read once per distinct string. */
type ReadContext = { spec: SheetSpec; columns: Map<string, FieldColumn>; dates: (ParsedDate | undefined)[] };
const contexts = new WeakMap<SheetRead, ReadContext>();

function contextOf(spec: SheetSpec, read: SheetRead): ReadContext {
  const known = contexts.get(read);
  if (known?.spec === spec) return known;
  const columns = new Map(
    spec.columns.map((c): [string, FieldColumn] => [
      c.key,
      { spec: c, cells: read.cells.columns[c.key], texts: [], codes: [] },
    ]),
  );
  const context = { spec, columns, dates: [] };
  contexts.set(read, context);
  return context;
}

const staffNoPattern = /^[0-9A-Za-z-]{1,20}$/u;

/**
 * Reads one row's fields by their spec, recording every problem with its sheet, row, column letter
 * and field — all of them, not only the first. A getter returns undefined when the column is not in
 * the file (the field is then left as it is), null when the cell is blank or could not be read.
 */
export class RowFields {
  ok = true;
  readonly row: number;
  private readonly context: ReadContext;

  constructor(
    spec: SheetSpec,
    private readonly read: SheetRead,
    private readonly source: SheetRow,
    private readonly problems: ImportProblem[],
  ) {
    this.row = source.row;
    this.context = contextOf(spec, read);
  }

  private field(key: string): FieldColumn {
    const c = this.context.columns.get(key);
    if (!c) throw new Error(`no column ${key}`);
    return c;
  }

  private column(key: string): ColumnSpec {
    return this.field(key).spec;
  }

  /** Records a problem against a field of this row. */
  problem(key: string, message: string): void {
    this.ok = false;
    this.problems.push({
      sheet: this.read.sheet,
      row: this.source.row,
      column: letterOf(this.read, key),
      field: this.column(key).header,
      message,
    });
  }

  /** The cell's text as shown, without checking it (labels for rows that failed). */
  peek(key: string): string {
    const raw = this.raw(key);
    return raw === undefined ? '' : softText(cellDisplay(raw));
  }

  present(key: string): boolean {
    return this.read.letters.has(key);
  }

  private raw(key: string): RawCell | undefined {
    if (!this.present(key)) return undefined;
    return cellAt(this.read.cells, key, this.source.index);
  }

  /** The index of the cell's text among the sheet's strings; -1 when it is not a text cell. */
  private textRef(f: FieldColumn): number {
    const cells = f.cells;
    const i = this.source.index;
    return cells && cells.kinds[i] === cellCode.text ? (cells.refs[i] ?? -1) : -1;
  }

  /** A text cell's string normalised for the column's kind, or as a code: once per distinct string. */
  private normalisedText(f: FieldColumn, ref: number, as: 'column' | 'code'): string {
    const list = as === 'code' ? f.codes : f.texts;
    let value = list[ref];
    if (value === undefined) {
      value = normalise(as === 'code' ? 'code' : f.spec.kind, stringAt(this.read.cells, ref));
      list[ref] = value;
    }
    return value;
  }

  /** A date written as text (2001/4/1, 令和3年4月1日, …), read once per distinct string of the sheet. */
  private textDate(ref: number): ParsedDate {
    const dates = this.context.dates;
    let value = dates[ref];
    if (value === undefined) {
      value = parseDateText(stringAt(this.read.cells, ref));
      dates[ref] = value;
    }
    return value;
  }

  private blankOrError(key: string, raw: RawCell, required: boolean): null | 'value' {
    if (raw.kind === 'error') {
      this.problem(key, `${raw.message}。`);
      return null;
    }
    if (raw.kind === 'empty') {
      if (required) this.problem(key, `「${this.column(key).header}」は必須です。`);
      return null;
    }
    return 'value';
  }

  /**
   * A present cell's text normalised for the column's kind, or as a code; null when it is blank or
   * cannot be read (the problem is recorded). A text cell is read once per distinct string.
   */
  private shownAs(key: string, required: boolean, as: 'column' | 'code'): string | null {
    const f = this.field(key);
    const ref = this.textRef(f);
    if (ref >= 0) return this.normalisedText(f, ref, as);
    const raw = this.raw(key) ?? empty;
    if (this.blankOrError(key, raw, required) === null) return null;
    return normalise(as === 'code' ? 'code' : this.column(key).kind, cellDisplay(raw));
  }

  text(key: string, required = false): string | null | undefined {
    if (!this.present(key)) return undefined;
    // Codes compare after NFKC; names and free text keep their characters (see softNormalize).
    const value = this.shownAs(key, required, 'column');
    if (value === null) return null;
    if (value === '' && required) {
      this.problem(key, `「${this.column(key).header}」は必須です。`);
      return null;
    }
    return value;
  }

  /** 職員番号: text keeps its leading zeros; a number cell is padded to its display format (000123). */
  staffNo(key: string, required = false): string | null | undefined {
    if (!this.present(key)) return undefined;
    const ref = this.textRef(this.field(key));
    if (ref >= 0) {
      // The usual cell, text: read without building the cell.
      const value = staffNoText(stringAt(this.read.cells, ref));
      if (staffNoPattern.test(value)) return value;
    }
    const raw = this.raw(key) ?? empty;
    if (this.blankOrError(key, raw, required) === null) return null;
    let value: string;
    if (raw.kind === 'number') {
      if (!Number.isInteger(raw.value) || raw.value < 0) {
        this.problem(key, `職員番号「${raw.value}」は整数の番号ではありません。`);
        return null;
      }
      const zeros = /^0+$/u.exec(raw.numFmt)?.[0].length ?? 0;
      value = String(raw.value).padStart(zeros, '0');
    } else {
      value = staffNoText(cellDisplay(raw));
    }
    if (!staffNoPattern.test(value)) {
      this.problem(key, `職員番号「${cellDisplay(raw)}」の形式が正しくありません（半角英数字20文字まで）。`);
      return null;
    }
    return value;
  }

  date(key: string, required = false): string | null | undefined {
    if (!this.present(key)) return undefined;
    const ref = this.textRef(this.field(key));
    if (ref >= 0) {
      // A date written as text (和暦, 2001/4/1): read once per distinct text.
      const parsed = this.textDate(ref);
      if (parsed.ok) return parsed.iso;
      this.problem(key, parsed.message);
      return null;
    }
    const raw = this.raw(key);
    if (raw === undefined) return undefined;
    if (this.blankOrError(key, raw, required) === null) return null;
    if (raw.kind === 'date') return raw.iso;
    if (raw.kind === 'number') {
      const iso = excelSerialToIso(raw.value);
      if (iso === null) this.problem(key, `日付として読めない数値です（${raw.value}）。`);
      return iso;
    }
    const parsed = parseDateText(cellDisplay(raw));
    if (!parsed.ok) {
      this.problem(key, parsed.message);
      return null;
    }
    return parsed.iso;
  }

  /** A coded value: one of the allowed values, or a known alias of one (○ for 在職, …). */
  code<T extends string>(
    key: string,
    allowed: readonly T[],
    aliases: Record<string, T> = {},
    required = false,
  ): T | null | undefined {
    if (!this.present(key)) return undefined;
    const text = this.shownAs(key, required, 'code');
    if (text === null) return null;
    const hit = allowed.find((a) => a === text) ?? aliases[text];
    if (hit === undefined) {
      this.problem(key, `「${text}」は使えません。次のいずれかにしてください: ${allowed.join(' / ')}。`);
      return null;
    }
    return hit;
  }

  /** 年度: 2025, 2025年度, 令和7年度, R7. */
  fiscalYear(key: string, required = true): number | null | undefined {
    const raw = this.raw(key);
    if (raw === undefined) return undefined;
    if (this.blankOrError(key, raw, required) === null) return null;
    const text = nfkc(cellDisplay(raw)).replace(/\s/gu, '').replace(/年度$/u, '').replace(/年$/u, '');
    let year: number | null = null;
    if (/^\d{4}$/u.test(text)) year = Number(text);
    else {
      const era = /^(\D+?)(\d{1,2}|元)$/u.exec(text);
      if (era) {
        const parsed = parseDateText(`${era[1] ?? ''}${era[2] ?? ''}年4月1日`);
        const viaDots = parsed.ok
          ? parsed
          : parseDateText(`${era[1] ?? ''}${era[2] === '元' ? '1' : (era[2] ?? '')}.4.1`);
        if (viaDots.ok) year = Number(viaDots.iso.slice(0, 4));
      }
    }
    if (year === null || year < 1989 || year > 2200) {
      this.problem(key, `年度「${cellDisplay(raw)}」を読めません。2025 や 令和7年度 の形で入力してください。`);
      return null;
    }
    return year;
  }
}
