import type { AreaRole } from '../../../shared/org';
import type { Db } from '../db/connection';
import { upsertAreaAssignment } from '../staff/assignments.repo';
import { allStaff } from '../staff/org.repo';
import { demoAreaLogWriter, demoAreaMembers, demoAreas } from './demo.repo';

/*
 * The area system of the two years before the demo's current one (fy-2, fy-1), so that the plan's
 * area figures (docs/plan.md: area_assignment, area_patrol, area_study) have a history on the
 * dashboard: the teams were the current ones less a few people (more missing two years back), and
 * fewer areas recorded patrols and study sessions — the figures rise toward the current year.
 * Deterministic: no randomness, only the order of the staff and the areas.
 */

/** Every n-th team member (by 職員番号 within the area) was not yet on a team that year. */
const missingEvery: Readonly<Record<number, number>> = { 2: 7, 1: 15 };
/** Areas (by index) without a patrol / a study session that year. */
const noPatrol = (back: number, a: number) => (back === 2 ? a % 3 === 0 : a === 1);
const noStudy = (back: number, a: number) => (back === 2 ? a % 2 === 1 : a % 4 === 2);

/** Run after insertDemoWard and insertDemoAreaLog of the current year (the teams are copied from it). */
export function insertDemoPlanHistory(db: Db, fy: number): void {
  const hiredOn = new Map(allStaff(db).map((p) => [p.id, p.hiredOn]));
  const areas = demoAreas(db);
  const now = new Date().toISOString();
  const write = demoAreaLogWriter(db);
  for (const back of [2, 1]) {
    const year = fy - back;
    const start = `${year}-04-01`;
    areas.forEach((area, a) => {
      const current = demoAreaMembers(db, fy, area.id);
      const kept = current.filter((m, i) => {
        const hired = hiredOn.get(m.staff_id) ?? null;
        if (hired !== null && hired > start) return false;
        return m.role === 'リーダー' || (i + 1) % missingEvery[back]! !== 0;
      });
      const onTeam = new Set(kept.map((m) => m.staff_id));
      for (const m of kept) {
        const partnerId = m.partner_id !== null && onTeam.has(m.partner_id) ? m.partner_id : null;
        upsertAreaAssignment(db, {
          fy: year,
          areaId: area.id,
          staffId: m.staff_id,
          role: m.role as AreaRole,
          partnerId,
        });
      }
      if (kept.length === 0) return;
      const leader = kept.find((m) => m.role === 'リーダー') ?? kept[0]!;
      const pair = kept.find((m) => m.partner_id !== null && onTeam.has(m.partner_id));
      if (!noPatrol(back, a) && pair && pair.partner_id !== null) {
        const id = write.patrol(
          year,
          area.id,
          `${year}-0${6 + (a % 3)}-1${a % 10}`,
          '担当地域を巡回し、町会長と意見交換した。',
          '',
          pair.name,
          now,
        );
        write.patrolMember(id, pair.staff_id);
        write.patrolMember(id, pair.partner_id);
      }
      if (!noStudy(back, a)) {
        const id = write.study(
          year,
          area.id,
          `${year}-1${a % 3}-2${a % 8}`,
          '地域の課題の共有',
          '巡回で気づいたことを共有した。',
          leader.name,
          now,
        );
        for (const m of kept.slice(0, Math.max(2, kept.length - 3))) write.attendee(id, m.staff_id);
      }
    });
  }
}
