import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import ExcelJS from 'exceljs';

/**
 * One measurement of the import benchmark, in its own process so that its peak memory is its own:
 * `node --import tsx tests/bench/import-worker.ts <mode> <file.xlsx> <dir>` prints one JSON line.
 *
 * The Kaname modules are imported only by the modes that use them, so that the baseline process
 * holds nothing but exceljs and better-sqlite3.
 *
 * Modes: baseline | dry | commit | reimport (timed, with peak RSS; commit leaves its office behind
 * as <dir>/prepared.db, which reimport and query copy); query (the staff list vs bare SQL);
 * phases-fresh | phases-reimport (the commit path split into its steps, to find where time and
 * memory go).
 */

const [mode = '', file = '', dir = ''] = process.argv.slice(2);
const password = 'bench-password-0001';
const preparedPath = (): string => path.join(dir, 'prepared.db');
const baselineDbPath = (): string => path.join(dir, 'baseline.db');

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;
const peakMb = (): number => Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
const now = (): bigint => process.hrtime.bigint();
const msSince = (t: bigint): number => Number(process.hrtime.bigint() - t) / 1e6;
/** CPU time (user + system) since a process.cpuUsage() reading: steadier than wall time on a busy machine. */
const cpuMsSince = (c: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(c);
  return (d.user + d.system) / 1000;
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

function emit(result: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ mode, ...result })}\n`);
}

function removeDb(p: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal', '.keys']) fs.rmSync(p + suffix, { force: true });
}

const header = 2;

/** A cell value as SQLite takes it: text, number or ISO date; rich text and formulas reduced. */
function plainValue(v: ExcelJS.CellValue): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if ('richText' in v) return v.richText.map((r) => r.text).join('');
  if ('result' in v) return plainValue(v.result);
  return null;
}

/**
 * The baseline: the bare libraries doing the unavoidable work on the same file: exceljs's document
 * reader, the 13 values of each row, and plain (unencrypted) SQLite inserting them in one
 * transaction with a prepared statement, WAL and synchronous FULL as Kaname runs.
 */
async function baseline(buf: Buffer): Promise<void> {
  const dbFile = baselineDbPath();
  removeDb(dbFile);
  const rssStart = process.memoryUsage().rss;
  const cpu = process.cpuUsage();
  const t = now();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('職員名簿');
  if (!ws) throw new Error('no sheet');
  const db = new Database(dbFile);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE staff (
    id INTEGER PRIMARY KEY, staff_no TEXT NOT NULL UNIQUE, name TEXT NOT NULL, kana TEXT, section TEXT, line TEXT,
    position TEXT, grade_group TEXT, job_type TEXT, employment TEXT, hired_on TEXT, posted_on TEXT,
    qualifications TEXT, active TEXT) STRICT`);
  const insert = db.prepare(
    `INSERT INTO staff (staff_no, name, kana, section, line, position, grade_group, job_type, employment, hired_on,
       posted_on, qualifications, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let rows = 0;
  db.transaction(() => {
    for (let r = header + 1; r <= ws.rowCount; r += 1) {
      const row = ws.getRow(r);
      const values: (string | number | null)[] = [];
      for (let c = 1; c <= 13; c += 1) values.push(plainValue(row.getCell(c).value));
      insert.run(values);
      rows += 1;
    }
  })();
  const ms = msSince(t);
  const cpuMs = cpuMsSince(cpu);
  const peak = peakMb();
  db.close();
  emit({ ms, cpuMs, peakMb: peak, startMb: mb(rssStart), rows });
}

type Kaname = {
  office: typeof import('../../electron/core/office/office.service');
  importer: typeof import('../../electron/core/workbooks/importer');
};

async function kaname(): Promise<Kaname> {
  return {
    office: await import('../../electron/core/office/office.service'),
    importer: await import('../../electron/core/workbooks/importer'),
  };
}

/** A fresh encrypted office with one HR account (created before any timing starts). */
async function freshOffice(k: Kaname, name: string) {
  const dbPath = path.join(dir, `${name}-${process.pid}.db`);
  removeDb(dbPath);
  const { office, first, keys } = await k.office.createOffice(dbPath, {
    officeName: 'ベンチ区役所',
    accounts: [{ login: 'hr', displayName: '人事担当', role: 'hr', staffNo: null, password }],
  });
  return { office, session: k.office.sessionOf(first, keys), dbPath };
}

/** A copy of the prepared office (the roster already imported), unlocked as the HR account. */
async function preparedCopy(k: Kaname, name: string) {
  const dbPath = path.join(dir, `${name}-${process.pid}.db`);
  removeDb(dbPath);
  fs.copyFileSync(preparedPath(), dbPath);
  fs.copyFileSync(`${preparedPath()}.keys`, `${dbPath}.keys`);
  const { office, account, keys } = await k.office.unlockOffice(dbPath, 'hr', password);
  return { office, session: k.office.sessionOf(account, keys), dbPath };
}

async function kanameImport(buf: Buffer, kind: 'dry' | 'commit' | 'reimport'): Promise<void> {
  const k = await kaname();
  const { office, session, dbPath } = kind === 'reimport' ? await preparedCopy(k, kind) : await freshOffice(k, kind);
  // The app starts the import worker when HR opens 取込・出力 (import:prepare), before a file is
  // chosen — as the baseline loads exceljs before its timer. Its start-up is reported apart.
  const prepCpu = process.cpuUsage();
  const prepT = now();
  const warmed = await k.importer.prepareImport();
  const prepare = { ms: msSince(prepT), cpuMs: cpuMsSince(prepCpu), warmed };
  const rssStart = process.memoryUsage().rss;
  const cpu = process.cpuUsage();
  const t = now();
  const parsed = await k.importer.parseImport('staff', path.basename(file), buf);
  let counts: Record<string, number>;
  let problems = 0;
  if (kind === 'dry') {
    const plan = k.importer.planImport(office.db, parsed);
    counts = { ...plan.counts };
    problems = plan.problems.length;
  } else {
    const { inserted, updated, unchanged } = k.importer.commitImport(office.db, session.actor, parsed);
    counts = { inserted, updated, unchanged };
  }
  const ms = msSince(t);
  const cpuMs = cpuMsSince(cpu);
  const peak = peakMb();
  k.office.closeOffice(office);
  if (kind === 'commit') {
    // The office now holding the roster is what the re-import and the query start from.
    removeDb(preparedPath());
    fs.renameSync(dbPath, preparedPath());
    fs.renameSync(`${dbPath}.keys`, `${preparedPath()}.keys`);
  }
  removeDb(dbPath);
  emit({ ms, cpuMs, peakMb: peak, startMb: mb(rssStart), counts, problems, prepare });
}

/** The staff list at 35,000 staff vs a bare LIKE on the baseline's plain table; medians of 20 runs. */
async function query(section: string): Promise<void> {
  const k = await kaname();
  const { listStaff } = await import('../../electron/core/staff/staff.service');
  const { office, session, dbPath } = await preparedCopy(k, 'query');
  const plain = new Database(baselineDbPath(), { readonly: true });
  const runs = 20;
  const timed = (fn: () => number): { ms: number; rows: number } => {
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < runs; i += 1) {
      const t = now();
      rows = fn();
      times.push(msSince(t));
    }
    return { ms: median(times), rows };
  };
  const filtered = timed(() => listStaff(office.db, session, { query: '田', section, active: 'active' }).rows.length);
  const textOnly = timed(() => listStaff(office.db, session, { query: '田' }).rows.length);
  const all = timed(() => listStaff(office.db, session, {}).rows.length);
  const bareFilteredStmt = plain.prepare(
    `SELECT * FROM staff WHERE name LIKE ? AND section = ? AND (active IS NULL OR active != '退職')
     ORDER BY section, line, staff_no`,
  );
  const bareTextStmt = plain.prepare(
    `SELECT * FROM staff WHERE name LIKE ? AND (active IS NULL OR active != '退職') ORDER BY section, line, staff_no`,
  );
  const bareAllStmt = plain.prepare(
    `SELECT * FROM staff WHERE (active IS NULL OR active != '退職') ORDER BY section, line, staff_no`,
  );
  const bareFiltered = timed(() => bareFilteredStmt.all('%田%', section).length);
  const bareText = timed(() => bareTextStmt.all('%田%').length);
  const bareAll = timed(() => bareAllStmt.all().length);
  plain.close();
  k.office.closeOffice(office);
  removeDb(dbPath);
  emit({ runs, filtered, textOnly, all, bareFiltered, bareText, bareAll });
}

/**
 * The commit path taken apart (the same steps as parseImport + commitImport, called one by one):
 * wall and CPU time and memory after each step, and the audit writer's share of the apply step.
 * The workbook is dropped after readSheet, as parseImport drops it.
 */
async function phases(buf: Buffer, reimport: boolean): Promise<void> {
  const k = await kaname();
  const { inspectXlsx } = await import('../../electron/core/workbooks/io/xlsx-guard');
  const { readSheet } = await import('../../electron/core/workbooks/io/sheet-reader');
  const { staffSheet } = await import('../../electron/core/workbooks/io/specs');
  const { planStaff } = await import('../../electron/core/workbooks/roster/staff');
  const { auditWriter } = await import('../../electron/core/system/audit.repo');
  const { staffSnapshot } = await import('../../electron/core/staff/org.repo');
  const { office, session, dbPath } = reimport ? await preparedCopy(k, 'phases') : await freshOffice(k, 'phases');
  const db = office.db;
  const steps: { step: string; ms: number; cpuMs: number; rssMb: number; heapMb: number; peakMb: number }[] = [];
  let t = now();
  let cpu = process.cpuUsage();
  const mark = (step: string): void => {
    const m = process.memoryUsage();
    steps.push({
      step,
      ms: msSince(t),
      cpuMs: cpuMsSince(cpu),
      rssMb: mb(m.rss),
      heapMb: mb(m.heapUsed),
      peakMb: peakMb(),
    });
    t = now();
    cpu = process.cpuUsage();
  };
  mark('setup');
  const read = await (async () => {
    await inspectXlsx(buf);
    mark('guard: inspectXlsx (zip directory, inflate sheets to count rows)');
    crypto.createHash('sha256').update(buf).digest('hex');
    mark('file hash (sha256)');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    mark('exceljs xlsx.load (the baseline does this too)');
    const r = readSheet(wb, staffSheet);
    mark('readSheet (header match, the cells into columns)');
    return r;
  })();
  let auditMs = 0;
  let auditEntries = 0;
  db.transaction(() => {
    staffSnapshot(db);
    mark('staffSnapshot (the stored staff; planStaff reads it again)');
    const plan = planStaff(db, read);
    mark('planStaff (staffSnapshot, RowFields per row, duplicates, diffs, summarise)');
    const inner = auditWriter(db, session.actor);
    const audit = {
      append: (e: Parameters<typeof inner.append>[0]): void => {
        const a = now();
        inner.append(e);
        auditMs += msSince(a);
        auditEntries += 1;
      },
    };
    plan.apply(db, audit);
    mark('plan.apply (sections, lines, staff writes, audit entries)');
  })();
  mark('COMMIT (AEGIS-encrypted pages to the WAL, fsync)');
  k.office.closeOffice(office);
  removeDb(dbPath);
  emit({ steps, auditMs, auditEntries, rows: read.rows.length });
}

async function main(): Promise<void> {
  const buf = fs.readFileSync(file);
  switch (mode) {
    case 'baseline':
      return baseline(buf);
    case 'dry':
    case 'commit':
    case 'reimport':
      return kanameImport(buf, mode);
    case 'query':
      return query(process.argv[5] ?? '');
    case 'phases-fresh':
      return phases(buf, false);
    case 'phases-reimport':
      return phases(buf, true);
    default:
      throw new Error(`unknown mode ${mode}`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
