import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, describe, expect, it } from 'vitest';
import type { PlacementRow, PlacementSummary } from '../../shared/api/placement';
import { registerFonts, fontName } from '../../electron/core/placement/pdf/fonts';
import { renderSectionListPdf, renderSummariesPdf, writeSummariesPdf } from '../../electron/core/placement/pdf/render';
import { rowsPerPage } from '../../electron/core/placement/pdf/section-list';
import { sectionListXlsx } from '../../electron/core/placement/section-xlsx';
import { tempDir } from '../helpers/office';

/*
 * The placement PDFs read back (docs/placement.md, "PDF"): page count and size, the text extractable
 * with pdfjs (including 﨑 and the surrogate pair 𠮷), 取扱注意 and the per-person page number on
 * every page, overlong text shortened on its one page, Japanese line breaking, the embedded subset
 * fonts; and the Excel section list's print setup.
 */

const dir = tempDir('kaname-placement-pdf-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

type PageText = { width: number; height: number; items: { str: string; x: number; y: number }[]; text: string };

async function readPdf(data: Buffer): Promise<PageText[]> {
  const pdf = await getDocument({ data: new Uint8Array(data), useSystemFonts: false }).promise;
  const pages: PageText[] = [];
  for (let i = 1; i <= pdf.numPages; i += 1) {
    const page = await pdf.getPage(i);
    const [, , width, height] = page.view as [number, number, number, number];
    const content = await page.getTextContent();
    const items = content.items.flatMap((it) => {
      if (!('str' in it)) return [];
      const t = it.transform as number[];
      return [{ str: it.str, x: t[4]!, y: t[5]! }];
    });
    pages.push({ width, height, items, text: items.map((it) => it.str).join('') });
  }
  await pdf.destroy();
  return pages;
}

const results: PlacementSummary['results'] = [
  { fy: 2024, rankClass: 2, score: 82.5, source: 'imported' },
  { fy: 2025, rankClass: 3, score: 75, source: 'kaname' },
  { fy: 2026, rankClass: null, score: null, source: null },
];

function summary(staffNo: string, name: string, extra: Partial<PlacementSummary> = {}): PlacementSummary {
  return {
    fy: 2026,
    person: {
      staffNo,
      name,
      kana: 'やまざき たろう',
      section: '区民課',
      line: '住民記録係',
      position: '係長',
      gradeGroup: '係長級',
      jobType: '一般事務',
      employment: '正規',
      hiredOn: '2008-04-01',
      yearsOfService: 18,
      postedOn: '2020-04-01',
      yearsInPost: 6,
      qualifications: '行政書士',
    },
    transfers: [{ onDate: '2020-04-01', from: '税務課', to: '区民課' }],
    wishes: [{ label: '異動の希望', text: '福祉分野への異動を希望する。' }],
    results,
    awards: [],
    training: [],
    applications: [],
    comments: [{ label: '面談の所見', text: '窓口改善で成果を上げた。' }],
    ...extra,
  };
}

const printedOn = '2026-12-02';

describe('summaries PDF', () => {
  const overlong = '異動を希望します。'.repeat(334).slice(0, 3000);
  const people = [
    summary('100001', '山﨑 花子'),
    summary('100002', '𠮷田 一郎', {
      transfers: Array.from({ length: 12 }, (_, i) => ({ onDate: `${2020 - i}-04-01`, from: '税務課', to: '区民課' })),
    }),
    summary('100003', '長文 希望', { wishes: [{ label: '異動の希望', text: overlong }] }),
  ];
  let pages: PageText[] = [];
  let data: Buffer = Buffer.alloc(0);

  it('is one A4 portrait page per person, with the text extractable', async () => {
    const r = await renderSummariesPdf(people, { printedOn });
    data = r.data;
    fs.writeFileSync(path.join(dir, 'summaries.pdf'), data);
    expect(r.pages).toBe(3);
    pages = await readPdf(data);
    expect(pages).toHaveLength(3);
    for (const p of pages) {
      expect(p.width).toBeCloseTo(595.28, 1);
      expect(p.height).toBeCloseTo(841.89, 1);
      expect(p.text).toContain('人事配置資料');
      expect(p.text).toContain('令和8年度（2026年度）');
      expect(p.text).toContain('取扱注意');
      expect(p.text).toContain('印刷日 令和8年12月2日');
      // Numbered per person, never 「2 / 3」 across the print.
      expect(p.items.map((it) => it.str)).toContain('1 / 1');
      expect(p.text).not.toMatch(/[23] \/ 3/u);
    }
    expect(pages[0]!.text).toContain('山﨑 花子');
    expect(pages[1]!.text).toContain('𠮷田 一郎');
    expect(pages[0]!.text).toContain('100001');
    expect(pages[0]!.text).toContain('平成20年4月1日（在職18年）');
    expect(pages[0]!.text).toContain('令和2年4月1日（在課6年）');
  });

  it('prints the three years with — for none and marks imported ones', () => {
    const t = pages[0]!.text;
    expect(t).toContain('第2区分（取込）');
    expect(t).toContain('82.5');
    expect(t).toContain('第3区分');
    expect(t).toMatch(/令和8年度（2026）\s*—\s*—/u);
  });

  it('shortens an overlong 異動の希望 visibly on the same page and ends an overflowing list with ほかN件', () => {
    expect(pages[2]!.text).toContain('…（以下略）');
    expect(pages[2]!.text).toContain('異動を希望します。');
    expect(pages[0]!.text).not.toContain('以下略');
    // 12 transfers, room for 5 lines: 4 shown and 「ほか8件（以下略）」.
    expect(pages[1]!.text).toContain('ほか8件（以下略）');
    expect(pages[1]!.text).toContain('令和2年4月1日');
    expect(pages[1]!.text).not.toContain('平成28年4月1日');
  });

  it('embeds Noto Sans JP as subsets, not whole 5 MB fonts', () => {
    const raw = data.toString('latin1');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansJP-Regular/u);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansJP-Bold/u);
    expect(data.length).toBeLessThan(300_000);
  });

  it('breaks Japanese lines without 。、」） at a line start or 「（ at a line end', async () => {
    // Text whose every line would break next to punctuation if cut character by character.
    const unit = '確認した。「次」は、（案）を・見直し」ーとする」『再』【要】〔済〕，．';
    const text = Array.from({ length: 40 }, (_, i) => unit.slice(i % 7) + unit.slice(0, i % 7)).join('');
    const r = await renderSummariesPdf([summary('100004', '禁則 確認', { wishes: [{ label: '理由', text }] })], {
      printedOn,
    });
    const [page] = await readPdf(r.data);
    const noStart = /^[。、」）』】〕，．・ー]/u;
    const noEnd = /[「（『【]$/u;
    const lines = page!.items.map((it) => it.str).filter((s) => s.trim() !== '');
    const wishLines = lines.filter((s) => /[確認次案見直再要済]/u.test(s));
    expect(wishLines.length).toBeGreaterThan(5);
    for (const line of lines) {
      expect(line, `line starts with a forbidden character: ${line}`).not.toMatch(noStart);
      expect(line, `line ends with an opening bracket: ${line}`).not.toMatch(noEnd);
    }

    // The test can fail: cut greedily by width, the same text puts punctuation at line starts.
    const doc = new PDFDocument({ autoFirstPage: false });
    registerFonts(doc);
    doc.font(fontName.regular).fontSize(8.5);
    const width = 595.28 - 72 - 92 - 8;
    const greedy: string[] = [];
    let cur = '';
    for (const ch of Array.from(text)) {
      if (doc.widthOfString(cur + ch) > width) {
        greedy.push(cur);
        cur = '';
      }
      cur += ch;
    }
    expect(greedy.some((l) => noStart.test(l))).toBe(true);
  });

  it('streams many people to a file, one page each', async () => {
    const file = path.join(dir, 'stream.pdf');
    function* many(): Generator<PlacementSummary> {
      for (let i = 0; i < 120; i += 1) yield summary(String(200000 + i), `職員 ${i}`);
    }
    const { pages: n } = await writeSummariesPdf(many(), fs.createWriteStream(file), { printedOn });
    expect(n).toBe(120);
    const read = await readPdf(fs.readFileSync(file));
    expect(read).toHaveLength(120);
    expect(read[119]!.text).toContain('200119');
    expect(read.every((p) => p.text.includes('取扱注意') && p.items.some((it) => it.str === '1 / 1'))).toBe(true);
  });
});

function row(i: number, name = `職員 ${i}`): PlacementRow {
  return {
    staffNo: String(300000 + i),
    name,
    kana: 'しょくいん',
    section: '区民課',
    line: '住民記録係',
    position: '係員',
    gradeGroup: '係員級',
    yearsOfService: 10,
    yearsInPost: i % 8,
    wishesTransfer: i % 3 === 0,
    applied: i % 5 === 0,
    qualifications:
      i === 1 ? '行政書士、簿記2級、普通自動車第一種運転免許、情報処理安全確保支援士、社会福祉主事任用資格' : '',
    results,
  };
}

describe('section list', () => {
  const count = rowsPerPage * 2 + 5;
  const rows = Array.from({ length: count }, (_, i) => row(i, i === 0 ? '山﨑 𠮷郎' : undefined));

  it('is A3 landscape, numbered over its own pages, the header on every page', async () => {
    const r = await renderSectionListPdf(2026, '区民課', rows, { printedOn });
    fs.writeFileSync(path.join(dir, 'section.pdf'), r.data);
    expect(r.pages).toBe(3);
    const pages = await readPdf(r.data);
    expect(pages).toHaveLength(3);
    pages.forEach((p, i) => {
      expect(p.width).toBeCloseTo(1190.55, 1);
      expect(p.height).toBeCloseTo(841.89, 1);
      expect(p.text).toContain('取扱注意');
      expect(p.text).toMatch(/所属別一覧\s区民課/u);
      for (const h of ['職員番号', '氏名', '職位', '職層', '在職年数', '在課年数', '異動希望', '資格', '公募']) {
        expect(p.items.map((it) => it.str)).toContain(h);
      }
      expect(p.items.map((it) => it.str)).toContain(`${i + 1} / 3`);
    });
    expect(pages[0]!.text).toContain('山﨑 𠮷郎');
    expect(pages[0]!.text).toContain('第2区分（取込）');
    // Rows in the order given, split over the pages.
    expect(pages[1]!.text).toContain(String(300000 + rowsPerPage));
    expect(pages[0]!.text).not.toContain(String(300000 + rowsPerPage));
    expect(pages[2]!.text).toContain(String(300000 + count - 1));
    // A long 資格 is shortened visibly in its cell.
    expect(pages[0]!.text).toMatch(/行政書士、簿記2級.*…/u);
  });

  it('is one page saying so for a section without staff', async () => {
    const r = await renderSectionListPdf(2026, '空き課', [], { printedOn });
    const pages = await readPdf(r.data);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.text).toContain('該当する職員はいません');
    expect(pages[0]!.items.map((it) => it.str)).toContain('1 / 1');
  });

  it('as Excel: A3 landscape one page wide, header repeated, 取扱注意, Japanese fonts, plain values', async () => {
    const buf = await sectionListXlsx(2026, '区民課&総務', rows);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('所属別一覧')!;
    expect(ws.pageSetup.paperSize).toBe(8);
    expect(ws.pageSetup.orientation).toBe('landscape');
    expect(ws.pageSetup.fitToWidth).toBe(1);
    expect(ws.pageSetup.printTitlesRow).toBe('1:1');
    expect(ws.headerFooter.oddHeader).toContain('取扱注意');
    expect(ws.headerFooter.oddHeader).toContain('区民課&&総務');
    expect(ws.headerFooter.oddFooter).toContain('取扱注意');
    expect(ws.getRow(1).values).toEqual([
      undefined,
      '職員番号',
      '氏名',
      '職位',
      '職層',
      '在職年数',
      '在課年数',
      '令和6年度 区分',
      '令和7年度 区分',
      '令和8年度 区分',
      '異動希望',
      '資格',
      '公募',
    ]);
    expect(ws.rowCount).toBe(count + 1);
    expect(ws.getRow(2).getCell(2).value).toBe('山﨑 𠮷郎');
    expect(ws.getRow(2).getCell(5).value).toBe(10);
    expect(ws.getRow(2).getCell(7).value).toBe('第2区分（取込）');
    ws.eachRow((r) =>
      r.eachCell({ includeEmpty: true }, (c) => {
        expect(c.font?.name, `font of ${c.address}`).toBe('游ゴシック');
        expect(['string', 'number', 'object']).toContain(typeof c.value);
        if (typeof c.value === 'object') expect(c.value).toBeNull();
      }),
    );
  });
});
