import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { countRowTags, inspectXlsx } from '../../electron/core/workbooks/io/xlsx-guard';
import type { XlsxLimits } from '../../electron/core/workbooks/io/xlsx-guard';
import { AppError } from '../../shared/result';
import {
  buildZip,
  csvFile,
  deflated,
  deflatedStream,
  docxLikeZip,
  exceljsWorkbook,
  minimalXlsx,
  ole2File,
  paddedSheetChunks,
  rowSheetChunks,
  stored,
} from '../fixtures/bad-files';

/** The .xlsx guard on real files: everything is refused with one Japanese sentence, before exceljs runs. */

const msg = {
  legacy:
    '旧形式（.xls）またはパスワード付きのファイルです。Excel で「名前を付けて保存」から .xlsx 形式（パスワードなし）で保存し直してください。',
  notXlsx: 'Excel ファイル（.xlsx）ではありません。',
  text: 'Excel ファイル（.xlsx）ではありません。CSV などは Excel で開いて .xlsx 形式で保存してください。',
  corrupt: 'ファイルが壊れています（途中で切れているか、正しい .xlsx ではありません）。',
  bomb: '展開後のサイズが上限を超えるため読み込みません（圧縮爆弾の可能性があります）。',
  rows: (sheet: string, max: string) =>
    `シート「${sheet}」の行数が上限（${max}行）を超えています。ファイルを分けて取り込んでください。`,
};

async function refused(buf: Buffer, limits?: Partial<XlsxLimits>): Promise<string> {
  let error: unknown;
  try {
    await inspectXlsx(buf, limits);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('VALIDATION');
  return (error as AppError).message;
}

/** Runs `fn`, with its duration and how far the resident set rose above where it started. */
async function measured<T>(
  label: string,
  fn: () => Promise<T>,
): Promise<{ result: T; ms: number; rssGrowthMb: number }> {
  const before = process.memoryUsage();
  let peak = before.rss;
  let peakHeap = before.heapUsed + before.arrayBuffers;
  const sample = (): void => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed + m.arrayBuffers);
  };
  const sampler = setInterval(sample, 5);
  const start = performance.now();
  const result = await fn().finally(() => clearInterval(sampler));
  const ms = performance.now() - start;
  sample();
  const rssGrowthMb = (peak - before.rss) / 1024 / 1024;
  const heapGrowthMb = (peakHeap - before.heapUsed - before.arrayBuffers) / 1024 / 1024;
  console.log(
    `${label}: ${ms.toFixed(0)} ms, rss +${rssGrowthMb.toFixed(1)} MB, heap+buffers +${heapGrowthMb.toFixed(1)} MB`,
  );
  return { result, ms, rssGrowthMb };
}

const validRows = {
  職員名簿: [
    ['職員番号', '氏名', '所属'],
    ['000123', '山田 太郎', '総務課'],
    ['000124', '佐藤 花子', '区民課'],
    ['000125', '鈴木 一郎', '保健福祉課'],
  ],
  評価者: [
    ['年度', '職員番号', '1次評価者'],
    [2025, '000123', '000125'],
    [2025, '000124', '000125'],
  ],
  'A&B <旧>': [['メモ']],
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('accepted', () => {
  it('a workbook written by exceljs: sheets in workbook order with their row counts', async () => {
    const buf = await exceljsWorkbook(validRows);
    const { sheets } = await inspectXlsx(buf);
    expect(sheets).toEqual([
      { name: '職員名簿', path: 'xl/worksheets/sheet1.xml', rows: 4 },
      { name: '評価者', path: 'xl/worksheets/sheet2.xml', rows: 3 },
      { name: 'A&B <旧>', path: 'xl/worksheets/sheet3.xml', rows: 1 },
    ]);
    // And exceljs itself reads what the guard accepted.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['職員名簿', '評価者', 'A&B <旧>']);
  });

  it('finds row tags on the bytes as the tag pattern does: prefixes, look-alikes, text that is not a tag', () => {
    const pattern = /<(?:[A-Za-z_][\w.-]{0,30}:)?row[ \t\r\n/>]/g;
    const byPattern = (s: string): number => [...s.matchAll(pattern)].length;
    const cases = [
      '<row r="1"/><row>',
      '</row><rowBreaks><rows>',
      '<x:row r="1"/><x:row\nr="2">',
      `<${'p'.repeat(31)}:row r="1"/>`,
      `<${'p'.repeat(32)}:row r="1"/>`,
      '<1x:row /><_x.y-z:row/>',
      'text a:row and <t>b:row </t>',
      '<<row\t<:row ',
      'row><row',
    ];
    const pieces = ['<', 'row', ' ', '/', '>', ':', 'x', 'r', '1', '\n', '</', 'w', 'rowBreaks', '-', '_', '.'];
    let seed = 7;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed;
    };
    for (let i = 0; i < 3000; i += 1) {
      let s = '';
      for (let j = 0; j < 12; j += 1) s += pieces[next() % pieces.length];
      cases.push(s);
    }
    for (const s of cases) {
      // A tag whose ending byte is past the end is left for the next chunk.
      const whole = countRowTags(Buffer.from(`${s} `, 'latin1'));
      expect(whole.rows, s).toBe(byPattern(`${s} `));
    }
  });

  it('counts rows exactly across chunk boundaries, stored or deflated, ignoring <rowBreaks>', async () => {
    const xml = [...rowSheetChunks(100_000)].map((b) => b.toString()).join('');
    const withBreaks = xml.replace('</sheetData>', '</sheetData><rowBreaks count="1"><brk id="5"/></rowBreaks>');
    for (const entry of [
      stored('xl/worksheets/sheet1.xml', withBreaks),
      deflated('xl/worksheets/sheet1.xml', withBreaks),
    ]) {
      const { sheets } = await inspectXlsx(minimalXlsx(entry));
      expect(sheets).toEqual([{ name: '職員名簿', path: 'xl/worksheets/sheet1.xml', rows: 100_000 }]);
    }
    const prefixed =
      '<x:worksheet xmlns:x="m"><x:sheetData><x:row r="1"/><x:row\nr="2"></x:row></x:sheetData></x:worksheet>';
    const { sheets } = await inspectXlsx(minimalXlsx(deflated('xl/worksheets/sheet1.xml', prefixed)));
    expect(sheets[0]?.rows).toBe(2);
  });

  it('a sheet at exactly maxRows is accepted; one more row is refused', async () => {
    const header = ['職員番号', '氏名'];
    const rows = (n: number) => [
      header,
      ...Array.from({ length: n - 1 }, (_, i) => [String(i + 1).padStart(6, '0'), '氏名']),
    ];
    const exact = await exceljsWorkbook({ 職員名簿: rows(1000) });
    expect((await inspectXlsx(exact, { maxRows: 1000 })).sheets[0]?.rows).toBe(1000);
    const over = await exceljsWorkbook({ 職員名簿: rows(1001) });
    expect(await refused(over, { maxRows: 1000 })).toBe(msg.rows('職員名簿', '1,000'));
  });
});

describe('refused by format', () => {
  it('an empty file', async () => {
    expect(await refused(Buffer.alloc(0))).toBe('ファイルが空です。');
  });

  it('an .xls (OLE2 compound file), which is also how Excel wraps a password-protected .xlsx', async () => {
    expect(await refused(ole2File)).toBe(msg.legacy);
  });

  it('a Japanese CSV renamed .xlsx (and in Shift_JIS-like bytes too)', async () => {
    expect(await refused(csvFile)).toBe(msg.text);
    const sjis = Buffer.from([
      0x90, 0x45, 0x88, 0xf5, 0x94, 0xd4, 0x8d, 0x86, 0x2c, 0x8e, 0x81, 0x96, 0xbc, 0x0d, 0x0a,
    ]);
    expect(await refused(sjis)).toBe(msg.text);
  });

  it('a PDF or other binary that is not a zip', async () => {
    expect(await refused(Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj', 'latin1'))).toBe(msg.notXlsx);
    expect(await refused(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))).toBe(msg.notXlsx);
  });

  it('a truncated .xlsx: the first half, and one missing its last 100 bytes', async () => {
    const buf = await exceljsWorkbook(validRows);
    expect(await refused(buf.subarray(0, Math.floor(buf.length / 2)))).toBe(msg.corrupt);
    expect(await refused(buf.subarray(0, buf.length - 100))).toBe(msg.corrupt);
  });

  it('a zip whose central directory does not match its entries', async () => {
    const buf = Buffer.from(await exceljsWorkbook(validRows));
    const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const shifted = Buffer.from(buf);
    shifted.writeUInt32LE(buf.readUInt32LE(eocd + 16) + 1, eocd + 16); // central directory offset off by one
    expect(await refused(shifted)).toBe(msg.corrupt);
    const fewer = Buffer.from(buf);
    fewer.writeUInt16LE(buf.readUInt16LE(eocd + 10) - 1, eocd + 8);
    fewer.writeUInt16LE(buf.readUInt16LE(eocd + 10) - 1, eocd + 10);
    expect(await refused(fewer)).toBe(msg.corrupt);
  });

  it('a sheet whose deflate data is damaged, or shorter than declared', async () => {
    const good = deflated('xl/worksheets/sheet1.xml', [...rowSheetChunks(2000)].map(String).join(''));
    const damaged = Buffer.from(good.data);
    damaged.fill(0xff, 100, 200);
    expect(await refused(minimalXlsx({ ...good, data: damaged }))).toBe(msg.corrupt);
    expect(await refused(minimalXlsx({ ...good, declaredSize: good.size + 10 }))).toBe(msg.corrupt);
  });

  it('a .docx-like zip and a random zip are not workbooks', async () => {
    expect(await refused(docxLikeZip())).toBe(msg.notXlsx);
    expect(await refused(buildZip([deflated('readme.txt', 'hello')]))).toBe(msg.notXlsx);
  });

  it('Zip64 records and unsupported compression methods are refused clearly', async () => {
    const buf = Buffer.from(await exceljsWorkbook(validRows));
    const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const zip64 = Buffer.from(buf);
    zip64.writeUInt16LE(0xffff, eocd + 8);
    zip64.writeUInt16LE(0xffff, eocd + 10);
    expect(await refused(zip64)).toBe(
      '対応していない形式（Zip64）のファイルです。Excel で .xlsx 形式で保存し直してください。',
    );
    const bzip2 = { ...deflated('xl/worksheets/sheet1.xml', '<worksheet/>'), method: 12 };
    expect(await refused(minimalXlsx(bzip2))).toBe(
      '対応していない圧縮方式（12）が使われています。Excel で .xlsx 形式で保存し直してください。',
    );
  });
});

describe('refused by size, before anything is inflated', () => {
  it('a file over maxFileBytes, and more entries than maxEntries', async () => {
    const buf = await exceljsWorkbook(validRows);
    expect(await refused(buf, { maxFileBytes: 1024 })).toMatch(
      /^ファイルサイズ（[\d.]+ MB）が上限（0\.0 MB）を超えています。$/,
    );
    expect(await refused(buf, { maxEntries: 5 })).toMatch(
      /^ファイル内の項目数（\d+）が上限（5）を超えているため読み込みません。$/,
    );
  });

  it('a zip bomb: a 300 MB sheet compressed ~1000:1 is refused by its ratio without inflating', async () => {
    const sheet = await deflatedStream('xl/worksheets/sheet1.xml', paddedSheetChunks(300 * 1024 * 1024), 9);
    const bomb = minimalXlsx(sheet);
    expect(sheet.size).toBeGreaterThan(300 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const inflate = vi.spyOn(zlib, 'createInflateRaw');
    const { result, ms } = await measured('zip bomb', () => refused(bomb));
    expect(result).toBe(msg.bomb);
    expect(inflate).not.toHaveBeenCalled();
    expect(ms).toBeLessThan(1000);
    // Over the per-entry or total declared limits (here below the ratio) the answer is the same.
    expect(await refused(bomb, { maxRatio: 100_000, maxEntryUncompressed: 100 * 1024 * 1024 })).toBe(msg.bomb);
    expect(await refused(bomb, { maxRatio: 100_000, maxTotalUncompressed: 200 * 1024 * 1024 })).toBe(msg.bomb);
  });

  it('a lying header (declares 1 MB, inflates to 20 MB) is stopped while streaming', async () => {
    const real = await deflatedStream('xl/worksheets/sheet1.xml', paddedSheetChunks(20 * 1024 * 1024), 9);
    const lying = minimalXlsx({ ...real, declaredSize: 1_000_000 });
    const inflate = vi.spyOn(zlib, 'createInflateRaw');
    expect(await refused(lying, { maxEntryUncompressed: 5 * 1024 * 1024 })).toBe(msg.bomb);
    expect(inflate).toHaveBeenCalled();
  });
});

describe('a 300,000-row sheet', () => {
  it('is refused by its row count quickly and without holding the XML', async () => {
    const sheet = await deflatedStream('xl/worksheets/sheet1.xml', rowSheetChunks(300_000));
    const buf = minimalXlsx(sheet);
    expect(sheet.size).toBeGreaterThan(20 * 1024 * 1024);
    const { result, ms, rssGrowthMb } = await measured('300,000 rows', () => refused(buf));
    expect(result).toBe(msg.rows('職員名簿', '200,000'));
    expect(ms).toBeLessThan(5000);
    expect(rssGrowthMb).toBeLessThan(150);
  });
});
