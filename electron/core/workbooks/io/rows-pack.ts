import type { RawCell } from './cells';
import type { SheetRow } from './sheet-reader';

/*
 * A sheet's rows as they cross from the import worker to the main thread (docs/workbook-import.md
 * "The worker"). A 35,000-row 職員名簿 is about 500,000 small objects; v8's serialiser writes every
 * property name of every one of them, and reading them back costs about a second of the commit.
 * Here the rows become one flat list of primitives — row number, cell count, then per cell the
 * column's index, a kind code and its values — and are built again as the same objects on the other
 * side: the same rows, cells, kinds and values, at about a quarter of the cost.
 */

export type PackedRows = { keys: string[]; flat: (string | number)[] };

const code = { text: 0, number: 1, date: 2, bool: 3, error: 4, empty: 5 } as const;

export function packRows(rows: readonly SheetRow[]): PackedRows {
  const keys: string[] = [];
  const index = new Map<string, number>();
  const flat: (string | number)[] = [];
  for (const { row, cells } of rows) {
    const names = Object.keys(cells);
    flat.push(row, names.length);
    for (const name of names) {
      let k = index.get(name);
      if (k === undefined) {
        k = keys.length;
        keys.push(name);
        index.set(name, k);
      }
      const cell = cells[name] as RawCell;
      switch (cell.kind) {
        case 'text':
          flat.push(k, code.text, cell.text);
          break;
        case 'number':
          flat.push(k, code.number, cell.value, cell.numFmt);
          break;
        case 'date':
          flat.push(k, code.date, cell.iso);
          break;
        case 'bool':
          flat.push(k, code.bool, cell.value ? 1 : 0);
          break;
        case 'error':
          flat.push(k, code.error, cell.message);
          break;
        case 'empty':
          flat.push(k, code.empty);
          break;
      }
    }
  }
  return { keys, flat };
}

/** The rows packRows was given, equal property by property. A list that does not decode is refused. */
export function unpackRows({ keys, flat }: PackedRows): SheetRow[] {
  const rows: SheetRow[] = [];
  let p = 0;
  const next = (): string | number => {
    if (p >= flat.length) throw new Error('packed rows end early');
    return flat[p++] as string | number;
  };
  const text = (): string => String(next());
  while (p < flat.length) {
    const row = Number(next());
    const count = Number(next());
    const cells: Partial<Record<string, RawCell>> = {};
    for (let i = 0; i < count; i += 1) {
      const key = keys[Number(next())];
      if (key === undefined) throw new Error('packed rows name an unknown column');
      const kind = next();
      if (kind === code.text) cells[key] = { kind: 'text', text: text() };
      else if (kind === code.number) cells[key] = { kind: 'number', value: Number(next()), numFmt: text() };
      else if (kind === code.date) cells[key] = { kind: 'date', iso: text() };
      else if (kind === code.bool) cells[key] = { kind: 'bool', value: next() === 1 };
      else if (kind === code.error) cells[key] = { kind: 'error', message: text() };
      else if (kind === code.empty) cells[key] = { kind: 'empty' };
      else throw new Error('packed rows hold an unknown cell kind');
    }
    rows.push({ row, cells });
  }
  return rows;
}
