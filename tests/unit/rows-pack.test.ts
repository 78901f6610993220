import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { packRows, unpackRows } from '../../electron/core/workbooks/io/rows-pack';
import type { SheetRow } from '../../electron/core/workbooks/io/sheet-reader';
import { pack, unpack } from '../../electron/core/workbooks/import-worker';
import type { ParsedSheetImport } from '../../electron/core/workbooks/kind';

// A sheet's rows cross from the import worker as one flat list (docs/workbook-import.md "The worker").

const rows: SheetRow[] = [
  {
    row: 3,
    cells: {
      staffNo: { kind: 'number', value: 123, numFmt: '000000' },
      name: { kind: 'text', text: '山﨑　𠮷子' },
      hiredOn: { kind: 'date', iso: '2001-04-01' },
      active: { kind: 'bool', value: false },
    },
  },
  { row: 4, cells: { name: { kind: 'error', message: 'エラー値（#N/A）です' }, kana: { kind: 'empty' } } },
  { row: 7, cells: {} },
  {
    row: 9,
    cells: {
      staffNo: { kind: 'text', text: '000124' },
      qualifications: { kind: 'text', text: '1行目\n2行目、「引用」' },
      active: { kind: 'bool', value: true },
      weight: { kind: 'number', value: -0.25, numFmt: '' },
    },
  },
];

describe('packRows', () => {
  it('gives back the same rows, cells, kinds and values, in order', () => {
    const packed = packRows(rows);
    expect(unpackRows(v8.deserialize(v8.serialize(packed)) as typeof packed)).toEqual(rows);
    // The column names are written once, not once per cell.
    expect(packed.keys).toEqual(['staffNo', 'name', 'hiredOn', 'active', 'kana', 'qualifications', 'weight']);
    expect(packed.flat.every((v) => typeof v === 'string' || typeof v === 'number')).toBe(true);
  });

  it('refuses a list that does not decode instead of guessing', () => {
    const { keys, flat } = packRows(rows.slice(0, 1));
    expect(() => unpackRows({ keys, flat: flat.slice(0, -1) })).toThrow(/end early/u);
    expect(() => unpackRows({ keys: [], flat })).toThrow(/unknown column/u);
    expect(() => unpackRows({ keys, flat: [3, 1, 0, 99, 'x'] })).toThrow(/unknown cell kind/u);
  });

  it('carries a roster sheet through pack and unpack whole, read on first use', () => {
    const parsed: ParsedSheetImport = {
      kind: 'staff',
      fileName: '職員名簿.xlsx',
      fileHash: 'abc',
      read: {
        sheet: '職員名簿',
        headerRow: 2,
        letters: new Map([
          ['staffNo', 'A'],
          ['name', 'B'],
        ]),
        rows,
        problems: [{ sheet: '職員名簿', row: 4, column: 'B', field: '氏名', message: 'エラー値（#N/A）です。' }],
      },
    };
    const crossed = v8.deserialize(v8.serialize(pack(parsed))) as ReturnType<typeof pack>;
    const back = unpack(crossed) as ParsedSheetImport;
    expect(back.fileName).toBe(parsed.fileName);
    expect(back.read).toEqual(parsed.read);
    expect(back.read).toBe(back.read);
  });
});
