import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { textCell } from '../../electron/core/workbooks/io/cells';
import type { RawCell } from '../../electron/core/workbooks/io/cells';
import { RowFields } from '../../electron/core/workbooks/io/fields';
import { SheetCellsBuilder, cellAt } from '../../electron/core/workbooks/io/sheet-cells';
import { rowsOf } from '../../electron/core/workbooks/io/sheet-reader';
import type { SheetRead } from '../../electron/core/workbooks/io/sheet-reader';
import { staffSheet } from '../../electron/core/workbooks/io/specs';
import { pack, unpack } from '../../electron/core/workbooks/import-worker';
import type { ParsedSheetImport } from '../../electron/core/workbooks/kind';

// A sheet's cells are kept as columns and cross from the import worker as such
// (docs/workbook-import.md "Off the main thread").

const keys = ['staffNo', 'name', 'hiredOn', 'active', 'kana', 'qualifications', 'weight'];

const source: { row: number; cells: Partial<Record<string, RawCell>> }[] = [
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
      name: { kind: 'text', text: '山﨑　𠮷子' },
      qualifications: { kind: 'text', text: '1行目\n2行目、「引用」' },
      active: { kind: 'bool', value: true },
      weight: { kind: 'number', value: -0.25, numFmt: '' },
    },
  },
];

function build(rows: typeof source) {
  const b = new SheetCellsBuilder(keys);
  for (const r of rows) {
    for (const [k, cell] of Object.entries(r.cells)) if (cell) b.set(keys.indexOf(k), cell);
    b.endRow(r.row);
  }
  return b.finish();
}

describe('sheet cells', () => {
  it('give back every cell with its kind and value; blank rows and cells are left out', () => {
    const cells = build(source);
    expect([...cells.rowNumbers]).toEqual([3, 4, 9]);
    const kept = source.filter((r) => r.row !== 7);
    kept.forEach((r, i) => {
      for (const k of keys) {
        const want = r.cells[k] ?? { kind: 'empty' };
        expect(cellAt(cells, k, i)).toEqual(want);
      }
    });
    // The same text is stored once.
    expect(cells.strings.filter((s) => s === '山﨑　𠮷子')).toHaveLength(1);
  });

  it('read a plain text as set(textCell(text)) does: blank left out, a character never stored refused', () => {
    const texts = ['山田　太郎', '   ', '山田　太郎', 'A\u0007B', '\uFDD0', '戸籍住民課'];
    const viaText = new SheetCellsBuilder(['name']);
    const viaCell = new SheetCellsBuilder(['name']);
    texts.forEach((t, i) => {
      viaText.setText(0, t);
      viaText.endRow(i + 2);
      viaCell.set(0, textCell(t));
      viaCell.endRow(i + 2);
    });
    const a = viaText.finish();
    const b = viaCell.finish();
    expect([...a.rowNumbers]).toEqual([...b.rowNumbers]);
    expect([...a.rowNumbers]).toEqual([2, 4, 5, 6, 7]);
    for (let i = 0; i < a.rowNumbers.length; i += 1) expect(cellAt(a, 'name', i)).toEqual(cellAt(b, 'name', i));
    expect([cellAt(a, 'name', 2).kind, cellAt(a, 'name', 3).kind]).toEqual(['error', 'error']);
    expect(a.strings.filter((s) => s === '山田　太郎')).toHaveLength(1);
  });

  it('grow past their first size without losing a cell', () => {
    const many = Array.from({ length: 5000 }, (_, i): (typeof source)[number] => ({
      row: i + 2,
      cells: {
        staffNo: { kind: 'text', text: `N${i}` },
        weight: { kind: 'number', value: i, numFmt: '' },
      },
    }));
    const cells = build(many);
    expect(cells.rowNumbers).toHaveLength(5000);
    expect(cellAt(cells, 'staffNo', 4999)).toEqual({ kind: 'text', text: 'N4999' });
    expect(cellAt(cells, 'weight', 4321)).toEqual({ kind: 'number', value: 4321, numFmt: '' });
    expect(cellAt(cells, 'name', 10)).toEqual({ kind: 'empty' });
  });

  it('refuse cells that do not decode instead of guessing', () => {
    const cells = build(source);
    const name = cells.columns.name;
    if (!name) throw new Error('no name column');
    name.refs[0] = 9999;
    expect(() => cellAt(cells, 'name', 0)).toThrow(/unknown string/u);
    name.kinds[0] = 42;
    expect(() => cellAt(cells, 'name', 0)).toThrow(/unknown cell kind/u);
  });

  it('are read by RowFields as the cells were: normalised text, codes, dates and problems', () => {
    const b = new SheetCellsBuilder(['staffNo', 'name', 'section', 'active', 'hiredOn']);
    const rows: RawCell[][] = [
      [
        { kind: 'text', text: '000123' },
        { kind: 'text', text: '山田　太郎' },
        { kind: 'text', text: '戸籍住民課 ' },
        { kind: 'text', text: '○' },
        { kind: 'text', text: '令和3年4月1日' },
      ],
      [
        { kind: 'text', text: '000124' },
        { kind: 'text', text: '佐藤 花子' },
        { kind: 'text', text: '戸籍住民課 ' },
        { kind: 'text', text: '休職' },
        { kind: 'text', text: '令和3年4月1日' },
      ],
      [
        { kind: 'number', value: 125, numFmt: '000000' },
        { kind: 'error', message: 'エラー値（#REF!）です' },
        { kind: 'number', value: 7, numFmt: '' },
        { kind: 'text', text: '在職' },
        { kind: 'text', text: '4月の頭' },
      ],
    ];
    rows.forEach((r, i) => {
      r.forEach((cell, c) => b.set(c, cell));
      b.endRow(i + 3);
    });
    const cells = b.finish();
    const read: SheetRead = {
      sheet: '職員名簿',
      headerRow: 2,
      letters: new Map([
        ['staffNo', 'A'],
        ['name', 'B'],
        ['section', 'C'],
        ['active', 'D'],
        ['hiredOn', 'E'],
      ]),
      rows: rowsOf(cells),
      cells,
      problems: [],
    };
    const problems: SheetRead['problems'] = [];
    const out = read.rows.map((row) => {
      const f = new RowFields(staffSheet, read, row, problems);
      return {
        staffNo: f.staffNo('staffNo', true),
        name: f.text('name', true),
        section: f.text('section', true),
        active: f.code('active', ['在職', '退職'], { '○': '在職' }),
        hiredOn: f.date('hiredOn'),
        kana: f.text('kana'),
      };
    });
    expect(out).toEqual([
      {
        staffNo: '000123',
        name: '山田　太郎',
        section: '戸籍住民課',
        active: '在職',
        hiredOn: '2021-04-01',
        kana: undefined,
      },
      {
        staffNo: '000124',
        name: '佐藤　花子',
        section: '戸籍住民課',
        active: null,
        hiredOn: '2021-04-01',
        kana: undefined,
      },
      { staffNo: '000125', name: null, section: '7', active: '在職', hiredOn: null, kana: undefined },
    ]);
    expect(problems.map((p) => [p.row, p.column, p.message])).toEqual([
      [4, 'D', '「休職」は使えません。次のいずれかにしてください: 在職 / 退職。'],
      [5, 'B', 'エラー値（#REF!）です。'],
      [5, 'E', expect.stringContaining('日付として読めません（4月の頭）')],
    ]);
  });

  it('carry a roster sheet through pack and unpack whole, read on first use', () => {
    const cells = build(source);
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
        rows: rowsOf(cells),
        cells,
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
