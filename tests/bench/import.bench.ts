import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rosterSections, rosterWorkbook } from './roster';

/**
 * The Excel import at city scale (issue 3): a 35,000-staff 職員名簿 imported by Kaname (dry run,
 * commit into the encrypted store, re-import of the same file) against a baseline of the bare
 * libraries doing the unavoidable work on the same file (exceljs's document reader + plain
 * better-sqlite3 inserting the same rows). Each measurement runs in its own process
 * (import-worker.ts) so that its peak memory is its own. Goals: time ≤ 1.3×, peak memory ≤ 1.5×.
 * Then the staff list with a filter at that size, against a bare LIKE on the baseline's table.
 *
 * BENCH_STAFF changes the roster size; BENCH_RUNS forces the number of runs (else 3 if the whole
 * bench fits in about three minutes, 1 otherwise).
 */
const staffCount = Number(process.env['BENCH_STAFF'] ?? 35_000);
const forcedRuns = process.env['BENCH_RUNS'] === undefined ? null : Number(process.env['BENCH_RUNS']);
const budgetMs = 180_000;
const goals = { time: 1.3, memory: 1.5 };

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const worker = path.join(here, 'import-worker.ts');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaname-import-bench-'));
const started = Date.now();

type Measured = { ms: number; cpuMs: number; peakMb: number; startMb: number };

/**
 * The import worker as it ships (out/main/import-worker.js from `npx electron-vite build`) when that
 * bundle is there and no older than the core's sources; else the TypeScript source, which tsx then
 * compiles inside the timed part (the bench says which).
 */
function builtWorker(): { entry: string | null; note: string } {
  const built = path.join(root, 'out/main/import-worker.js');
  if (!fs.existsSync(built)) {
    return {
      entry: null,
      note: 'the TypeScript source through tsx (run `npx electron-vite build` to measure the built one)',
    };
  }
  const newest = (d: string): number =>
    fs
      .readdirSync(d, { withFileTypes: true })
      .reduce(
        (m, e) =>
          Math.max(m, e.isDirectory() ? newest(path.join(d, e.name)) : fs.statSync(path.join(d, e.name)).mtimeMs),
        0,
      );
  if (newest(path.join(root, 'electron/core')) > fs.statSync(built).mtimeMs) {
    return { entry: null, note: 'the TypeScript source through tsx (out/main is older than the sources: rebuild it)' };
  }
  return { entry: built, note: `the built one (${path.relative(root, built)})` };
}
const workerBuild = builtWorker();

function run<T>(mode: string, file: string, ...extra: string[]): T {
  const r = spawnSync(process.execPath, ['--import', 'tsx', worker, mode, file, dir, ...extra], {
    cwd: root,
    encoding: 'utf8',
    env: workerBuild.entry ? { ...process.env, KANAME_IMPORT_WORKER_ENTRY: workerBuild.entry } : process.env,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    throw new Error(`worker ${mode} failed (exit ${r.status ?? 'signal'})`);
  }
  const line = r.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as T;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const fmt = (n: number, digits = 0): string => n.toFixed(digits);
const ratio = (a: number, b: number): string => `×${(a / b).toFixed(2)}`;
const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const load = (): string =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

function verdict(r: number, goal: number): string {
  return r <= goal ? `goal ≤ ${goal}×: met` : `goal ≤ ${goal}×: MISSED`;
}

async function main(): Promise<void> {
  say(`${os.cpus().length} CPUs, load average at start ${load()} (other work on the machine skews wall times)`);
  say(`import worker: ${workerBuild.note}`);

  // 1. The roster, written once.
  const t = Date.now();
  const { buf, stats } = await rosterWorkbook(staffCount);
  const file = path.join(dir, 'roster.xlsx');
  fs.writeFileSync(file, buf);
  say(
    `roster: ${stats.rows.toLocaleString('en-US')} staff, ${stats.sections} sections, ${stats.lines} lines, ` +
      `${stats.textPostedOn.toLocaleString('en-US')} 現所属配属日 as 和暦 text; ` +
      `${(buf.length / 1024 / 1024).toFixed(2)} MB .xlsx (generated in ${fmt((Date.now() - t) / 1000, 1)} s)`,
  );

  // 2. The imports, interleaved, one process each (commit leaves the office that reimport copies).
  const modes = ['baseline', 'dry', 'commit', 'reimport'] as const;
  type Mode = (typeof modes)[number];
  const results = new Map<Mode, Measured[]>(modes.map((m) => [m, []]));
  const counts = new Map<Mode, unknown>();
  const prepares: { ms: number; cpuMs: number; warmed: boolean }[] = [];
  const round = (): void => {
    for (const m of modes) {
      const r = run<
        Measured & {
          counts?: unknown;
          problems?: number;
          rows?: number;
          prepare?: { ms: number; cpuMs: number; warmed: boolean };
        }
      >(m, file);
      if (r.prepare) prepares.push(r.prepare);
      results.get(m)!.push(r);
      counts.set(m, r.counts ?? { rows: r.rows });
      if ((r.problems ?? 0) > 0) say(`  ${m}: ${r.problems} problems reported (the roster should be clean)`);
    }
  };
  const roundStart = Date.now();
  round();
  const roundMs = Date.now() - roundStart;
  // Two more rounds, plus the query and the step breakdowns (about 1.5 rounds), must fit the budget.
  const runs = forcedRuns ?? (Date.now() - started + 3.5 * roundMs <= budgetMs ? 3 : 1);
  for (let i = 1; i < runs; i += 1) round();
  say(
    runs === 1
      ? `imports: 1 run each (one round took ${fmt(roundMs / 1000)} s; 3 runs would take the bench past ~${budgetMs / 60_000} min)`
      : `imports: median of ${runs} runs each, interleaved, one process per run (a round took ${fmt(roundMs / 1000)} s)`,
  );

  const med = (m: Mode): Measured => {
    const rs = results.get(m)!;
    return {
      ms: median(rs.map((r) => r.ms)),
      cpuMs: median(rs.map((r) => r.cpuMs)),
      peakMb: median(rs.map((r) => r.peakMb)),
      startMb: median(rs.map((r) => r.startMb)),
    };
  };
  const base = med('baseline');
  const labels: Record<Mode, string> = {
    baseline: 'baseline: exceljs load + plain SQLite insert',
    dry: 'Kaname dry run: parseImport + planImport',
    commit: 'Kaname commit: parseImport + commitImport',
    reimport: 'Kaname re-import (all unchanged), commit path',
  };
  say(`${''.padEnd(46)}   wall ms    cpu ms   peak RSS   (vs baseline: wall / cpu / peak)   wall ms of each run`);
  for (const m of modes) {
    const r = med(m);
    say(
      `  ${labels[m].padEnd(46)} ${fmt(r.ms).padStart(7)}   ${fmt(r.cpuMs).padStart(7)}   ${fmt(r.peakMb).padStart(5)} MB` +
        `   ${ratio(r.ms, base.ms)} / ${ratio(r.cpuMs, base.cpuMs)} / ${ratio(r.peakMb, base.peakMb)}` +
        `   ${results
          .get(m)!
          .map((x) => fmt(x.ms))
          .join(', ')}`,
    );
  }
  const warmed = prepares.filter((p) => p.warmed).length;
  say(
    `  (the import worker started before the timed part, as opening 取込・出力 starts it: ${warmed} of ${prepares.length} runs; ` +
      `its start-up, median ${fmt(median(prepares.map((p) => p.ms)))} ms wall / ${fmt(median(prepares.map((p) => p.cpuMs)))} ms cpu, ` +
      `is not in the figures, as the baseline's loading of exceljs is not)`,
  );
  say(
    `  (RSS before the timed part: baseline ${fmt(base.startMb)} MB, Kaname ${fmt(med('commit').startMb)} MB — modules, office open)`,
  );
  say(`  counts: ${modes.map((m) => `${m} ${JSON.stringify(counts.get(m))}`).join('; ')}`);
  const dry = med('dry');
  const commit = med('commit');
  const reimport = med('reimport');
  say('ratios against the baseline (goals: time ≤ 1.3×, peak memory ≤ 1.5×):');
  const line = (label: string, a: number, b: number, goal: number): void =>
    say(`  ${label.padEnd(34)} ${ratio(a, b).padEnd(7)} ${verdict(a / b, goal)}`);
  line('dry run / baseline, wall time', dry.ms, base.ms, goals.time);
  line('dry run / baseline, CPU time', dry.cpuMs, base.cpuMs, goals.time);
  line('commit / baseline, wall time', commit.ms, base.ms, goals.time);
  line('commit / baseline, CPU time', commit.cpuMs, base.cpuMs, goals.time);
  line('commit peak / baseline peak', commit.peakMb, base.peakMb, goals.memory);
  line('dry-run peak / baseline peak', dry.peakMb, base.peakMb, goals.memory);
  line('re-import / baseline, wall time', reimport.ms, base.ms, goals.time);
  line('re-import / baseline, CPU time', reimport.cpuMs, base.cpuMs, goals.time);
  line('re-import peak / baseline peak', reimport.peakMb, base.peakMb, goals.memory);

  // 3. The staff list at this size.
  const section = rosterSections[12]!;
  type Q = { ms: number; rows: number };
  const q = run<{ runs: number; filtered: Q; textOnly: Q; all: Q; bareFiltered: Q; bareText: Q; bareAll: Q }>(
    'query',
    file,
    section,
  );
  say(
    `staff list at ${staffCount.toLocaleString('en-US')} staff, median of ${q.runs} runs ` +
      `(listStaff on the encrypted office vs a bare SELECT … WHERE name LIKE ? on the baseline's plain table):`,
  );
  const qline = (label: string, k: Q, bare: Q): void =>
    say(
      `  ${label.padEnd(40)} ${fmt(k.ms, 1).padStart(6)} ms (${k.rows} rows)   bare ${fmt(bare.ms, 1).padStart(6)} ms (${bare.rows} rows)   ${ratio(k.ms, bare.ms)}`,
    );
  qline(`'田' + 所属 ${section} + 在職`, q.filtered, q.bareFiltered);
  qline(`'田' only (在職 by default)`, q.textOnly, q.bareText);
  qline('no filter (在職 by default)', q.all, q.bareAll);

  // 4. Where the time and memory go: the commit path step by step (one run each).
  type Step = { step: string; ms: number; cpuMs: number; rssMb: number; heapMb: number; peakMb: number };
  for (const mode of ['phases-fresh', 'phases-reimport'] as const) {
    const p = run<{ steps: Step[]; auditMs: number; auditEntries: number }>(mode, file);
    say(
      `commit path step by step, ${mode === 'phases-fresh' ? 'into an empty office' : 're-import, all unchanged'} (1 run; baseline: ${fmt(base.ms)} ms wall, ${fmt(base.cpuMs)} ms cpu, ${fmt(base.peakMb)} MB peak):`,
    );
    const steps = p.steps.slice(1);
    const total = steps.reduce((s, x) => s + x.cpuMs, 0);
    for (const s of steps) {
      say(
        `  ${s.step.padEnd(72)} ${fmt(s.ms).padStart(6)} ms wall ${fmt(s.cpuMs).padStart(6)} ms cpu ${fmt((100 * s.cpuMs) / total).padStart(3)}%` +
          `   heap ${fmt(s.heapMb).padStart(3)} MB, rss ${fmt(s.rssMb)} MB, peak ${fmt(s.peakMb)} MB`,
      );
    }
    if (p.auditEntries > 0)
      say(`  (in plan.apply: the audit writer, ${p.auditEntries} entries: ${fmt(p.auditMs)} ms wall)`);
  }
  say(`load average at end ${load()}; total bench time ${fmt((Date.now() - started) / 1000)} s`);
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  fs.rmSync(dir, { recursive: true, force: true });
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
