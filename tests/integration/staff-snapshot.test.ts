import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { allStaff, staffSnapshot } from '../../electron/core/staff/org.repo';
import { db } from '../fixtures/workbooks';
import { demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';

// The import plans against staffSnapshot (docs/workbook-import.md "Writing the rows"): the same
// records as allStaff, read without its join and sort.

const dir = tempDir('kaname-staff-snapshot-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('staffSnapshot', () => {
  it('holds every staff record allStaff holds, field for field, with 所属 and 担当 by name', async () => {
    const ctx = await loggedIn(await demoCopy(dir), 'admin', demoPass);
    const d = db(ctx);
    // Someone without a 所属 or 担当, and a retired person, are read as they are.
    d.prepare(
      'UPDATE staff SET section_id = NULL, line_id = NULL WHERE staff_no = (SELECT max(staff_no) FROM staff)',
    ).run();
    d.prepare('UPDATE staff SET active = 0 WHERE id = (SELECT min(id) FROM staff)').run();
    const sorted = staffSnapshot(d).sort((a, b) => (a.staffNo < b.staffNo ? -1 : a.staffNo > b.staffNo ? 1 : 0));
    const expected = allStaff(d);
    expect(expected.length).toBeGreaterThan(100);
    expect(sorted).toEqual(expected);
    expect(expected.some((s) => s.section === null && s.line === null)).toBe(true);
    expect(expected.some((s) => !s.active)).toBe(true);
    expect(expected.some((s) => s.line !== null)).toBe(true);
    ctx.end();
  });
});
