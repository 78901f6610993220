import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/connection';
import { runMigrations, schemaVersion } from '../../electron/core/db/migrate';
import { migrations } from '../../electron/core/db/migrations';
import { tempDir } from '../helpers/office';

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('migration 0070 form-exports', () => {
  it('adds the export record tables (STRICT) and an errors count to the import log, keeping its rows', () => {
    const db = openDatabase(path.join(dir, 'm70.db'), crypto.randomBytes(32), { create: true, migrate: false });
    const upTo60 = migrations.filter((m) => m.version <= 60);
    runMigrations(db, upTo60);
    db.prepare(
      `INSERT INTO import_log (at, actor, kind, file_name, file_hash, total, inserted, updated, unchanged)
       VALUES ('2026-04-01', 'hr', 'staff', 'a.xlsx', 'x', 1, 1, 0, 0)`,
    ).run();
    runMigrations(db);
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(70);
    expect(db.prepare('SELECT errors FROM import_log').all()).toEqual([{ errors: 0 }]);
    for (const t of ['form_exports', 'form_export_items']) {
      const sql = (db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').get(t) as { sql: string }).sql;
      expect(sql).toMatch(/STRICT/u);
    }
    db.prepare("INSERT INTO cycles (fy, phase, created_at) VALUES (2026, '目標設定', 'x')").run();
    expect(() =>
      db
        .prepare(
          "INSERT INTO form_exports (token, kind, fy, scope, created_at, actor) VALUES ('short', 'mbo', 2026, 'x', 'x', 'x')",
        )
        .run(),
    ).toThrow(/CHECK/u);
    db.close();
  });
});
