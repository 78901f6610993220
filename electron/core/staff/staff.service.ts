import type {
  AreaMembership,
  AreasOverview,
  AreaTeam,
  EvaluatorAssignmentRow,
  Parsed,
  PersonRef,
  SectionRow,
  StaffDetail,
  StaffRow,
  TransferRow,
} from '../../../shared/contract';
import { todayIso } from '../../../shared/dates';
import { fiscalYearOf } from '../../../shared/fiscal-year';
import { yearsBetween } from '../../../shared/org';
import type { AreaRole } from '../../../shared/org';
import { AppError } from '../../../shared/result';
import { searchKey } from '../../../shared/text';
import type { Db } from '../db/connection';
import { linkedStaffId } from '../office/accounts.repo';
import { staffSelect, toPersonRef, toStaffRecord, toStaffRow } from './org.repo';
import type { StaffRecord, StoredStaff } from './org.repo';
import type { Session } from '../office/office.service';

/**
 * Who a session may see: HR and the personnel office everyone; an evaluator the staff assigned to
 * them in the year (as 1次, 2次 or 調整者, while the assignment lasts) and themself; a staff member
 * only themself.
 */
export function visibleStaffIds(db: Db, session: Session, fy: number): Set<number> | 'all' {
  if (session.role === 'hr' || session.role === 'personnel') return 'all';
  const selfId = linkedStaffId(db, session.accountId);
  const ids = new Set<number>();
  if (selfId === null) return ids;
  ids.add(selfId);
  if (session.role === 'evaluator') {
    const rows = db
      .prepare(
        `SELECT DISTINCT staff_id AS id FROM evaluator_assignments
         WHERE fy = ? AND (first_id = ? OR second_id = ? OR adjuster_id = ?) AND (effective_to IS NULL OR effective_to >= ?)`,
      )
      .all(fy, selfId, selfId, selfId, todayIso()) as { id: number }[];
    for (const r of rows) ids.add(r.id);
  }
  return ids;
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/gu, (c) => `\\${c}`)}%`;
}

export function listStaff(db: Db, session: Session, q: Parsed<'staff:list'>): { rows: StaffRow[]; total: number } {
  const fy = q.fy ?? fiscalYearOf(new Date());
  const where: string[] = [];
  const params: (string | number)[] = [];
  const key = q.query ? searchKey(q.query) : '';
  if (key) {
    // Names and readings are stored with a full-width space between family and given name.
    where.push(
      `(s.staff_no LIKE ? ESCAPE '\\' OR replace(s.name, '　', '') LIKE ? ESCAPE '\\' OR replace(s.kana, '　', '') LIKE ? ESCAPE '\\')`,
    );
    params.push(likePattern(key), likePattern(key), likePattern(key));
  }
  if (q.section) {
    where.push('sec.name = ?');
    params.push(q.section);
  }
  if (q.gradeGroup) {
    where.push('s.grade_group = ?');
    params.push(q.gradeGroup);
  }
  const active = q.active ?? 'active';
  if (active !== 'all') where.push(active === 'active' ? 's.active = 1' : 's.active = 0');
  const visible = visibleStaffIds(db, session, fy);
  if (visible !== 'all') {
    where.push('s.id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify([...visible]));
  }
  const filter = where.length ? ` WHERE ${where.join(' AND ')}` : '';
  const total = (
    db
      .prepare(`SELECT count(*) AS n FROM staff s LEFT JOIN sections sec ON sec.id = s.section_id${filter}`)
      .get(...params) as { n: number }
  ).n;
  const sql = `${staffSelect}${filter} ORDER BY sec.sort, s.section_id, l.sort, s.staff_no LIMIT ?`;
  // LIMIT -1 is SQLite's "no limit".
  const rows = (db.prepare(sql).all(...params, q.limit ?? -1) as StoredStaff[]).map((r) =>
    toStaffRow(toStaffRecord(r)),
  );
  return { rows, total };
}

function person(r: StaffRecord | undefined): PersonRef | null {
  return r ? toPersonRef(r) : null;
}

function staffById(db: Db): (id: number | null) => StaffRecord | undefined {
  const cache = new Map<number, StaffRecord | undefined>();
  const stmt = db.prepare(`${staffSelect} WHERE s.id = ?`);
  return (id) => {
    if (id === null) return undefined;
    if (!cache.has(id)) {
      const r = stmt.get(id) as StoredStaff | undefined;
      cache.set(id, r && toStaffRecord(r));
    }
    return cache.get(id);
  };
}

export function staffDetail(db: Db, session: Session, staffNo: string, fy: number): StaffDetail {
  const r = db.prepare(`${staffSelect} WHERE s.staff_no = ?`).get(staffNo) as StoredStaff | undefined;
  const visible = r ? visibleStaffIds(db, session, fy) : 'all';
  if (!r || (visible !== 'all' && !visible.has(r.id))) {
    // The same answer for "no such person" and "not yours to see".
    throw new AppError('NOT_FOUND', `職員番号 ${staffNo} の職員は見つかりません（または閲覧する権限がありません）。`);
  }
  const rec = toStaffRecord(r);
  const byId = staffById(db);
  const label = (section: string | null, line: string | null) =>
    [section, line].filter(Boolean).join(' / ') || '（なし）';
  const transfers = (
    db
      .prepare(
        `SELECT t.on_date, fs.name AS fs, fl.name AS fl, ts.name AS ts, tl.name AS tl FROM transfers t
         LEFT JOIN sections fs ON fs.id = t.from_section_id LEFT JOIN lines fl ON fl.id = t.from_line_id
         LEFT JOIN sections ts ON ts.id = t.to_section_id LEFT JOIN lines tl ON tl.id = t.to_line_id
         WHERE t.staff_id = ? ORDER BY t.on_date DESC, t.id DESC`,
      )
      .all(rec.id) as { on_date: string; fs: string | null; fl: string | null; ts: string | null; tl: string | null }[]
  ).map((t): TransferRow => ({ onDate: t.on_date, from: label(t.fs, t.fl), to: label(t.ts, t.tl) }));
  const evaluators = (
    db
      .prepare(
        `SELECT first_id, second_id, adjuster_id, effective_from, effective_to FROM evaluator_assignments
         WHERE fy = ? AND staff_id = ? ORDER BY effective_from, id`,
      )
      .all(fy, rec.id) as {
      first_id: number | null;
      second_id: number | null;
      adjuster_id: number | null;
      effective_from: string;
      effective_to: string | null;
    }[]
  ).map((e): EvaluatorAssignmentRow => ({
    effectiveFrom: e.effective_from,
    effectiveTo: e.effective_to,
    first: person(byId(e.first_id)),
    second: person(byId(e.second_id)),
    adjuster: person(byId(e.adjuster_id)),
  }));
  const a = db
    .prepare(
      `SELECT aa.area_id, ar.name AS area, aa.role, aa.partner_id FROM area_assignments aa JOIN areas ar ON ar.id = aa.area_id
       WHERE aa.fy = ? AND aa.staff_id = ?`,
    )
    .get(fy, rec.id) as { area_id: number; area: string; role: AreaRole; partner_id: number | null } | undefined;
  let area: AreaMembership | null = null;
  if (a) {
    const leader = db
      .prepare(
        "SELECT staff_id AS id FROM area_assignments WHERE fy = ? AND area_id = ? AND role = 'リーダー' ORDER BY id LIMIT 1",
      )
      .get(fy, a.area_id) as { id: number } | undefined;
    area = {
      area: a.area,
      role: a.role,
      partner: person(byId(a.partner_id)),
      leader: person(byId(leader?.id ?? null)),
    };
  }
  return {
    staff: toStaffRow(rec),
    yearsInPost: rec.postedOn ? yearsBetween(rec.postedOn, todayIso()) : null,
    transfers,
    evaluators,
    area,
  };
}

export function listSections(db: Db): SectionRow[] {
  const sections = db.prepare('SELECT id, name FROM sections ORDER BY sort, id').all() as {
    id: number;
    name: string;
  }[];
  const lines = db.prepare('SELECT section_id, name FROM lines ORDER BY sort, id').all() as {
    section_id: number;
    name: string;
  }[];
  const counts = new Map(
    (
      db.prepare('SELECT section_id, count(*) AS n FROM staff WHERE active = 1 GROUP BY section_id').all() as {
        section_id: number;
        n: number;
      }[]
    ).map((r) => [r.section_id, r.n]),
  );
  return sections.map((s) => ({
    name: s.name,
    lines: lines.filter((l) => l.section_id === s.id).map((l) => l.name),
    staffCount: counts.get(s.id) ?? 0,
  }));
}

/**
 * The area teams of a year, with pairs, and everyone not yet on a team. 区長 and 副区長 oversee the
 * area system and are not counted among those to be assigned. The teams are the office's public
 * organisation chart; who is missing from them or lacks a 地域担当目標 is named only to HR, and to
 * an area's leader for the members of that area — everyone else gets the counts (docs/access.md).
 */
export function areasOverview(db: Db, session: Session, fy: number): AreasOverview {
  const byId = staffById(db);
  const areas = db.prepare('SELECT id, name, note FROM areas ORDER BY name').all() as {
    id: number;
    name: string;
    note: string;
  }[];
  const assignments = db
    .prepare(
      `SELECT aa.area_id, aa.staff_id, aa.role, aa.partner_id FROM area_assignments aa JOIN staff s ON s.id = aa.staff_id
       WHERE aa.fy = ? ORDER BY aa.role DESC, s.staff_no`,
    )
    .all(fy) as { area_id: number; staff_id: number; role: AreaRole; partner_id: number | null }[];
  const teams: AreaTeam[] = areas.map((a) => {
    const rows = assignments.filter((x) => x.area_id === a.id);
    const leaderRow = rows.find((x) => x.role === 'リーダー');
    return {
      name: a.name,
      note: a.note,
      leader: person(byId(leaderRow?.staff_id ?? null)),
      members: rows.flatMap((x) => {
        const p = person(byId(x.staff_id));
        return p ? [{ person: p, role: x.role, partner: person(byId(x.partner_id)) }] : [];
      }),
    };
  });
  const assigned = new Set(assignments.map((x) => x.staff_id));
  const candidates = (
    db
      .prepare(`${staffSelect} WHERE s.active = 1 AND s.position NOT IN ('区長', '副区長') ORDER BY s.staff_no`)
      .all() as StoredStaff[]
  ).map(toStaffRecord);
  const unassigned = candidates.filter((c) => !assigned.has(c.id)).flatMap((c) => person(c) ?? []);
  const hr = session.role === 'hr';
  const viewer = hr ? null : linkedStaffId(db, session.accountId);
  const ledAreas = new Set(
    assignments.filter((x) => viewer !== null && x.staff_id === viewer && x.role === 'リーダー').map((x) => x.area_id),
  );
  const inLedAreas = new Set(assignments.filter((x) => ledAreas.has(x.area_id)).map((x) => x.staff_id));
  const sheets = db
    .prepare(
      `SELECT m.staff_id AS staffId, max(g.category = '地域担当目標') AS hasAreaGoal
       FROM mbo_sheets m JOIN mbo_goals g ON g.sheet_id = m.id JOIN staff s ON s.id = m.staff_id
       WHERE m.fy = ? AND s.active = 1 GROUP BY m.staff_id ORDER BY s.staff_no`,
    )
    .all(fy) as { staffId: number; hasAreaGoal: number }[];
  const lacking = sheets.filter((x) => x.hasAreaGoal !== 1);
  const named = (ids: typeof lacking) => ids.flatMap((x) => person(byId(x.staffId)) ?? []);
  return {
    fy,
    areas: teams,
    unassigned: hr ? unassigned : null,
    unassignedCount: unassigned.length,
    coverage: { assigned: candidates.length - unassigned.length, total: candidates.length },
    mboCoverage: {
      written: sheets.length,
      withoutAreaGoal: hr
        ? named(lacking)
        : ledAreas.size > 0
          ? named(lacking.filter((x) => inLedAreas.has(x.staffId)))
          : null,
      withoutAreaGoalCount: lacking.length,
    },
    namesOf: hr ? 'all' : ledAreas.size > 0 ? 'ledAreas' : 'none',
  };
}
