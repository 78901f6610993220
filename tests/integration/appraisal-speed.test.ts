import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cycleConfig,
  insertAppraisal,
  emptyAppraisalState,
  storedConfigJson,
  writeConfigJson,
} from '../../electron/core/appraisal/appraisal.repo';
import { populationsOf, rankPopulationOf } from '../../electron/core/appraisal/ranking.service';
import { evaluatorAssignmentsOn, exclusionsOf } from '../../electron/core/appraisal/ranking.repo';
import { todayIso } from '../../shared/dates';
import { yearScores } from '../../electron/core/appraisal/scores.service';
import type { AppContext } from '../../electron/core/api/context';
import type { Db } from '../../electron/core/db/connection';
import { emptySheetState, goalStateOf, insertSheet, replaceGoals } from '../../electron/core/mbo/mbo.repo';
import { APPRAISAL_STATUSES } from '../../shared/contract';
import type { RankingView } from '../../shared/contract';
import { LEVELS } from '../../shared/mbo';
import { gradeGroupOf } from '../../shared/org';
import type { Position } from '../../shared/org';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';

/*
 * The ranking reads only the population asked for, and lists the populations from SQL counts
 * (ranking.service.ts populationSummaries): on the demo plus 3,000 added people, every population's
 * ranking must be exactly what ranking the whole year's people (populationsOf over yearScores) gives.
 */

const fy = 2026;
const dir = tempDir();
let hr: AppContext;
let kacho: AppContext;

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** 3,000 more people over the demo's sections (and none), appraised in every status, with ties. */
function addPeople(db: Db, count: number): void {
  const rnd = seeded(15);
  const sections = (db.prepare('SELECT id FROM sections ORDER BY id').all() as { id: number }[]).map((r) => r.id);
  const config = cycleConfig(db, fy);
  const addStaff = db.prepare(
    `INSERT INTO staff (staff_no, name, kana, section_id, position, grade_group, job_type, active)
     VALUES (?, ?, '', ?, ?, ?, '行政', ?)`,
  );
  const addRating = db.prepare(
    'INSERT INTO appraisal_ratings (appraisal_id, item, self, first, second) VALUES (?, ?, NULL, NULL, ?)',
  );
  const positions: Position[] = ['係員', '係員', '係員', '係長', '課長代理'];
  db.transaction(() => {
    for (let i = 0; i < count; i += 1) {
      const position = positions[i % positions.length]!;
      const gradeGroup = gradeGroupOf(position);
      const section = i % 53 === 0 ? null : sections[Math.floor(rnd() * sections.length)]!;
      const id = Number(
        addStaff.run(
          `Z${String(i).padStart(5, '0')}`,
          `追加　職員${i}`,
          section,
          position,
          gradeGroup,
          i % 37 === 0 ? 0 : 1,
        ).lastInsertRowid,
      );
      if (i % 11 === 0) continue; // No appraisal: waiting (or not in the year when inactive).
      const status = APPRAISAL_STATUSES[i % 3 === 0 ? 4 : i % 3 === 1 ? 5 : Math.floor(rnd() * 4)]!;
      const appraisalId = insertAppraisal(
        db,
        fy,
        id,
        { ...emptyAppraisalState(), status, adjustment: i % 7 === 0 ? 10 : 0 },
        '2026-12-01T00:00:00.000Z',
      );
      // Coarse ratings: many equal scores, so boundary ties appear.
      for (const item of config.competencyItems[gradeGroup])
        addRating.run(appraisalId, item, 3 + Math.floor(rnd() * 2));
      const sheetId = insertSheet(db, fy, id, emptySheetState(), '2026-12-01T00:00:00.000Z');
      replaceGoals(
        db,
        sheetId,
        [50, 50].map((weight, k) => ({
          ...goalStateOf({
            category: '業務目標',
            title: `目標${k + 1}`,
            content: '',
            standard: '',
            priority: null,
            weight,
            difficulty: 'B',
            schedule: '',
            type: '通常',
          }),
          second: {
            level: i % 13 === 0 && k === 1 ? null : LEVELS[Math.floor(rnd() * 2) + 1]!,
            comment: '',
            reason: '',
          },
        })),
      );
    }
    // Two people HR took out of the ranking.
    const out = db.prepare(
      `INSERT INTO ranking_exclusions (fy, staff_id, reason, excluded_at, excluded_by)
       SELECT ?, id, '長期休業', '2026-12-01', '人事' FROM staff WHERE staff_no IN ('Z00003', 'Z00006')`,
    );
    out.run(fy);
  })();
}

/** The full-year way: every population from the whole year's people, each ranked. */
function fullYear(db: Db) {
  const { people, config } = yearScores(db, fy);
  const exclusions = exclusionsOf(db, fy);
  return populationsOf(people, config).map((pop) => ({
    pop,
    ranking: rankPopulationOf(pop.members, config.distribution, exclusions),
  }));
}

async function view(ctx: AppContext, population?: string): Promise<RankingView> {
  const r = await callApi(ctx, 'appraisal:ranking', { fy, ...(population ? { population } : {}) });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

async function expectSameAsFullYear(ctx: AppContext, db: Db, adjusterOnly: number | null): Promise<number> {
  const full = fullYear(db);
  const first = await view(ctx);
  const inForce = evaluatorAssignmentsOn(db, fy, todayIso());
  const visible =
    adjusterOnly === null
      ? full
      : full.filter((f) => f.pop.members.some((p) => inForce.get(p.staffId)?.adjusterId === adjusterOnly));
  expect(visible.length).toBeGreaterThan(0);
  expect(first.populations.map((p) => [p.key, p.size])).toEqual(visible.map((f) => [f.pop.key, f.pop.members.length]));
  let ties = 0;
  for (const { pop, ranking } of visible) {
    const v = await view(ctx, pop.key);
    const r = v.result!;
    expect(r.size).toBe(ranking.result.population);
    expect(r.figures).toEqual(ranking.result.figures);
    expect(r.ties).toEqual(ranking.result.ties);
    expect(r.undecided).toBe(ranking.result.undecided);
    expect(r.rows.map((x) => [x.staffNo, x.score, x.position, x.rankClass, x.decided])).toEqual(
      ranking.result.ranked.map((x) => [x.id, x.score, x.position, x.class, x.decided]),
    );
    expect(r.waiting.map((p) => p.staffNo)).toEqual(ranking.waiting.map((p) => p.staffNo));
    expect(r.excluded.map((p) => [p.staffNo, p.reason])).toEqual(ranking.excluded.map((p) => [p.staffNo, p.reason]));
    ties += r.ties.length;
  }
  return ties;
}

beforeAll(async () => {
  const dbPath = await demoCopy(dir);
  hr = await loggedIn(dbPath, 'admin', demoPass);
  addPeople(hr.office!.db, 3000);
  kacho = await loggedIn(dbPath, 'kacho', demoPass);
}, 120_000);

afterAll(() => {
  hr.office?.db.close();
  kacho.office?.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the ranking of one population, read alone', () => {
  it('is the full-year ranking of every population, office-wide units', async () => {
    const db = hr.office!.db;
    const ties = await expectSameAsFullYear(hr, db, null);
    // The comparison meets boundary ties, waiting and excluded people.
    expect(ties).toBeGreaterThan(0);
    expect(fullYear(db).some((f) => f.ranking.excluded.length > 0 && f.ranking.waiting.length > 0)).toBe(true);
  }, 120_000);

  it('is the full-year ranking of every population ranked per section, （所属なし） included', async () => {
    const db = hr.office!.db;
    const config = cycleConfig(db, fy);
    const stored = storedConfigJson(db, fy);
    writeConfigJson(
      db,
      fy,
      JSON.stringify({ ...config, rankingUnits: { ...config.rankingUnits, 係員級: '課', 係長級: '課' } }),
    );
    try {
      await expectSameAsFullYear(hr, db, null);
      expect((await view(hr)).populations.some((p) => p.key === '係員級・（所属なし）')).toBe(true);
    } finally {
      writeConfigJson(db, fy, stored);
    }
  }, 120_000);

  it('lists an evaluator only the populations of the people they adjust, as before', async () => {
    const db = hr.office!.db;
    const viewer = (db.prepare('SELECT staff_id AS id FROM accounts WHERE login = ?').get('kacho') as { id: number })
      .id;
    // The 課長 adjusts some of the added people, in several populations (one of them without a section).
    db.prepare(
      `INSERT INTO evaluator_assignments (fy, staff_id, first_id, second_id, adjuster_id, effective_from, effective_to)
       SELECT ?, id, NULL, NULL, ?, '2026-04-01', NULL FROM staff
       WHERE staff_no IN ('Z00001', 'Z00003', 'Z00053', 'Z00104', 'Z00106')`,
    ).run(fy, viewer);
    expect((await view(kacho)).populations.length).toBeGreaterThan(1);
    await expectSameAsFullYear(kacho, db, viewer);
  }, 120_000);
});
