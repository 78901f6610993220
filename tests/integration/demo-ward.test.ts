import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, removeDatabaseFiles } from '../../electron/core/db/connection';
import { demoAccounts, generateDemoWard, insertDemoWard } from '../../electron/core/demo/demo-ward';
import type { DemoStaff } from '../../electron/core/demo/demo-ward';

const FY = 2025;
const ward = generateDemoWard(FY, 7);
const byNo = new Map(ward.staff.map((p) => [p.staffNo, p]));
const get = (no: string | null): DemoStaff | undefined => (no === null ? undefined : byNo.get(no));

describe('generateDemoWard', () => {
  it('is deterministic for the same seed and differs for another seed', () => {
    expect(generateDemoWard(FY, 7)).toEqual(ward);
    expect(generateDemoWard(FY, 8)).not.toEqual(ward);
  });

  it('has a realistic size and structure', () => {
    expect(ward.staff.length).toBeGreaterThanOrEqual(190);
    expect(ward.staff.length).toBeLessThanOrEqual(210);
    expect(ward.sections.length).toBeGreaterThanOrEqual(7);
    expect(ward.sections.length).toBeLessThanOrEqual(9);
    const count = (pos: string): number => ward.staff.filter((p) => p.position === pos).length;
    expect(count('区長')).toBe(1);
    expect(count('副区長')).toBe(1);
    expect(count('課長')).toBe(ward.sections.length);
    for (const s of ward.sections) {
      for (const line of s.lines) {
        const members = ward.staff.filter((p) => p.section === s.name && p.line === line);
        expect(members.filter((p) => p.position === '係長')).toHaveLength(1);
        const clerks = members.filter((p) => p.position === '係員' && p.active).length;
        expect(clerks).toBeGreaterThanOrEqual(3);
        expect(clerks).toBeLessThanOrEqual(9);
      }
    }
    const top = ward.staff.filter((p) => p.position === '区長' || p.position === '副区長');
    expect(top.every((p) => p.section === '総務課' && p.line === null)).toBe(true);
    expect(ward.staff.filter((p) => !p.active).length).toBeGreaterThanOrEqual(2);
    const share = (e: string): number => ward.staff.filter((p) => p.employment === e).length / ward.staff.length;
    expect(share('再任用')).toBeGreaterThan(0.05);
    expect(share('会計年度任用')).toBeGreaterThan(0.07);
  });

  it('gives unique six-digit staff numbers, Japanese names and consistent dates', () => {
    const nos = ward.staff.map((p) => p.staffNo);
    expect(new Set(nos).size).toBe(nos.length);
    expect(nos.every((n) => /^\d{6}$/.test(n))).toBe(true);
    expect(new Set(ward.staff.map((p) => p.name)).size).toBe(ward.staff.length);
    for (const p of ward.staff) {
      expect(p.name).toMatch(/^\S+　\S+$/u);
      expect(p.kana).toMatch(/^[ぁ-ゖ]+　[ぁ-ゖ]+$/u);
      expect(p.hiredOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(p.postedOn >= p.hiredOn).toBe(true);
      expect(p.postedOn <= `${FY}-04-01`).toBe(true);
    }
  });

  it('records transfers from another section on the posting date', () => {
    expect(ward.transfers.length).toBeGreaterThanOrEqual(20);
    for (const t of ward.transfers) {
      const p = get(t.staffNo);
      expect(p?.section).toBe(t.toSection);
      expect(t.onDate).toBe(p?.postedOn);
      expect(t.fromSection).not.toBe(t.toSection);
    }
  });

  it('assigns active evaluators to every active staff member except the 区長', () => {
    const active = ward.staff.filter((p) => p.active);
    const assigned = new Map(ward.evaluatorAssignments.map((e) => [e.staffNo, e]));
    expect(assigned.size).toBe(ward.evaluatorAssignments.length);
    for (const p of active) {
      const e = assigned.get(p.staffNo);
      if (p.position === '区長') {
        expect(e).toBeUndefined();
        continue;
      }
      expect(e).toBeDefined();
      if (!e) continue;
      for (const no of [e.first, e.second, e.adjuster]) {
        if (no !== null) expect(get(no)?.active).toBe(true);
      }
      expect(e.first).not.toBeNull();
      expect(e.adjuster).not.toBeNull();
      const first = get(e.first);
      if (p.position === '係員') {
        expect(first?.position).toBe('係長');
        expect(first?.line).toBe(p.line);
        expect(get(e.second)?.position).toBe('課長');
        expect(get(e.adjuster)?.position).toBe('副区長');
      } else if (p.position === '係長') {
        expect(first?.position).toBe('課長代理');
        expect(first?.section).toBe(p.section);
      } else if (p.position === '課長代理') {
        expect(first?.position).toBe('課長');
        expect(get(e.adjuster)?.position).toBe('区長');
      } else if (p.position === '課長') {
        expect(first?.position).toBe('副区長');
      } else if (p.position === '副区長') {
        expect(first?.position).toBe('区長');
        expect(e.second).toBeNull();
      }
    }
    expect(ward.evaluatorAssignments.every((e) => get(e.staffNo)?.active === true)).toBe(true);
  });

  it('builds area teams with one manager leader each and symmetric pairs', () => {
    expect(ward.areas.length).toBeGreaterThanOrEqual(10);
    expect(ward.areas.length).toBeLessThanOrEqual(12);
    for (const area of ward.areas) {
      expect(area.note).toMatch(/^連合振興町会 \d+町会、世帯数 約[\d,]+$/);
      const leaders = ward.areaAssignments.filter((a) => a.area === area.name && a.role === 'リーダー');
      expect(leaders).toHaveLength(1);
      expect(['課長級', '課長代理級']).toContain(get(leaders[0]?.staffNo ?? null)?.gradeGroup);
    }
    const byStaff = new Map(ward.areaAssignments.map((a) => [a.staffNo, a]));
    expect(byStaff.size).toBe(ward.areaAssignments.length);
    let crossSection = 0;
    let pairs = 0;
    for (const a of ward.areaAssignments) {
      expect(get(a.staffNo)?.active).toBe(true);
      if (a.partnerStaffNo === null) continue;
      const partner = byStaff.get(a.partnerStaffNo);
      expect(a.role).toBe('メンバー');
      expect(partner?.partnerStaffNo).toBe(a.staffNo);
      expect(partner?.area).toBe(a.area);
      pairs++;
      if (get(a.staffNo)?.section !== get(a.partnerStaffNo)?.section) crossSection++;
    }
    expect(crossSection / pairs).toBeGreaterThan(0.8);
    const unassigned = ward.staff.filter(
      (p) => p.active && p.position !== '区長' && p.position !== '副区長' && !byStaff.has(p.staffNo),
    );
    expect(unassigned).toHaveLength(2);
    const top = ward.staff.filter((p) => p.position === '区長' || p.position === '副区長');
    expect(top.some((p) => byStaff.has(p.staffNo))).toBe(false);
  });

  it('names the demo accounts after staff in the right relations', () => {
    const accounts = demoAccounts(ward);
    const roles = Object.fromEntries(accounts.map((a) => [a.login, a.role]));
    expect(roles).toEqual({
      admin: 'hr',
      jinji: 'personnel',
      kucho: 'evaluator',
      kacho: 'evaluator',
      kakaricho: 'evaluator',
      shokuin: 'staff',
    });
    const who = Object.fromEntries(accounts.map((a) => [a.login, get(a.staffNo)]));
    for (const a of accounts) expect(a.displayName).toBe(who[a.login]?.name);
    expect(who.admin?.section).toBe('総務課');
    expect(who.admin?.line).toBe('人事担当');
    expect(who.jinji?.section).toBe('総務課');
    expect(who.kucho?.position).toBe('区長');
    expect(who.kacho?.position).toBe('課長');
    expect(who.kacho?.section).not.toBe('総務課');
    expect(who.kakaricho?.position).toBe('係長');
    expect(who.kakaricho?.section).toBe(who.kacho?.section);
    expect(who.shokuin?.position).toBe('係員');
    expect(who.shokuin?.line).toBe(who.kakaricho?.line);
    const shokuinEval = ward.evaluatorAssignments.find((e) => e.staffNo === who.shokuin?.staffNo);
    expect(shokuinEval?.first).toBe(who.kakaricho?.staffNo);
    expect(shokuinEval?.second).toBe(who.kacho?.staffNo);
  });
});

describe('insertDemoWard', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaname-demo-'));
  const file = path.join(dir, 't.db');
  const db = openDatabase(file, crypto.randomBytes(32), { create: true });

  afterAll(() => {
    db.close();
    removeDatabaseFiles(file);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('inserts everything inside a transaction with matching counts', () => {
    db.transaction(() => insertDemoWard(db, ward, FY))();
    const count = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
    expect(count('SELECT count(*) AS n FROM sections')).toBe(ward.sections.length);
    expect(count('SELECT count(*) AS n FROM lines')).toBe(ward.sections.reduce((n, s) => n + s.lines.length, 0));
    expect(count('SELECT count(*) AS n FROM staff')).toBe(ward.staff.length);
    expect(count('SELECT count(*) AS n FROM staff WHERE active = 0')).toBe(ward.staff.filter((p) => !p.active).length);
    expect(count('SELECT count(*) AS n FROM transfers')).toBe(ward.transfers.length);
    expect(count('SELECT count(*) AS n FROM areas')).toBe(ward.areas.length);
    expect(count(`SELECT count(*) AS n FROM evaluator_assignments WHERE fy = ${FY}`)).toBe(
      ward.evaluatorAssignments.length,
    );
    expect(count(`SELECT count(*) AS n FROM area_assignments WHERE fy = ${FY}`)).toBe(ward.areaAssignments.length);
    expect(
      count(
        `SELECT count(*) AS n FROM evaluator_assignments WHERE effective_from <> '${FY}-04-01' OR effective_to IS NOT NULL`,
      ),
    ).toBe(0);

    const cycles = db.prepare('SELECT fy, phase FROM cycles ORDER BY fy').all();
    expect(cycles).toEqual([
      { fy: FY - 2, phase: '確定' },
      { fy: FY - 1, phase: '確定' },
      { fy: FY, phase: '目標設定' },
    ]);

    // Staff land in the right section and line.
    const rows = db
      .prepare(
        `SELECT s.staff_no AS no, sec.name AS section, l.name AS line
           FROM staff s JOIN sections sec ON sec.id = s.section_id LEFT JOIN lines l ON l.id = s.line_id`,
      )
      .all() as { no: string; section: string; line: string | null }[];
    for (const r of rows) {
      expect(r.section).toBe(get(r.no)?.section);
      expect(r.line).toBe(get(r.no)?.line);
    }

    // The demo accounts' staff exist in the database.
    const exists = db.prepare('SELECT 1 AS x FROM staff WHERE staff_no = ? AND active = 1');
    for (const a of demoAccounts(ward)) expect(exists.get(a.staffNo)).toEqual({ x: 1 });

    // Unassigned (active, not 区長/副区長, no area this year): exactly two.
    const unassigned = count(
      `SELECT count(*) AS n FROM staff s WHERE s.active = 1 AND s.position NOT IN ('区長', '副区長')
         AND NOT EXISTS (SELECT 1 FROM area_assignments a WHERE a.fy = ${FY} AND a.staff_id = s.id)`,
    );
    expect(unassigned).toBe(2);
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });

  it('is fast enough to run at first start', () => {
    const dir2 = fs.mkdtempSync(path.join(os.tmpdir(), 'kaname-demo-'));
    const file2 = path.join(dir2, 't.db');
    const db2 = openDatabase(file2, crypto.randomBytes(32), { create: true });
    try {
      const started = performance.now();
      db2.transaction(() => insertDemoWard(db2, generateDemoWard(FY), FY))();
      expect(performance.now() - started).toBeLessThan(2000);
    } finally {
      db2.close();
      removeDatabaseFiles(file2);
      fs.rmSync(dir2, { recursive: true, force: true });
    }
  });
});
