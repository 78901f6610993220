import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { openDatabase } from '../../electron/core/db/connection';
import { unlockOffice, closeOffice, createOffice } from '../../electron/core/office/office.service';

/**
 * The platform's figures, each as a ratio against the bare library measured in the same run:
 * inserts and reads under each SQLite3MC cipher vs plain SQLite (the reason for AEGIS), and the
 * app's own open path vs a bare keyed open.
 */
const rows = Number(process.env['BENCH_ROWS'] ?? 20_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaname-bench-'));

function time(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

function workload(db: Database.Database): { insert: number; read: number } {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, staff_no TEXT, name TEXT, note TEXT) STRICT');
  const ins = db.prepare('INSERT INTO t (staff_no, name, note) VALUES (?, ?, ?)');
  const insert = time(() => {
    const tx = db.transaction(() => {
      for (let i = 0; i < rows; i += 1)
        ins.run(String(i).padStart(6, '0'), `職員　${i}`, '地域担当の巡回で確認した事項'.repeat(3));
    });
    tx();
  });
  const read = time(() => {
    for (let k = 0; k < 5; k += 1) db.prepare('SELECT count(*), max(name) FROM t WHERE note LIKE ?').get('%巡回%');
  });
  return { insert, read };
}

let runNo = 0;

function benchOnce(cipher: string | null): { insert: number; read: number } {
  runNo += 1;
  const file = path.join(dir, `${cipher ?? 'plain'}-${runNo}.db`);
  const db = new Database(file);
  if (cipher) {
    db.pragma(`cipher='${cipher}'`);
    db.pragma(`hexkey='${crypto.randomBytes(32).toString('hex')}'`);
  }
  const r = workload(db);
  db.close();
  return r;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** Median of five interleaved runs per cipher, after one warm-up, so no cipher pays the cold start. */
function benchAll(ciphers: (string | null)[]): Map<string | null, { insert: number; read: number }> {
  benchOnce(null);
  const runs = new Map<string | null, { insert: number[]; read: number[] }>(
    ciphers.map((c) => [c, { insert: [], read: [] }]),
  );
  for (let i = 0; i < 5; i += 1) {
    for (const c of ciphers) {
      const r = benchOnce(c);
      runs.get(c)!.insert.push(r.insert);
      runs.get(c)!.read.push(r.read);
    }
  }
  return new Map([...runs].map(([c, r]) => [c, { insert: median(r.insert), read: median(r.read) }]));
}

async function main(): Promise<void> {
  const out: string[] = [];
  const ciphers = ['aegis', 'chacha20', 'aes256cbc', 'sqlcipher', 'ascon128'];
  const results = benchAll([null, ...ciphers]);
  const plain = results.get(null)!;
  out.push(
    `rows=${rows}  plain SQLite: insert ${plain.insert.toFixed(0)} ms, scan ${plain.read.toFixed(0)} ms (= 1.00)`,
  );
  for (const cipher of ciphers) {
    const r = results.get(cipher)!;
    out.push(
      `${cipher.padEnd(10)} insert ×${(r.insert / plain.insert).toFixed(2)}  scan ×${(r.read / plain.read).toFixed(2)}`,
    );
  }

  // The app's open path (keyed open + pragmas + migration check) vs a bare keyed open.
  const key = crypto.randomBytes(32);
  const file = path.join(dir, 'app.db');
  openDatabase(file, key, { create: true }).close();
  const n = 50;
  const bare = time(() => {
    for (let i = 0; i < n; i += 1) {
      const db = new Database(file);
      db.pragma(`cipher='aegis'`);
      db.pragma('tcost=1');
      db.pragma('mcost=64');
      db.pragma('pcost=1');
      db.pragma(`hexkey='${key.toString('hex')}'`);
      db.prepare('SELECT count(*) FROM sqlite_master').get();
      db.close();
    }
  });
  const app = time(() => {
    for (let i = 0; i < n; i += 1) openDatabase(file, key, { create: false }).close();
  });
  out.push(`open: bare keyed open ${(bare / n).toFixed(2)} ms; app open ×${(app / bare).toFixed(2)}`);

  // Login = scrypt unwrap + open; compared with one bare scrypt derivation of the same cost.
  const dbPath = path.join(dir, 'office.db');
  const { office } = await createOffice(dbPath, {
    officeName: 'bench',
    accounts: [{ login: 'bench', displayName: 'bench', role: 'hr', staffNo: null, password: 'bench-password' }],
  });
  closeOffice(office);
  const scrypt = time(() =>
    crypto.scryptSync('bench-password', 'salt', 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }),
  );
  const t = process.hrtime.bigint();
  const { office: o2 } = await unlockOffice(dbPath, 'bench', 'bench-password');
  const login = Number(process.hrtime.bigint() - t) / 1e6;
  closeOffice(o2);
  out.push(`login: bare scrypt ${scrypt.toFixed(0)} ms; app login ×${(login / scrypt).toFixed(2)}`);

  process.stdout.write(`${out.join('\n')}\n`);
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
