import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/connection';
import { assertMonotonic, runMigrations, schemaVersion } from '../../electron/core/db/migrate';
import { latestVersion, migrations } from '../../electron/core/db/migrations';
import { tempDir } from '../helpers/office';

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function freshDb(name: string) {
  return openDatabase(path.join(dir, name), crypto.randomBytes(32), { create: true, migrate: false });
}

function tables(db: ReturnType<typeof freshDb>): string[] {
  return (
    db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all() as { name: string }[]
  ).map((r) => r.name);
}

describe('migrations', () => {
  it('the registry is monotonic and steps by 10', () => {
    expect(() => assertMonotonic(migrations)).not.toThrow();
    migrations.forEach((m, i) => expect(m.version).toBe((i + 1) * 10));
    expect(() => assertMonotonic([...migrations, { version: 5, name: 'late', up: () => undefined }])).toThrow(
      /out of order/u,
    );
  });

  it('0010 creates meta, accounts and the audit log with STRICT tables', () => {
    const db = freshDb('m10.db');
    runMigrations(db, migrations.slice(0, 1));
    expect(schemaVersion(db)).toBe(10);
    expect(tables(db)).toEqual(['accounts', 'audit_log', 'meta']);
    const sql = (db.prepare("SELECT sql FROM sqlite_master WHERE name = 'accounts'").get() as { sql: string }).sql;
    expect(sql).toMatch(/STRICT/u);
    expect(() =>
      db
        .prepare(
          "INSERT INTO accounts (login, display_name, role, created_at, updated_at) VALUES ('a', 'b', 'admin', '', '')",
        )
        .run(),
    ).toThrow(/CHECK/u);
    db.close();
  });

  it('0020 adds the organisation and links accounts to staff, keeping existing rows', () => {
    const db = freshDb('m20.db');
    runMigrations(db, migrations.slice(0, 1));
    db.prepare(
      "INSERT INTO accounts (login, display_name, role, created_at, updated_at) VALUES ('kept', '残る', 'hr', 'x', 'x')",
    ).run();
    runMigrations(db);
    expect(schemaVersion(db)).toBe(latestVersion);
    expect(tables(db)).toEqual(
      expect.arrayContaining([
        'sections',
        'lines',
        'staff',
        'transfers',
        'cycles',
        'evaluator_assignments',
        'areas',
        'area_assignments',
      ]),
    );
    expect(db.prepare("SELECT staff_id FROM accounts WHERE login = 'kept'").get()).toEqual({ staff_id: null });
    expect(() => db.prepare('INSERT INTO lines (section_id, name) VALUES (999, ?)').run('x')).toThrow(/FOREIGN KEY/u);
    db.close();
  });

  it('0100 adds the ranking exclusions (STRICT, one per year and person, to a real staff member), keeping rows', () => {
    const db = freshDb('m100.db');
    runMigrations(
      db,
      migrations.filter((m) => m.version <= 90),
    );
    db.prepare(
      "INSERT INTO staff (staff_no, name, kana, position, grade_group, job_type) VALUES ('000001', '残る', 'のこる', '係員', '係員級', '行政')",
    ).run();
    runMigrations(db);
    expect(schemaVersion(db)).toBe(latestVersion);
    expect(tables(db)).toContain('ranking_exclusions');
    const sql = (db.prepare("SELECT sql FROM sqlite_master WHERE name = 'ranking_exclusions'").get() as { sql: string })
      .sql;
    expect(sql).toMatch(/STRICT/u);
    expect(db.prepare('SELECT count(*) AS n FROM staff').get()).toEqual({ n: 1 });
    const insert = db.prepare(
      "INSERT INTO ranking_exclusions (fy, staff_id, reason, excluded_at, excluded_by) VALUES (2026, ?, '休職中のため', 'x', 'x')",
    );
    const id = (db.prepare('SELECT id FROM staff').get() as { id: number }).id;
    insert.run(id);
    expect(() => insert.run(id)).toThrow(/UNIQUE|PRIMARY KEY/u);
    expect(() => insert.run(id + 999)).toThrow(/FOREIGN KEY/u);
    db.close();
  });

  it('pending migrations run in one transaction: a failing step leaves the database as it was', () => {
    const db = freshDb('m-fail.db');
    const failing = [
      ...migrations,
      {
        version: latestVersion + 10,
        name: 'broken',
        up: (d: typeof db) => d.exec('CREATE TABLE half (x TEXT) STRICT; SELECT * FROM missing_table;'),
      },
    ];
    expect(() => runMigrations(db, failing)).toThrow();
    expect(schemaVersion(db)).toBe(0);
    expect(tables(db)).toEqual([]);
    db.close();
  });

  it('refuses a database from a newer Kaname with a clear message', () => {
    const p = path.join(dir, 'newer.db');
    const key = crypto.randomBytes(32);
    const db = openDatabase(p, key, { create: true });
    db.pragma('user_version = 9990');
    db.close();
    expect(() => openDatabase(p, key, { create: false })).toThrow(/新しいバージョン.*9990/u);
  });
});
