import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AnyImportKind } from '../../../shared/contract';
import { AppError } from '../../../shared/result';
import type { ErrorCode } from '../../../shared/result';
import { log } from '../log';
import type { StaffRecord } from '../staff/org.repo';
import { maxListedChanges, progressAt, unpack } from './import-worker';
import type { WorkerMessage, WorkerPlan, WorkerRequest } from './import-worker';
import type { ParsedImport } from './kind';
import { parseWorkbook } from './parse';
import type { ImportOptions } from './plan';
import { planStaffFrom } from './roster/staff';

/*
 * Runs the import worker (import-worker.ts) so that a 35,000-row file does not hold the main
 * process — every window — for seconds (docs/workbook-import.md). The worker's entry is found
 * beside this code: the bundled program's import-worker.js / .cjs (out/main, out/cli, out/host), or
 * the TypeScript source run through tsx (tests, `npm run bench`). Where none is found, or the worker
 * cannot start, the same work runs on this thread instead; that fallback is logged as an event. A
 * worker that started and then died (out of memory on a hostile file, say) is not retried here: the
 * file is refused, so that what killed a worker never runs where every window waits on it.
 * A small file (under workerMinBytes: a few thousand rows, parsed in well under a second) is parsed
 * here directly: starting a worker would cost more than it spares. KANAME_IMPORT_WORKER=1 uses the
 * worker for every file, =0 for none (to measure the difference).
 *
 * Starting a worker — a new V8 isolate loading exceljs — costs about 0.4 s of CPU before it reads a
 * byte. prepareWorker starts one ahead, when HR opens 取込・出力 (`import:prepare`): the spare waits
 * loaded, holding nothing, and the next import takes it; one spare at most, dropped after
 * spareIdleMs unused (docs/workbook-import.md "The spare worker").
 */

/** Files from this size on are parsed in the worker (a 5,000-row 職員名簿 is about 280 KB). */
export const workerMinBytes = 256 * 1024;

/** 'auto': the worker for files from workerMinBytes on; 'always' / 'never' override it. */
export type WorkerUse = 'auto' | 'always' | 'never';

function workerUse(requested: WorkerUse | undefined): WorkerUse {
  const env = process.env['KANAME_IMPORT_WORKER'];
  if (env === '0') return 'never';
  if (env === '1') return 'always';
  return requested ?? 'auto';
}

/** A share of the work done, 0–100. */
export type ImportProgress = (percent: number) => void;

export type WorkerResult = { parsed: ParsedImport; plan: WorkerPlan | null; ranIn: 'worker' | 'thread' };

/** The heap a worker may use by default (MB): far above a 35,000-row roster's, far below the machine's. */
export const workerHeapMb = 2048;

/** The refusal when a running worker died on a file (docs/workbook-import.md). */
export const workerDiedMessage =
  'このファイルを読み込む途中で取り込みの処理が止まりました（ファイルが大きすぎるか、壊れている可能性があります）。' +
  'Excelで開いて保存し直すか、いくつかのファイルに分けて取り込んでください。';

type Entry = { file: string; source: boolean };

function moduleDir(): string {
  // __dirname in CommonJS bundles, under tsx and under Vitest; the working directory otherwise.
  return typeof __dirname === 'string' ? __dirname : process.cwd();
}

/**
 * The worker's entry beside this code (or one folder up, for a bundle that put this code in a chunk).
 * KANAME_IMPORT_WORKER_ENTRY names a built entry instead: the benchmark runs the core from source but
 * measures the worker that ships (out/main/import-worker.js), not tsx compiling it.
 */
export function workerEntry(dir = moduleDir()): Entry | null {
  const named = process.env['KANAME_IMPORT_WORKER_ENTRY'];
  if (named && /\.c?js$/.test(named) && fs.existsSync(named)) return { file: path.resolve(named), source: false };
  for (const d of [dir, path.dirname(dir)]) {
    for (const name of ['import-worker.cjs', 'import-worker.js']) {
      const file = path.join(d, name);
      if (fs.existsSync(file)) return { file, source: false };
    }
  }
  const source = path.join(dir, 'import-worker.ts');
  return fs.existsSync(source) ? { file: source, source: true } : null;
}

/** A worker on the TypeScript source: tsx's require hook first (only where tsx is installed). */
function startWorker(entry: Entry, heapMb: number): Worker {
  const workerData = { kanameImportWorker: true };
  const resourceLimits = { maxOldGenerationSizeMb: heapMb };
  if (!entry.source) return new Worker(entry.file, { workerData, resourceLimits });
  const tsx = createRequire(entry.file).resolve('tsx/cjs');
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(entry.file)});`, {
    eval: true,
    workerData,
    resourceLimits,
  });
}

/** How long a spare worker waits for a file before it is dropped (its ~40 MB given back). */
export const spareIdleMs = 10 * 60_000;

/** A spare worker; `release` removes the listeners prepareWorker set on it, and only those. */
type Spare = { worker: Worker; ready: Promise<boolean>; idle: NodeJS.Timeout; release: () => void };
let spare: Spare | null = null;

/** Drops the spare worker, if any (it holds no file: nothing is lost). */
export function dropSpareWorker(): void {
  const s = spare;
  if (s === null) return;
  spare = null;
  clearTimeout(s.idle);
  s.release();
  void s.worker.terminate();
}

/**
 * Starts the spare worker unless one is there, resolving true once it has loaded (false where no
 * worker can run: none is wanted, no entry, or it failed to start). Idempotent; each call restarts
 * the spare's idle time.
 */
export function prepareWorker(): Promise<boolean> {
  if (workerUse(undefined) === 'never') return Promise.resolve(false);
  if (spare !== null) {
    spare.idle.refresh();
    return spare.ready;
  }
  const entry = workerEntry();
  if (!entry) return Promise.resolve(false);
  let worker: Worker;
  try {
    worker = startWorker(entry, workerHeapMb);
  } catch {
    return Promise.resolve(false);
  }
  // A waiting spare never keeps a process (the CLI, a test run) alive.
  worker.unref();
  let release = (): void => undefined;
  const ready = new Promise<boolean>((resolve) => {
    const gone = (): void => {
      if (spare?.worker === worker) dropSpareWorker();
      resolve(false);
    };
    const loaded = (m: WorkerMessage): void => resolve(m.type === 'ready');
    worker.once('message', loaded);
    worker.once('error', gone);
    worker.once('exit', gone);
    release = () => {
      worker.off('message', loaded);
      worker.off('error', gone);
      worker.off('exit', gone);
    };
  });
  const idle = setTimeout(dropSpareWorker, spareIdleMs);
  idle.unref();
  spare = { worker, ready, idle, release };
  return ready;
}

/** Whether a spare worker is waiting for a file (tests, docs/workbook-import.md). */
export function spareWorkerWaiting(): boolean {
  return spare !== null;
}

/** The spare worker, taken for one file (it is not replaced until prepareWorker is called again). */
function takeSpare(): Worker | null {
  const s = spare;
  if (s === null) return null;
  spare = null;
  clearTimeout(s.idle);
  // Only its own listeners: removeAllListeners() would also remove Node's hooks that start the
  // worker's message port when a 'message' listener is added, and every progress report would then
  // arrive together with the result.
  s.release();
  s.worker.ref();
  return s.worker;
}

function inThread(
  reason: string | null,
  kind: AnyImportKind,
  fileName: string,
  file: Buffer,
  staff: StaffRecord[] | null,
  options: ImportOptions,
  progress: ImportProgress | undefined,
): Promise<WorkerResult> {
  // A worker was wanted but could not run: an event, never the file or its content (electron/core/log.ts).
  if (reason !== null) log.info('import.worker.fallback', { reason, kind });
  return (async () => {
    const planHere = kind === 'staff' && staff !== null;
    const parsed = await parseWorkbook(kind, fileName, file, (stage) =>
      progress?.(planHere || stage === 'loaded' ? progressAt[stage] : 100),
    );
    let plan: WorkerPlan | null = null;
    if (planHere && 'read' in parsed) {
      const p = planStaffFrom(staff, parsed.read, options);
      plan = {
        sheet: parsed.read.sheet,
        counts: p.counts,
        problems: p.problems,
        changes: p.changes.slice(0, maxListedChanges),
      };
    }
    progress?.(100);
    return { parsed, plan, ranIn: 'thread' as const };
  })();
}

/**
 * Parses a file off the main thread — and for the 職員名簿, given the stored staff, plans its
 * preview there too — reporting progress; falls back to this thread when no worker can run.
 */
export function runInWorker(
  kind: AnyImportKind,
  fileName: string,
  file: Buffer,
  opts: {
    staff?: StaffRecord[] | null;
    options?: ImportOptions;
    progress?: ImportProgress;
    use?: WorkerUse;
    /** The worker's heap limit in MB (workerHeapMb by default). */
    heapMb?: number;
  } = {},
): Promise<WorkerResult> {
  const staff = opts.staff ?? null;
  const options = opts.options ?? {};
  const fallback = (reason: string | null) => inThread(reason, kind, fileName, file, staff, options, opts.progress);
  const use = workerUse(opts.use);
  if (use === 'never' || (use === 'auto' && file.byteLength < workerMinBytes)) return fallback(null);
  const heapMb = opts.heapMb ?? workerHeapMb;
  // The spare is loaded with the default heap limit; another limit (tests) starts its own worker.
  let taken = heapMb === workerHeapMb ? takeSpare() : null;
  if (taken === null) {
    const entry = workerEntry();
    if (!entry) return fallback('no-entry');
    try {
      taken = startWorker(entry, heapMb);
    } catch {
      return fallback('start-failed');
    }
  }
  const worker = taken;
  return new Promise<WorkerResult>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      fn();
    };
    // Set by the worker's first progress: it took the file ('ready' only says it loaded).
    let running = false;
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'ready') return;
      running = true;
      if (m.type === 'progress') opts.progress?.(m.percent);
      else if (m.type === 'done') settle(() => resolve({ parsed: unpack(m.parsed), plan: m.plan, ranIn: 'worker' }));
      else {
        const error =
          m.code === null ? new Error(m.message) : new AppError(m.code as ErrorCode, m.message, m.field ?? undefined);
        settle(() => reject(error));
      }
    });
    // A worker that could not run (its entry failed to load) leaves the work to this thread; one that
    // died while working on the file refuses it.
    const failed = (reason: string): void =>
      settle(() => {
        if (!running) {
          fallback(reason).then(resolve, reject);
          return;
        }
        log.info('import.worker.died', { reason, kind });
        reject(new AppError('VALIDATION', workerDiedMessage));
      });
    worker.on('error', () => failed('worker-error'));
    worker.on('exit', () => failed('worker-exit'));
    // One copy of the file goes to the worker, moved rather than copied again.
    const copy = new Uint8Array(file);
    // Never the login's keys: a Keychain is not plain data, and its key material stays on this thread
    // (docs/sealed-data.md). The worker only parses, and plans the 職員名簿, which holds nothing
    // sealed; a form kind's preview is planned on this thread with the keys (importer.ts previewOf).
    const { keys: _keys, ...plain } = options;
    const request: WorkerRequest = { kind, fileName, file: copy, staff, options: plain };
    worker.postMessage(request, [copy.buffer]);
  });
}
