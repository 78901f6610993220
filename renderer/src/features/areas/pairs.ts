import type { AreaTeam, PersonRef } from '../../../../shared/contract';
import { formatNumber } from '../../../../shared/numbers';

export type AreaMember = AreaTeam['members'][number];

export type AreaUnit =
  { kind: 'pair'; first: PersonRef; second: PersonRef; outside: boolean } | { kind: 'single'; member: AreaMember };

/**
 * The team as the plan works it: pairs who walk the area together, then whoever has no partner
 * yet. A partner who is not on this team (a data problem the importer should have caught) still
 * shows, marked `outside`. The leader, shown apart, is left out unless they walk in a pair.
 */
export function areaUnits(team: AreaTeam): AreaUnit[] {
  const byNo = new Map(team.members.map((m) => [m.person.staffNo, m]));
  const seen = new Set<string>();
  const pairs: AreaUnit[] = [];
  const singles: AreaUnit[] = [];
  for (const m of team.members) {
    const no = m.person.staffNo;
    if (seen.has(no)) continue;
    seen.add(no);
    const partner = m.partner;
    if (partner && !seen.has(partner.staffNo)) {
      seen.add(partner.staffNo);
      pairs.push({ kind: 'pair', first: m.person, second: partner, outside: !byNo.has(partner.staffNo) });
    } else if (!partner) {
      if (m.role === 'リーダー' && team.leader?.staffNo === no) continue;
      singles.push({ kind: 'single', member: m });
    }
  }
  return [...pairs, ...singles];
}

/** 12 / 15 人（80.0%） */
export function coverageText(assigned: number, total: number): string {
  const pct = total === 0 ? '—' : `${((assigned / total) * 100).toFixed(1)}%`;
  return `${formatNumber(assigned)} / ${formatNumber(total)} 人（${pct}）`;
}
