import { textCell } from './cells';
import type { RawCell } from './cells';

/*
 * A sheet's data cells as columns (docs/workbook-import.md "Off the main thread"): per column, a
 * kind code per row and, per cell, an index into one table of the sheet's strings (texts, ISO dates,
 * error messages, number formats), each text value held once. A 35,000-row 職員名簿 is some 450,000
 * cells; as objects they cost the import worker time to build, v8's serialiser time to write every
 * property name, and the main thread time to read back and build again. As columns, the kinds and
 * indexes are a few typed arrays and the strings a table of about 100,000 (a roster repeats its 所属,
 * 職位 and dates); the main thread reads them where they are, and work done per distinct string
 * (normalising a 所属, reading a 和暦 date) is done once per string, not once per cell (fields.ts).
 */

/** A cell's kind in its column; none for a blank cell or a column absent from the row. */
export const cellCode = { none: 0, text: 1, number: 2, date: 3, bool: 4, error: 5 } as const;

export type ColumnCells = {
  kinds: Uint8Array;
  /** Per cell, its string in SheetCells.strings: the text, the ISO date, the message, or a number's format. */
  refs: Int32Array;
  /** Per cell, a number's value (a boolean's 1 or 0); null when the column holds neither. */
  nums: Float64Array | null;
};

export type SheetCells = {
  /** The rows held, each with its Excel row number. */
  rowNumbers: Int32Array;
  strings: string[];
  columns: Partial<Record<string, ColumnCells>>;
};

/** No cells: a sheet that could not be read. */
export function noCells(): SheetCells {
  return { rowNumbers: new Int32Array(0), strings: [], columns: {} };
}

function stringAt(cells: SheetCells, col: ColumnCells, index: number): string {
  const s = cells.strings[col.refs[index] ?? -1];
  if (s === undefined) throw new Error('sheet cells name an unknown string');
  return s;
}

function numberAt(col: ColumnCells, index: number): number {
  const n = col.nums?.[index];
  if (n === undefined) throw new Error('sheet cells lack a number');
  return n;
}

/** The cell of a row (its index in the columns) as an importer reads it; a blank one is empty. */
export function cellAt(cells: SheetCells, key: string, index: number): RawCell {
  const col = cells.columns[key];
  const kind = col ? col.kinds[index] : cellCode.none;
  if (!col || kind === cellCode.none || kind === undefined) return { kind: 'empty' };
  switch (kind) {
    case cellCode.text:
      return { kind: 'text', text: stringAt(cells, col, index) };
    case cellCode.number:
      return { kind: 'number', value: numberAt(col, index), numFmt: stringAt(cells, col, index) };
    case cellCode.date:
      return { kind: 'date', iso: stringAt(cells, col, index) };
    case cellCode.bool:
      return { kind: 'bool', value: numberAt(col, index) === 1 };
    case cellCode.error:
      return { kind: 'error', message: stringAt(cells, col, index) };
    default:
      throw new Error('sheet cells hold an unknown cell kind');
  }
}

type Growing = { kinds: Uint8Array; refs: Int32Array; nums: Float64Array | null };

/** Collects a sheet's cells row by row (sheet-reader.ts), then hands them over as SheetCells. */
export class SheetCellsBuilder {
  private readonly strings: string[] = [];
  private readonly stringIndex = new Map<string, number>();
  /** Each distinct text value read: its string's index × 8 + its kind code, or -1 when it is blank. */
  private readonly texts = new Map<string, number>();
  private readonly columns: Growing[];
  private rowNumbers = new Int32Array(1024);
  private count = 0;
  private filled = false;

  constructor(private readonly keys: readonly string[]) {
    this.columns = keys.map(() => ({ kinds: new Uint8Array(1024), refs: new Int32Array(1024), nums: null }));
  }

  private ref(s: string): number {
    let i = this.stringIndex.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.stringIndex.set(s, i);
    }
    return i;
  }

  private grow(): void {
    const size = this.rowNumbers.length * 2;
    const bigger = <T extends Uint8Array | Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.rowNumbers = bigger(this.rowNumbers, (n) => new Int32Array(n));
    for (const c of this.columns) {
      c.kinds = bigger(c.kinds, (n) => new Uint8Array(n));
      c.refs = bigger(c.refs, (n) => new Int32Array(n));
      if (c.nums) c.nums = bigger(c.nums, (n) => new Float64Array(n));
    }
  }

  /**
   * Sets a cell whose value is a plain text: the same as set(column, textCell(text)), with the
   * text's checks (blank, characters Kaname never stores) made once per distinct text.
   */
  setText(column: number, text: string): void {
    let packed = this.texts.get(text);
    if (packed === undefined) {
      const cell = textCell(text);
      if (cell.kind === 'text') {
        packed = this.strings.length * 8 + cellCode.text;
        this.strings.push(cell.text);
      } else packed = cell.kind === 'error' ? this.ref(cell.message) * 8 + cellCode.error : -1;
      this.texts.set(text, packed);
    }
    const c = this.columns[column];
    if (!c || packed < 0) return;
    if (this.count >= this.rowNumbers.length) this.grow();
    c.kinds[this.count] = packed % 8;
    c.refs[this.count] = Math.floor(packed / 8);
    this.filled = true;
  }

  /** Sets a cell of the row being read (column by its index in keys); empty cells are not set. */
  set(column: number, cell: RawCell): void {
    const c = this.columns[column];
    if (!c || cell.kind === 'empty') return;
    if (this.count >= this.rowNumbers.length) this.grow();
    const at = this.count;
    switch (cell.kind) {
      case 'text':
        c.kinds[at] = cellCode.text;
        c.refs[at] = this.ref(cell.text);
        break;
      case 'number':
        c.kinds[at] = cellCode.number;
        c.refs[at] = this.ref(cell.numFmt);
        (c.nums ??= new Float64Array(c.kinds.length))[at] = cell.value;
        break;
      case 'date':
        c.kinds[at] = cellCode.date;
        c.refs[at] = this.ref(cell.iso);
        break;
      case 'bool':
        c.kinds[at] = cellCode.bool;
        (c.nums ??= new Float64Array(c.kinds.length))[at] = cell.value ? 1 : 0;
        break;
      case 'error':
        c.kinds[at] = cellCode.error;
        c.refs[at] = this.ref(cell.message);
        break;
    }
    this.filled = true;
  }

  /** Ends the row being read: kept as Excel row `row` when any cell was set, else dropped. */
  endRow(row: number): void {
    if (!this.filled) return;
    this.rowNumbers[this.count] = row;
    this.count += 1;
    this.filled = false;
  }

  get rows(): number {
    return this.count;
  }

  finish(): SheetCells {
    const n = this.count;
    const columns: Partial<Record<string, ColumnCells>> = {};
    this.keys.forEach((key, i) => {
      const c = this.columns[i];
      if (!c) return;
      columns[key] = { kinds: c.kinds.slice(0, n), refs: c.refs.slice(0, n), nums: c.nums ? c.nums.slice(0, n) : null };
    });
    return { rowNumbers: this.rowNumbers.slice(0, n), strings: this.strings, columns };
  }
}
