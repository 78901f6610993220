import type { ImportProblem } from '../../../../shared/contract';
import { softText } from '../../../../shared/text';
import type { Db } from '../../db/connection';
import type { CourseRecord } from '../../training/training.repo';
import { coursesOfYear } from '../../training/training.repo';

/* What the 研修 workbook's two sheets share while they are planned (docs/workbooks.md). */

export type TrainingContext = {
  db: Db;
  problems: ImportProblem[];
  warnings: ImportProblem[];
  /** The stored courses of a year (read once per year). */
  storedCourses: (fy: number) => CourseRecord[];
};

export function trainingContext(db: Db): TrainingContext {
  const stored = new Map<number, CourseRecord[]>();
  return {
    db,
    problems: [],
    warnings: [],
    storedCourses: (fy) => {
      let list = stored.get(fy);
      if (!list) {
        list = coursesOfYear(db, fy);
        stored.set(fy, list);
      }
      return list;
    },
  };
}

/** A course's key in the file: 年度 and 研修名 as read. */
export const courseKey = (fy: number, title: string): string => `${fy}\u0000${title}`;

/** Stored courses whose title reads as this one (a title typed on screen as 「第１回」 matches 「第1回」). */
export function storedMatches(ctx: TrainingContext, fy: number, title: string): CourseRecord[] {
  return ctx.storedCourses(fy).filter((c) => softText(c.title) === title);
}

export function fiscalYearOfIso(iso: string): number {
  const [y, m] = iso.split('-').map(Number) as [number, number];
  return m >= 4 ? y : y - 1;
}

export function slash(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${y}/${m}/${d}`;
}

export const yesNo = (b: boolean): 'はい' | 'いいえ' => (b ? 'はい' : 'いいえ');
