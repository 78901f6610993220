import type { Db } from '../db/connection';

/* SQL for the plan's measures (docs/plan.md) that no domain's repo already answers. */

/** The ids of staff with staff.active = 1: the denominator of 接遇研修 coverage. */
export function activeStaffIds(db: Db): number[] {
  return (db.prepare('SELECT id FROM staff WHERE active = 1 ORDER BY id').all() as { id: number }[]).map((r) => r.id);
}
