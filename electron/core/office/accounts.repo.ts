import type { AccountRow } from '../../../shared/contract';
import type { Role } from '../../../shared/roles';
import type { Db } from '../db/connection';

type Stored = {
  id: number;
  login: string;
  display_name: string;
  role: Role;
  staff_id: number | null;
  staff_no: string | null;
  staff_name: string | null;
  disabled: number;
  must_change_password: number;
  created_at: string;
  last_login_at: string | null;
};

const select = `
  SELECT a.id, a.login, a.display_name, a.role, a.staff_id, s.staff_no, s.name AS staff_name,
         a.disabled, a.must_change_password, a.created_at, a.last_login_at
  FROM accounts a LEFT JOIN staff s ON s.id = a.staff_id`;

function toRow(r: Stored): AccountRow {
  return {
    id: r.id,
    login: r.login,
    displayName: r.display_name,
    role: r.role,
    staffNo: r.staff_no,
    staffName: r.staff_name,
    disabled: r.disabled === 1,
    mustChangePassword: r.must_change_password === 1,
    createdAt: r.created_at,
    lastLoginAt: r.last_login_at,
  };
}

export function listAccounts(db: Db): AccountRow[] {
  return (db.prepare(`${select} ORDER BY a.login`).all() as Stored[]).map(toRow);
}

export function getAccount(db: Db, id: number): AccountRow | undefined {
  const r = db.prepare(`${select} WHERE a.id = ?`).get(id) as Stored | undefined;
  return r && toRow(r);
}

export function findAccountByLogin(db: Db, login: string): AccountRow | undefined {
  const r = db.prepare(`${select} WHERE a.login = ?`).get(login) as Stored | undefined;
  return r && toRow(r);
}

/** The login of the account linked to a staff member, other than the given account, if any. */
export function loginLinkedTo(db: Db, staffId: number, exceptAccountId: number | null): string | undefined {
  const r = db
    .prepare('SELECT login FROM accounts WHERE staff_id = ? AND id IS NOT ?')
    .get(staffId, exceptAccountId) as { login: string } | undefined;
  return r?.login;
}

export type NewAccount = {
  login: string;
  displayName: string;
  role: Role;
  staffId: number | null;
  mustChangePassword: boolean;
};

export function insertAccount(db: Db, a: NewAccount): number {
  const now = new Date().toISOString();
  const info = db
    .prepare(
      `INSERT INTO accounts (login, display_name, role, staff_id, must_change_password, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(a.login, a.displayName, a.role, a.staffId, a.mustChangePassword ? 1 : 0, now, now);
  return Number(info.lastInsertRowid);
}

export function updateAccount(
  db: Db,
  id: number,
  fields: Partial<{
    displayName: string;
    role: Role;
    staffId: number | null;
    disabled: boolean;
    mustChangePassword: boolean;
  }>,
): void {
  const current = db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as
    | { display_name: string; role: Role; staff_id: number | null; disabled: number; must_change_password: number }
    | undefined;
  if (!current) return;
  db.prepare(
    `UPDATE accounts SET display_name = ?, role = ?, staff_id = ?, disabled = ?, must_change_password = ?, updated_at = ?
     WHERE id = ?`,
  ).run(
    fields.displayName ?? current.display_name,
    fields.role ?? current.role,
    fields.staffId === undefined ? current.staff_id : fields.staffId,
    fields.disabled === undefined ? current.disabled : fields.disabled ? 1 : 0,
    fields.mustChangePassword === undefined ? current.must_change_password : fields.mustChangePassword ? 1 : 0,
    new Date().toISOString(),
    id,
  );
}

export function touchLogin(db: Db, id: number): void {
  db.prepare('UPDATE accounts SET last_login_at = ? WHERE id = ?').run(new Date().toISOString(), id);
}

export function countActiveHr(db: Db): number {
  return (db.prepare("SELECT count(*) AS n FROM accounts WHERE role = 'hr' AND disabled = 0").get() as { n: number }).n;
}

/** The staff member an account is linked to (its own 自己申告, its evaluatees), or null. */
export function linkedStaffId(db: Db, accountId: number): number | null {
  const row = db.prepare('SELECT staff_id AS id FROM accounts WHERE id = ?').get(accountId) as
    { id: number | null } | undefined;
  return row?.id ?? null;
}
