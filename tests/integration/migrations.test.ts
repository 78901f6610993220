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

  it('0160 rebuilds staff with the same rows, ids, indexes and rules, its references intact', () => {
    const db = freshDb('m160.db');
    runMigrations(
      db,
      migrations.filter((m) => m.version <= 150),
    );
    const sectionId = Number(db.prepare("INSERT INTO sections (name) VALUES ('戸籍住民課')").run().lastInsertRowid);
    const lineId = Number(
      db.prepare("INSERT INTO lines (section_id, name) VALUES (?, '住民記録係')").run(sectionId).lastInsertRowid,
    );
    const addStaff = db.prepare(
      `INSERT INTO staff (id, staff_no, name, kana, section_id, line_id, position, grade_group, job_type, employment,
         hired_on, posted_on, qualifications, active) VALUES (?, ?, ?, 'かな', ?, ?, ?, ?, '行政', ?, '2001-04-01', NULL, '', ?)`,
    );
    addStaff.run(7, '000007', '区長 一郎', null, null, '区長', '課長級', '正規', 1);
    addStaff.run(42, '000042', '住民 花子', sectionId, lineId, '係員', '係員級', '会計年度任用', 0);
    db.prepare(
      "INSERT INTO transfers (staff_id, on_date, to_section_id, to_line_id) VALUES (42, '2024-04-01', ?, ?)",
    ).run(sectionId, lineId);
    db.prepare(
      "INSERT INTO accounts (login, display_name, role, created_at, updated_at, staff_id) VALUES ('hanako', '住民', 'staff', 'x', 'x', 42)",
    ).run();
    const before = db.prepare('SELECT * FROM staff ORDER BY id').all();

    runMigrations(db);
    expect(schemaVersion(db)).toBe(latestVersion);
    expect(db.prepare('SELECT * FROM staff ORDER BY id').all()).toEqual(before);
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'staff'").all();
    expect(indexes).toEqual(expect.arrayContaining([{ name: 'staff_section' }]));
    expect(tables(db)).not.toContain('staff_rebuilt');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // The same rules: coded values, references both ways.
    const insert = db.prepare(
      "INSERT INTO staff (staff_no, name, position, grade_group, employment, active, section_id) VALUES (?, '新人', ?, ?, ?, ?, ?)",
    );
    expect(() => insert.run('1', '部長', '係員級', '正規', 1, null)).toThrow(/CHECK/u);
    expect(() => insert.run('2', '係員', '主事級', '正規', 1, null)).toThrow(/CHECK/u);
    expect(() => insert.run('3', '係員', '係員級', '嘱託', 1, null)).toThrow(/CHECK/u);
    expect(() => insert.run('4', '係員', '係員級', '正規', 2, null)).toThrow(/CHECK/u);
    expect(() => insert.run('5', '係員', '係員級', '正規', 1, 999)).toThrow(/FOREIGN KEY/u);
    expect(() => insert.run('000042', '係員', '係員級', '正規', 1, null)).toThrow(/UNIQUE/u);
    insert.run('6', '係長', '係長級', '再任用', 1, sectionId);
    expect(() => db.prepare("INSERT INTO transfers (staff_id, on_date) VALUES (999, '2025-04-01')").run()).toThrow(
      /FOREIGN KEY/u,
    );
    expect(() => db.prepare('DELETE FROM staff WHERE id = 42').run()).toThrow(/FOREIGN KEY/u);
    db.close();
  });

  it('0160 refuses staff rows whose 所属 is missing, leaving the database as it was with foreign keys on', () => {
    const db = freshDb('m160-bad.db');
    runMigrations(
      db,
      migrations.filter((m) => m.version <= 150),
    );
    db.pragma('foreign_keys = OFF');
    db.prepare(
      "INSERT INTO staff (staff_no, name, position, grade_group, section_id) VALUES ('000001', '迷子', '係員', '係員級', 77)",
    ).run();
    db.pragma('foreign_keys = ON');
    expect(() => runMigrations(db)).toThrow(/missing sections or lines/u);
    expect(schemaVersion(db)).toBe(150);
    expect(tables(db)).not.toContain('staff_rebuilt');
    expect(db.prepare('SELECT count(*) AS n FROM staff').get()).toEqual({ n: 1 });
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
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
