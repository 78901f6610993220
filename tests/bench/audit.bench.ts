import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeOffice, createOffice } from '../../electron/core/office/office.service';
import { auditWriter } from '../../electron/core/system/audit.repo';
import { auditPage } from '../../electron/core/system/audit.service';

/**
 * The audit log at 1,000,000 entries (docs/backup-and-restore.md): the app's pages (an id range
 * found through the primary key, the total from the id range) against the bare library's obvious
 * query on the same encrypted database (count(*) and ORDER BY id DESC LIMIT … OFFSET …).
 */
const entries = Number(process.env['BENCH_AUDIT'] ?? 1_000_000);
const limit = 100;

function time(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaname-bench-audit-'));
  const { office } = await createOffice(path.join(dir, 'office.db'), {
    officeName: 'bench',
    accounts: [{ login: 'bench', displayName: 'bench', role: 'hr', staffNo: null, password: 'bench-password' }],
  });
  const db = office.db;
  const fill = time(() =>
    db.transaction(() => {
      const w = auditWriter(db, { id: 1, label: 'bench' });
      for (let i = 0; i < entries; i += 1) {
        w.append({ action: 'staff.update', entity: 'staff', entityId: `S${i}`, after: { n: i } });
      }
    })(),
  );
  const total = (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
  const bare = db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ? OFFSET ?');
  const count = db.prepare('SELECT count(*) AS n FROM audit_log');
  const out = [
    `audit log: ${total.toLocaleString('en')} entries appended through the chain in ${(fill / 1000).toFixed(1)} s`,
  ];
  for (const [label, offset] of [
    ['first page', 0],
    ['middle page', Math.floor(total / 2)],
    ['last page', total - limit],
  ] as const) {
    const app: number[] = [];
    const plain: number[] = [];
    for (let k = 0; k < 5; k += 1) {
      app.push(time(() => auditPage(db, { offset, limit })));
      plain.push(
        time(() => {
          count.get();
          bare.all(limit, offset);
        }),
      );
    }
    const a = median(app);
    const b = median(plain);
    out.push(`${label}: bare count+OFFSET ${b.toFixed(1)} ms; app ${a.toFixed(2)} ms (×${(a / b).toFixed(3)})`);
  }
  closeOffice(office);
  fs.rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`${out.join('\n')}\n`);
}

void main();
