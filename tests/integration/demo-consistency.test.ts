import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';

/**
 * The demo office does not contradict itself (issue 16): the 区長 and 副区長 are 課長級 and never in the
 * 課長代理's ranking population; an area team's award goes to members of that team; everyone whose
 * 現所属配属日 is later than their hiring has a transfer to their section on that day.
 */

const dir = tempDir('kaname-demo-consistency-');
const fy = fiscalYearOf(new Date());
let ctx: AppContext;

beforeAll(async () => {
  ctx = await loggedIn(await demoCopy(dir), 'admin', demoPass);
});
afterAll(() => {
  ctx.end();
  fs.rmSync(dir, { recursive: true, force: true });
});

function rows<T>(sql: string, ...params: unknown[]): T[] {
  return ctx.office!.db.prepare(sql).all(...params) as T[];
}

describe('the demo office is consistent', () => {
  it('has the 区長 and 副区長 at 課長級, outside the 課長代理級 population; the 区長 in none', async () => {
    const top = rows<{ staffNo: string; position: string; gradeGroup: string }>(
      `SELECT staff_no AS staffNo, position, grade_group AS gradeGroup FROM staff WHERE position IN ('区長', '副区長')`,
    );
    expect(top.map((p) => [p.position, p.gradeGroup]).sort()).toEqual([
      ['副区長', '課長級'],
      ['区長', '課長級'],
    ]);
    const inPopulation = async (population: string): Promise<Set<string>> => {
      const r = await callApi(ctx, 'appraisal:ranking', { fy, population });
      if (!r.ok || !r.value.result) throw new Error(population);
      const res = r.value.result;
      return new Set([...res.rows, ...res.waiting, ...res.excluded].map((p) => p.staffNo));
    };
    const deputies = await inPopulation('課長代理級');
    const managers = await inPopulation('課長級');
    const kucho = top.find((p) => p.position === '区長')!.staffNo;
    const fuku = top.find((p) => p.position === '副区長')!.staffNo;
    expect(deputies.has(kucho) || deputies.has(fuku)).toBe(false);
    expect(managers.has(fuku)).toBe(true);
    // The 区長 is appraised outside the ward: in no population, never waiting in one.
    expect(managers.has(kucho)).toBe(false);
  });

  it('gives an area team’s award to members of that team only', () => {
    const recipients = rows<{ title: string; groupName: string; area: string | null }>(
      `SELECT a.title, a.group_name AS groupName, ar.name AS area
         FROM awards a JOIN award_recipients r ON r.award_id = a.id
         LEFT JOIN area_assignments aa ON aa.staff_id = r.staff_id AND aa.fy = a.fy
         LEFT JOIN areas ar ON ar.id = aa.area_id
        WHERE a.fy = ? AND a.group_name LIKE '%地域担当チーム'`,
      fy,
    );
    expect(recipients.length).toBeGreaterThanOrEqual(3);
    for (const r of recipients) expect(`${r.area ?? '（なし）'}地域担当チーム`, r.title).toBe(r.groupName);
  });

  it('gives everyone posted after hiring a transfer to their section on their 現所属配属日 (shokuin too)', async () => {
    const contradictions = rows<{ staffNo: string }>(
      `SELECT s.staff_no AS staffNo FROM staff s
        WHERE s.posted_on > s.hired_on AND NOT EXISTS (
          SELECT 1 FROM transfers t WHERE t.staff_id = s.id AND t.on_date = s.posted_on
             AND t.to_section_id IS s.section_id AND t.to_line_id IS s.line_id)`,
    );
    expect(contradictions).toEqual([]);
    // No transfer after the 現所属配属日 or before the hiring.
    const outside = rows<{ n: number }>(
      `SELECT count(*) AS n FROM transfers t JOIN staff s ON s.id = t.staff_id
        WHERE t.on_date > s.posted_on OR t.on_date < s.hired_on`,
    );
    expect(outside[0]!.n).toBe(0);

    const own = await loggedIn(ctx.office!.dbPath, 'shokuin', demoPass);
    const me = own.session!.staffNo!;
    const detail = await callApi(own, 'staff:detail', { staffNo: me, fy });
    own.end();
    if (!detail.ok) throw new Error(detail.error.message);
    const { staff, transfers } = detail.value;
    expect(transfers.length).toBeGreaterThan(0);
    expect(transfers[0]!.onDate).toBe(staff.postedOn);
    expect(transfers[0]!.to).toBe(`${staff.section} / ${staff.line}`);
  });
});
