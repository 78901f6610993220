import type { ImportProblem } from '../../../../shared/contract';
import type { RawCell } from '../io/cells';
import { normalised } from '../io/form-sheet';
import type { CellsRead, FormCell, FormLayout } from '../io/form-sheet';
import { addressOf, columnLetter } from '../io/form-sheet';

/** Reads the open fields of a form from a file, each with where it is, and collects unreadable cells. */
export class FormFields {
  private readonly byKey = new Map<string, FormCell>();

  constructor(
    private readonly layout: FormLayout,
    private readonly cells: CellsRead,
    readonly sheet: string,
    readonly problems: ImportProblem[],
  ) {
    for (const c of layout.cells) if (c.field) this.byKey.set(c.field.key, c);
  }

  cellOf(key: string): FormCell {
    const c = this.byKey.get(key);
    if (!c) throw new Error(`no field ${key} in the layout`);
    return c;
  }

  raw(key: string): RawCell {
    const c = this.cellOf(key);
    return this.cells.get(addressOf(c.row, c.col)) ?? { kind: 'empty' };
  }

  problem(key: string | null, message: string, anchor?: string): void {
    if (key !== null) {
      const c = this.cellOf(key);
      this.problems.push({
        sheet: this.sheet,
        row: c.row,
        column: columnLetter(c.col),
        field: c.field?.label ?? null,
        message,
      });
      return;
    }
    const at = anchor ? this.layout.anchors.get(anchor) : undefined;
    const m = at ? /^([A-Z]+)(\d+)$/u.exec(at) : null;
    this.problems.push({
      sheet: this.sheet,
      row: m ? Number(m[2]) : null,
      column: m ? (m[1] ?? null) : null,
      field: null,
      message,
    });
  }

  /** Text as typed (line breaks as LF, no surrounding spaces); '' when empty or unreadable. */
  text(key: string): string {
    const r = this.raw(key);
    if (r.kind === 'error') {
      this.problem(key, `${this.cellOf(key).field?.label ?? ''}のセルを読み取れません（${r.message}）。`);
      return '';
    }
    return normalised(r);
  }

  /** A choice: NFKC-normalised text, or null when empty. Membership is checked by the rules. */
  choice(key: string): string | null {
    const t = this.text(key).normalize('NFKC').trim();
    return t === '' ? null : t;
  }

  /** A number typed as a number or as digits; undefined (with a problem) when it is neither. */
  number(key: string, label: string): number | null | undefined {
    const r = this.raw(key);
    if (r.kind === 'empty') return null;
    if (r.kind === 'number') return r.value;
    const t = this.text(key)
      .normalize('NFKC')
      .replace(/[%％\s]/gu, '');
    if (t === '') return null;
    if (/^-?\d+(\.\d+)?$/u.test(t)) return Number(t);
    this.problem(key, `${label}は数値で入力してください（入力: ${t.slice(0, 20)}）。`);
    return undefined;
  }
}

/** Characters as a person counts them. */
export function charCount(s: string): number {
  return [...s].length;
}
