import type { CycleRow, StaffOption } from '../../../shared/contract';
import type { Db } from '../db/connection';
import { closedIn } from '../../../shared/closed-year';

export function staffIdByNo(db: Db, staffNo: string): number | undefined {
  const row = db.prepare('SELECT id FROM staff WHERE staff_no = ?').get(staffNo) as { id: number } | undefined;
  return row?.id;
}

/** Staff to pick from when linking an account: by 職員番号, name or reading. */
export function staffOptions(db: Db, query: string, limit = 20): StaffOption[] {
  const like = `%${query.replace(/[\\%_]/gu, (c) => `\\${c}`)}%`;
  return db
    .prepare(
      `SELECT s.staff_no AS staffNo, s.name, s.kana, sec.name AS section
       FROM staff s LEFT JOIN sections sec ON sec.id = s.section_id
       WHERE s.active = 1 AND (s.staff_no LIKE ? ESCAPE '\\' OR replace(s.name, '　', '') LIKE ? ESCAPE '\\'
              OR s.name LIKE ? ESCAPE '\\' OR s.kana LIKE ? ESCAPE '\\')
       ORDER BY s.staff_no LIMIT ?`,
    )
    .all(like, like.replace(/[ 　]/gu, ''), like, like, limit) as StaffOption[];
}

export function listCycles(db: Db, currentFy: number): CycleRow[] {
  const rows = db.prepare('SELECT fy, phase FROM cycles ORDER BY fy DESC').all() as { fy: number; phase: string }[];
  const has = rows.some((r) => r.fy === currentFy);
  const chosen = has ? currentFy : (rows[0]?.fy ?? currentFy);
  return rows.map((r) => ({ fy: r.fy, phase: r.phase, current: r.fy === chosen, closed: closedIn(r.fy, currentFy) }));
}

export function ensureCycle(db: Db, fy: number): void {
  db.prepare('INSERT OR IGNORE INTO cycles (fy, phase, created_at) VALUES (?, ?, ?)').run(
    fy,
    '目標設定',
    new Date().toISOString(),
  );
}
