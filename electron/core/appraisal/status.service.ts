import type { Parsed } from '../../../shared/contract';
import { APPRAISAL_STATUSES } from '../../../shared/contract';
import type { StatusTable } from '../../../shared/contract';
import { gradeGroups } from '../../../shared/org';
import type { GradeGroup } from '../../../shared/org';
import { NO_SECTION } from '../../../shared/appraisal';
import type { RankClass } from '../../../shared/ranking';
import { minGroupSize, seesSmallGroups, withheldAverages } from '../../../shared/access';
import type { Db } from '../db/connection';
import { remember } from '../db/remembered';
import { requireCycle } from '../access/evaluation-access';
import type { Session } from '../office/office.service';
import { yearStatusPeople } from './scores.service';
import type { StatusPerson } from './scores.service';

/*
 * The 人事考課状況一覧 (`appraisal:status`): per grade group, section averages, the count per status
 * and the distribution of confirmed classes, built from the whole year's people at once — but only
 * what it counts of them (yearStatusPeople, or the whole scored year when it is remembered;
 * docs/city-scale.md "First call"). The relative ranking is ranking.service.ts.
 */

function average(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const hundredths = values.reduce((a, v) => a + Math.round(v * 100), 0);
  return Math.floor((hundredths / values.length) * 1 + 0.5) / 100;
}

function emptyDistribution(): Record<RankClass, number> {
  return { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
}

/** One section of a grade group in the status table, before anything is withheld: who is counted, and the scores. */
type StatusSection = { section: string; total: number; scores: number[]; counts: Record<string, number> };

/** One grade group of the status table before anything is withheld (it names no one and no caller). */
type StatusGroup = {
  gradeGroup: GradeGroup;
  total: number;
  scores: number[];
  distribution: Record<RankClass, number>;
  confirmed: number;
  sections: StatusSection[];
};

/**
 * The status table's counts of a year, one pass over its people (sections in organisation order,
 * as they come): per grade group and section the count per status and the scores; per grade group
 * the confirmed classes.
 */
function statusGroupsOf(people: readonly StatusPerson[]): StatusGroup[] {
  const groups = new Map<GradeGroup, StatusGroup & { bySection: Map<string, StatusSection> }>(
    gradeGroups.map((gradeGroup) => [
      gradeGroup,
      {
        gradeGroup,
        total: 0,
        scores: [],
        distribution: emptyDistribution(),
        confirmed: 0,
        sections: [],
        bySection: new Map(),
      },
    ]),
  );
  for (const p of people) {
    const group = groups.get(p.gradeGroup);
    if (!group) continue;
    group.total += 1;
    if (p.score !== null) group.scores.push(p.score);
    if (p.status === '確定' && p.rankClass) {
      group.distribution[p.rankClass] += 1;
      group.confirmed += 1;
    }
    const key = p.section ?? NO_SECTION;
    let section = group.bySection.get(key);
    if (!section) {
      const counts: Record<string, number> = {};
      for (const s of APPRAISAL_STATUSES) counts[s] = 0;
      section = { section: key, total: 0, scores: [], counts };
      group.bySection.set(key, section);
      group.sections.push(section);
    }
    section.total += 1;
    if (p.score !== null) section.scores.push(p.score);
    if (p.status in section.counts) section.counts[p.status]! += 1;
  }
  return gradeGroups.map((g) => {
    const { bySection: _bySection, ...group } = groups.get(g)!;
    return group;
  });
}

/**
 * 人事考課状況一覧: per grade group, each section's count, how many have a score (2次 done), their
 * average absolute score, the count per status, and the distribution of confirmed classes. Names
 * no one; and for anyone but HR, no average or distribution of fewer than 3 people, nor a grade
 * group's average that would give such a section's away (docs/access.md).
 *
 * The counts are remembered until the office changes (docs/city-scale.md "Counted once"), before
 * anything is withheld: what a role may see is decided here on every call. A year not yet scored
 * is counted from a narrower read than the whole year's (yearStatusPeople).
 */
export function statusTable(db: Db, session: Session, input: Parsed<'appraisal:status'>): StatusTable {
  requireCycle(db, input.fy);
  const groups = remember(db, `status:${input.fy}`, () => statusGroupsOf(yearStatusPeople(db, input.fy)));
  const all = seesSmallGroups(session.role);
  return {
    fy: input.fy,
    groups: groups.map((g) => {
      const withheld = all
        ? { sections: g.sections.map(() => null), group: null }
        : withheldAverages(g.sections.map((r) => r.scores.length));
      return {
        gradeGroup: g.gradeGroup,
        total: g.total,
        scored: g.scores.length,
        average: withheld.group === null ? average(g.scores) : null,
        suppressed: withheld.group,
        distribution: all || g.confirmed === 0 || g.confirmed >= minGroupSize ? { ...g.distribution } : null,
        sections: g.sections.map((r, i) => {
          const suppressed = withheld.sections[i] ?? null;
          return {
            section: r.section,
            total: r.total,
            scored: r.scores.length,
            average: suppressed === null ? average(r.scores) : null,
            suppressed,
            counts: { ...r.counts },
          };
        }),
      };
    }),
  };
}
