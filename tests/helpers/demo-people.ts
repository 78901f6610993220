import { expect } from 'vitest';
import type { Db } from '../../electron/core/db/connection';

/**
 * The demo office's logins and the people around them, resolved from the data of a demo copy (the
 * demo is generated, so 職員番号 are never hard-coded): each login's own staff member and area, and
 * for each kind of form the person in a login's scope and a person in nobody's scope.
 */

export const demoLogins = ['admin', 'jinji', 'kucho', 'kacho', 'kakaricho', 'shokuin'] as const;
export type DemoLogin = (typeof demoLogins)[number];

export type DemoPerson = { id: number; staffNo: string; name: string; section: string; position: string };

export type LoginInfo = {
  accountId: number;
  role: string;
  person: DemoPerson;
  /** The area team the login's person is on in the year (the 区長 is on none). */
  area: string | null;
};

const personSelect = `SELECT s.id, s.staff_no AS staffNo, s.name, sec.name AS section, s.position
  FROM staff s JOIN sections sec ON sec.id = s.section_id`;

export function demoLoginInfo(db: Db, fy: number): Record<DemoLogin, LoginInfo> {
  const out = {} as Record<DemoLogin, LoginInfo>;
  for (const login of demoLogins) {
    const a = db.prepare('SELECT id, role, staff_id AS staffId FROM accounts WHERE login = ?').get(login) as
      { id: number; role: string; staffId: number | null } | undefined;
    expect(a?.staffId, `demo login ${login} is linked to a staff member`).toBeTypeOf('number');
    const person = db.prepare(`${personSelect} WHERE s.id = ?`).get(a!.staffId) as DemoPerson;
    const area = db
      .prepare(
        `SELECT ar.name FROM area_assignments aa JOIN areas ar ON ar.id = aa.area_id WHERE aa.fy = ? AND aa.staff_id = ?`,
      )
      .get(fy, person.id) as { name: string } | undefined;
    out[login] = { accountId: a!.id, role: a!.role, person, area: area?.name ?? null };
  }
  return out;
}

/**
 * The first person matching `where` (SQL over `s` staff, `sec` section, `ea` the person's evaluator
 * assignment in force, `sr` self-report, `m` MBO sheet, `ap` appraisal of the year), ordered by the
 * given preference; fails the test when there is none, so that a matrix cannot silently run on
 * people who do not exist.
 */
export function demoPersonWhere(db: Db, fy: number, what: string, where: string, orderBy = 's.staff_no'): DemoPerson {
  const row = db
    .prepare(
      `${personSelect}
       LEFT JOIN evaluator_assignments ea ON ea.staff_id = s.id AND ea.fy = @fy AND ea.effective_to IS NULL
       LEFT JOIN self_reports sr ON sr.staff_id = s.id AND sr.fy = @fy
       LEFT JOIN mbo_sheets m ON m.staff_id = s.id AND m.fy = @fy
       LEFT JOIN appraisals ap ON ap.staff_id = s.id AND ap.fy = @fy
       WHERE s.active = 1 AND s.id NOT IN (SELECT staff_id FROM accounts WHERE staff_id IS NOT NULL) AND (${where})
       ORDER BY ${orderBy} LIMIT 1`,
    )
    .get({ fy }) as DemoPerson | undefined;
  expect(row, `the demo office has ${what}`).toBeDefined();
  return row!;
}
