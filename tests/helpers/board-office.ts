import { linesOf, rosterSections } from '../bench/roster';
import type { Db } from '../../electron/core/db/connection';
import { emptySheetState, goalStateOf, insertSheet, replaceGoals } from '../../electron/core/mbo/mbo.repo';
import { emptySelfReportState, insertSelfReport } from '../../electron/core/self-report/self-report.repo';
import { ensureCycle } from '../../electron/core/staff/staff.repo';
import { closeOffice } from '../../electron/core/office/office.service';
import { GOAL_CATEGORIES, LEVELS, MBO_STATUSES } from '../../shared/mbo';
import { gradeGroupOf } from '../../shared/org';
import type { Position } from '../../shared/org';
import type { Result } from '../../shared/result';
import { selfReportStatuses } from '../../shared/self-report';
import { callApi, hrPassword, loggedIn, newOffice } from './office';

/**
 * A bigger office than the demo for the progress boards' paging tests, built with plain inserts
 * (deterministic): `count` staff over the benchmark's sections and lines, with the awkward cases a
 * board meets — people without a section or a line, without a reading, who left (with and without
 * a sheet), sheets in every state with 0–5 goals, self-reports in every state with and without the
 * 意義 answer, equal timestamps — and an evaluator account `hyoka` who is 1次, 2次 or 調整者 of a few
 * hundred people (some assignments ended) and has a sheet of their own.
 */

export const boardPassword = 'board-password-1';

function must<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

export type BoardOffice = { dbPath: string; evaluatorStaffNo: string };

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function positionOf(i: number): Position {
  const r = i % 100;
  if (r < 3) return '課長';
  if (r < 10) return '課長代理';
  if (r < 30) return '係長';
  return '係員';
}

export function fillBoard(db: Db, fy: number, count: number): { staffIds: number[] } {
  const rnd = seeded(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  // A few timestamps only, so that many rows tie on a date.
  const stamps = Array.from({ length: 12 }, (_, k) => `${fy}-0${1 + (k % 9)}-1${k % 10}T09:00:00.000Z`);
  const staffIds: number[] = [];
  db.transaction(() => {
    ensureCycle(db, fy);
    const addSection = db.prepare('INSERT INTO sections (name, sort) VALUES (?, ?)');
    const addLine = db.prepare('INSERT INTO lines (section_id, name, sort) VALUES (?, ?, ?)');
    // Sort keys out of id order (and two sections sharing one), so organisation order is not id order.
    const sections = rosterSections.map((name, i) => {
      const id = Number(addSection.run(name, (rosterSections.length - i) % 40).lastInsertRowid);
      const lines = linesOf(i).map((l, k) => Number(addLine.run(id, l, 5 - k).lastInsertRowid));
      return { id, lines };
    });
    const addStaff = db.prepare(
      `INSERT INTO staff (staff_no, name, kana, section_id, line_id, position, grade_group, job_type, active)
       VALUES (?, ?, ?, ?, ?, ?, ?, '行政', ?)`,
    );
    for (let i = 0; i < count; i += 1) {
      const section = i % 97 === 0 ? null : pick(sections);
      const line = section === null || i % 13 === 0 ? null : pick(section.lines);
      const position = positionOf(i);
      const active = i % 41 === 0 ? 0 : 1;
      const kana = i % 17 === 0 ? '' : `しょくいん　${String.fromCharCode(0x3042 + (i % 40))}${i}`;
      const id = Number(
        addStaff.run(
          String(500000 + ((i * 7919) % 1_000_000)).padStart(6, '0'),
          `職員　${i % 3 === 0 ? 'テスト' : '太郎'}${i}`,
          kana,
          section?.id ?? null,
          line,
          position,
          gradeGroupOf(position),
          active,
        ).lastInsertRowid,
      );
      staffIds.push(id);
      // Sheets: most people; some who left keep theirs.
      if (i % 9 !== 0) {
        const status = pick(MBO_STATUSES);
        const stamp = pick(stamps);
        const sheetId = insertSheet(
          db,
          fy,
          id,
          {
            ...emptySheetState(),
            status,
            submittedAt: status === '未提出' ? null : stamp,
            approvedAt: status === '承認済' || status === '自己評価済' ? pick(stamps) : null,
          },
          stamp,
        );
        const goals = Math.floor(rnd() * 6);
        replaceGoals(
          db,
          sheetId,
          Array.from({ length: goals }, (_, k) => ({
            ...goalStateOf({
              category: pick(GOAL_CATEGORIES),
              title: `目標${k + 1}`,
              content: '',
              standard: '',
              priority: null,
              weight: rnd() < 0.1 ? null : 10 + Math.floor(rnd() * 5) * 10,
              difficulty: rnd() < 0.1 ? null : pick(['A', 'B', 'C'] as const),
              schedule: '',
              type: '通常' as const,
            }),
            self: { level: rnd() < 0.3 ? null : pick(LEVELS), comment: '', reason: '' },
          })),
        );
      }
      // Self-reports: most people; a draft may already hold an answer.
      if (i % 7 !== 0) {
        const status = pick(selfReportStatuses);
        const stamp = pick(stamps);
        const state = emptySelfReportState();
        insertSelfReport(
          db,
          fy,
          id,
          {
            ...state,
            status,
            fields: { ...state.fields, meaningful: rnd() < 0.15 ? null : 1 + Math.floor(rnd() * 5) },
            submittedAt: status === '未提出' ? null : stamp,
            interviewedAt: status === '面談済' ? pick(stamps) : null,
          },
          stamp,
        );
      }
    }
  })();
  return { staffIds };
}

/** Builds the office and the evaluator's assignments; `count` staff. */
export async function boardOffice(dir: string, fy: number, count: number): Promise<BoardOffice> {
  const { dbPath, office } = await newOffice(dir);
  const db = office.db;
  const { staffIds } = fillBoard(db, fy, count);
  const evaluatorId = staffIds[3]!;
  const add = db.prepare(
    `INSERT INTO evaluator_assignments (fy, staff_id, first_id, second_id, adjuster_id, effective_from, effective_to)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    const other = staffIds[5]!;
    for (let k = 10; k < Math.min(count, 400); k += 1) {
      const id = staffIds[k]!;
      if (k % 3 === 0) add.run(fy, id, evaluatorId, other, null, `${fy}-04-01`, null);
      else if (k % 3 === 1) add.run(fy, id, other, evaluatorId, null, `${fy}-04-01`, null);
      else if (k % 5 === 0) add.run(fy, id, other, other, evaluatorId, `${fy}-04-01`, null);
      // An assignment that has ended: that person is no longer on the evaluator's list.
      else add.run(fy, id, evaluatorId, other, null, `${fy}-04-01`, `${fy}-05-31`);
    }
    // The evaluator's own assignment: their own sheet is not on their list.
    add.run(fy, evaluatorId, other, other, null, `${fy}-04-01`, null);
  })();
  const evaluatorStaffNo = (
    db.prepare('SELECT staff_no AS no FROM staff WHERE id = ?').get(evaluatorId) as { no: string }
  ).no;
  closeOffice(office);
  const hr = await loggedIn(dbPath, 'hr', hrPassword);
  must(
    await callApi(hr, 'accounts:create', {
      login: 'hyoka',
      displayName: '評価　花子',
      role: 'evaluator',
      staffNo: evaluatorStaffNo,
      password: 'board-first-pass',
    }),
  );
  hr.office?.db.close();
  // The first login asks for a new password.
  const first = await loggedIn(dbPath, 'hyoka', 'board-first-pass');
  must(await callApi(first, 'auth:changePassword', { current: 'board-first-pass', next: boardPassword }));
  first.office?.db.close();
  return { dbPath, evaluatorStaffNo };
}
