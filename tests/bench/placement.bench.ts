import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PlacementSummary } from '../../shared/api/placement';

/**
 * 人事配置資料 at scale (issue 13, docs/placement.md "PDF"): one A4 page per person, streamed to one
 * file, by Kaname (writeSummariesPdf: its layout, fitting, 取扱注意, page numbers) against the bare
 * library in the same run — pdfkit writing the same text with the same fonts (Noto Sans JP 400/700,
 * embedded as subsets), one wrapped text block per page, no layout. Goal: Kaname ≤ 1.5× the bare
 * time. Then Kaname's peak memory at two sizes, to show that it stays bounded as the count grows.
 *
 * Sizes: the demo ward (its real summaries, read once from a demo office) and BENCH_PLACEMENT
 * synthetic people (default 35,000), generated lazily in the measuring process so that neither side
 * holds them all. Each measurement runs in its own process (this file with `worker …`), so its peak
 * RSS is its own.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const self = fileURLToPath(import.meta.url);
const printedOn = '2026-12-02';
const goal = 1.5;

type Measured = { ms: number; cpuMs: number; peakMb: number; startMb: number; pages: number; bytes: number };

// ---------- the synthetic people ----------

const surnames = ['山﨑', '𠮷田', '佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '中村', '小林', '加藤', '吉田'];
const givens = ['太郎', '花子', '一郎', '洋子', '健一', '美穂', '翔太', '由美', '大輔', '恵'];
const sections = ['区民課', '税務課', '福祉課', '保険年金課', '地域振興課', '環境課', '総務課', '子育て支援課'];
const sentences = [
  '窓口業務の改善に取り組み、待ち時間を短縮した。',
  '福祉分野で相談支援の経験を積みたい。',
  '「次は企画」の仕事で、区全体の施策に関わりたい（特に防災）。',
  '係内の業務分担を見直し、繁忙期の残業を減らした。',
  '異動を希望する。現所属での経験を生かし、新しい分野に挑戦したい。',
  '後輩の指導にも熱心で、係の雰囲気づくりに貢献している。',
  'DX推進、業務改善プロジェクトへの参加を希望。',
];

/** A small deterministic generator (the same people in every run and process). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function syntheticSummary(i: number): PlacementSummary {
  const r = rng(i + 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const text = (min: number, max: number): string =>
    Array.from({ length: min + Math.floor(r() * (max - min + 1)) }, () => pick(sentences)).join('');
  const fy = 2026;
  return {
    fy,
    person: {
      staffNo: String(100000 + i),
      name: `${pick(surnames)} ${pick(givens)}`,
      kana: 'しょくいん たろう',
      section: pick(sections),
      line: '第一係',
      position: '係員',
      gradeGroup: '係員級',
      jobType: '一般事務',
      employment: '正規',
      hiredOn: '2010-04-01',
      yearsOfService: 16,
      postedOn: '2022-04-01',
      yearsInPost: 4,
      qualifications: r() < 0.3 ? '行政書士、簿記2級、普通自動車第一種運転免許' : '',
    },
    transfers: Array.from({ length: 1 + Math.floor(r() * 5) }, (_, k) => ({
      onDate: `${2022 - 3 * k}-04-01`,
      from: pick(sections),
      to: pick(sections),
    })),
    wishes: [
      { label: '異動の希望', text: r() < 0.4 ? '異動希望' : '継続希望' },
      { label: '異動希望の理由', text: text(1, r() < 0.05 ? 40 : 4) },
      { label: '将来やってみたい仕事', text: text(1, 2) },
      { label: '身につけたい知識・能力', text: text(0, 1) },
    ],
    results: [
      { fy: 2024, rankClass: 3, score: 3.5, source: 'imported' },
      { fy: 2025, rankClass: 2, score: 3.9, source: 'kaname' },
      { fy: 2026, rankClass: null, score: null, source: null },
    ],
    awards: r() < 0.2 ? [{ fy: 2025, title: '区長表彰', category: '業務改善', awardedOn: '2025-11-03' }] : [],
    training: Array.from({ length: Math.floor(r() * 9) }, (_, k) => ({
      fy: 2026 - (k % 3),
      title: pick(['接遇研修（全職員）', '情報セキュリティ研修', '階層別研修', '政策形成研修']),
      category: '階層別',
      attendedOn: `${2026 - (k % 3)}-06-10`,
      hours: 3,
    })),
    applications:
      r() < 0.1 ? [{ fy: 2025, kind: '庁内公募', title: 'DX推進担当', status: '不採用', appliedAt: '2025-05-20' }] : [],
    comments: [{ label: '面談の所見（令和8年度）', text: text(1, 2) }],
  };
}

/** Every string a summary prints, for the bare baseline. */
function textsOf(s: PlacementSummary): string[] {
  const p = s.person;
  return [
    '人事配置資料',
    '取扱注意',
    p.kana,
    p.staffNo,
    p.section ?? '',
    p.line ?? '',
    p.position,
    p.gradeGroup,
    p.jobType,
    p.employment,
    p.hiredOn ?? '',
    p.postedOn ?? '',
    p.qualifications,
    ...s.transfers.map((t) => `${t.onDate} ${t.from ?? ''} ${t.to ?? ''}`),
    ...s.results.map((r) => `${r.fy} ${r.rankClass ?? '—'} ${r.score ?? '—'}`),
    ...s.wishes.flatMap((w) => [w.label, w.text]),
    ...s.awards.map((a) => `${a.fy} ${a.title} ${a.category} ${a.awardedOn}`),
    ...s.training.map((t) => `${t.fy} ${t.title} ${t.category} ${t.attendedOn} ${t.hours}`),
    ...s.applications.map((a) => `${a.fy} ${a.kind} ${a.title} ${a.status} ${a.appliedAt}`),
    ...s.comments.flatMap((c) => [c.label, c.text]),
    '1 / 1',
  ];
}

// ---------- one measurement (a worker process) ----------

async function worker(mode: string, source: string, file: string): Promise<void> {
  const peakMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);
  const summaries = (): Iterable<PlacementSummary> => {
    if (source.startsWith('json:')) return JSON.parse(fs.readFileSync(source.slice(5), 'utf8')) as PlacementSummary[];
    const n = Number(source.slice('synthetic:'.length));
    return (function* gen() {
      for (let i = 0; i < n; i += 1) yield syntheticSummary(i);
    })();
  };
  // Modules and fonts loaded before the timed part, on both sides.
  const { fontData, registerFonts, fontName } = await import('../../electron/core/placement/pdf/fonts');
  fontData('regular');
  fontData('bold');
  const PDFDocument = (await import('pdfkit')).default;
  const { writeSummariesPdf } = await import('../../electron/core/placement/pdf/render');
  const startMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
  const t = process.hrtime.bigint();
  const c = process.cpuUsage();
  let pages = 0;
  if (mode === 'kaname') {
    ({ pages } = await writeSummariesPdf(summaries(), fs.createWriteStream(file), { printedOn }));
  } else {
    // The bare library: the same text, the same fonts, one wrapped block per page, streamed.
    const doc = new PDFDocument({ autoFirstPage: false, margin: 0 });
    registerFonts(doc);
    const out = fs.createWriteStream(file);
    const done = new Promise<void>((resolve) => out.on('finish', resolve));
    doc.pipe(out);
    for (const s of summaries()) {
      doc.addPage({ size: 'A4', margin: 0 });
      doc.font(fontName.bold).fontSize(12).text(s.person.name, 36, 36, { width: 523, height: 20, lineBreak: false });
      doc.font(fontName.regular).fontSize(8.5).text(textsOf(s).join('\n'), 36, 60, { width: 523, height: 740 });
      pages += 1;
      // The same back-pressure as Kaname's writer, or the bare side would hold the whole file.
      while (doc.readableLength > 1024 * 1024) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    doc.end();
    await done;
  }
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const d = process.cpuUsage(c);
  const result: Measured = {
    ms,
    cpuMs: (d.user + d.system) / 1000,
    peakMb: peakMb(),
    startMb,
    pages,
    bytes: fs.statSync(file).size,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

// ---------- the bench ----------

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const fmt = (n: number, digits = 0): string => n.toFixed(digits);

function measure(dir: string, mode: 'kaname' | 'bare', source: string): Measured {
  const file = path.join(dir, `${mode}-${source.replace(/\W+/gu, '_')}.pdf`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', self, 'worker', mode, source, file], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    throw new Error(`worker ${mode} ${source} failed (exit ${r.status ?? 'signal'})`);
  }
  fs.rmSync(file, { force: true });
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as Measured;
}

function report(label: string, k: Measured, b: Measured): void {
  const pps = (m: Measured): string => fmt((m.pages / m.ms) * 1000);
  say(`${label}: ${k.pages.toLocaleString('en-US')} pages`);
  for (const [who, m] of [
    ['Kaname (writeSummariesPdf)', k],
    ['bare pdfkit, same text', b],
  ] as const) {
    say(
      `  ${who.padEnd(28)} ${fmt(m.ms).padStart(7)} ms wall ${fmt(m.cpuMs).padStart(7)} ms cpu  ${pps(m).padStart(5)} pages/s` +
        `  peak RSS ${m.peakMb} MB (${m.startMb} MB before)  ${fmt(m.bytes / 1024 / 1024, 1)} MB file, ${fmt(m.bytes / m.pages / 1024, 1)} KB/page`,
    );
  }
  const r = k.cpuMs / b.cpuMs;
  say(
    `  Kaname / bare: wall ×${fmt(k.ms / b.ms, 2)}, cpu ×${fmt(r, 2)} (goal ≤ ${goal}×: ${r <= goal ? 'met' : 'MISSED'}), peak ×${fmt(k.peakMb / b.peakMb, 2)}`,
  );
}

async function main(): Promise<void> {
  const started = Date.now();
  const requested = Number(process.env['BENCH_PLACEMENT'] ?? 35_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaname-placement-bench-'));
  try {
    say(
      `${os.cpus().length} CPUs, load average ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    );

    // 1. The demo ward: its real summaries, read once through the service's plain read.
    const { createDemoOffice } = await import('../../electron/core/demo/demo');
    const { closeOffice } = await import('../../electron/core/office/office.service');
    const { summaryOf } = await import('../../electron/core/placement/placement.service');
    const { fiscalYearOf } = await import('../../shared/fiscal-year');
    const { office } = await createDemoOffice(path.join(dir, 'demo.db'), 'bench-password-0001', false);
    const ids = (
      office.db.prepare('SELECT id FROM staff WHERE active = 1 ORDER BY staff_no').all() as { id: number }[]
    ).map((r) => r.id);
    const t = Date.now();
    const demo = ids.map((id) => summaryOf(office.db, fiscalYearOf(new Date()), id));
    const readMs = Date.now() - t;
    closeOffice(office);
    const demoFile = path.join(dir, 'demo.json');
    fs.writeFileSync(demoFile, JSON.stringify(demo));
    say(`demo ward: ${demo.length} summaries read with summaryOf in ${readMs} ms (not part of the timings below)`);
    report('demo ward', measure(dir, 'kaname', `json:${demoFile}`), measure(dir, 'bare', `json:${demoFile}`));

    // 2. A probe decides whether the requested size fits the ~3 minute budget.
    const probeN = 2000;
    const probe = measure(dir, 'kaname', `synthetic:${probeN}`);
    const perPageMs = probe.ms / probeN;
    // Kaname at n and n/5, bare at n (about Kaname's own time since docs/placement.md "Speed"): ~2.2 × Kaname(n).
    const budgetMs = 180_000 - (Date.now() - started);
    const fits = Math.floor(budgetMs / (2.2 * perPageMs) / 1000) * 1000;
    const n = process.env['BENCH_PLACEMENT'] === undefined ? Math.max(probeN, Math.min(requested, fits)) : requested;
    if (n < requested) {
      say(
        `NOTE: ${requested.toLocaleString('en-US')} people would take the bench past ~3 minutes on this machine ` +
          `(${fmt(perPageMs, 1)} ms a page); measuring ${n.toLocaleString('en-US')} instead. ` +
          `BENCH_PLACEMENT=${requested} runs the full size.`,
      );
    }
    const k = measure(dir, 'kaname', `synthetic:${n}`);
    const b = measure(dir, 'bare', `synthetic:${n}`);
    report(`synthetic people, streamed to one file`, k, b);
    const small = measure(dir, 'kaname', `synthetic:${Math.round(n / 5)}`);
    say(
      `memory bounded: Kaname peak RSS ${small.peakMb} MB at ${small.pages.toLocaleString('en-US')} pages, ` +
        `${k.peakMb} MB at ${k.pages.toLocaleString('en-US')} pages (×${fmt(k.pages / small.pages, 1)} the pages, ` +
        `×${fmt(k.peakMb / small.peakMb, 2)} the memory)`,
    );
    say(`total bench time ${fmt((Date.now() - started) / 1000)} s`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const [first, mode, source, file] = process.argv.slice(2);
(first === 'worker' ? worker(mode ?? '', source ?? '', file ?? '') : main()).catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
