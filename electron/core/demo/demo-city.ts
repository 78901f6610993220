import { fiscalYearOf } from '../../../shared/fiscal-year';
import { createOffice } from '../office/office.service';
import type { Office } from '../office/office.service';
import type { AccountRow } from '../../../shared/contract';
import { appendAudit } from '../system/audit.repo';
import { demoAccounts, insertDemoWard, mulberry32 } from './demo-ward';
import type { AreaRole, DemoStaff, DemoWard, Employment, Position } from './demo-ward';
import { insertDemoAreaLog } from './demo-area-log';
import { insertDemoPlanHistory } from './demo-plan-history';
import { insertDemoSelfReports } from './demo-self-reports';
import { insertDemoPostings } from './demo-postings';
import { insertDemoHistory } from './demo-history';
import { insertDemoMeasures } from './demo-measures';
import { insertCityTraining, insertCityYear } from './demo-city-year';
import { withStatementCache } from './demo-city.repo';
import { demoLoginOptions } from './demo';
import {
  cityAreaBases,
  cityAreaSuffixes,
  cityGivenNames,
  cityHqSections,
  cityLineNames,
  citySurnames,
  cityWardSections,
  cityWards,
} from './demo-city-data';

/**
 * The city-scale demo (docs/city-scale.md): a fictional city office of 35,000 staff in 120 課 —
 * headquarters and six ward offices — with 120 area teams, evaluators, and a full year (self-reports,
 * MBO sheets, appraisals mostly 調整済 so that the office-wide 相対評価 has big populations, awards,
 * training, postings, past years). Same logins and password rule as the ward demo (demo.ts), so the
 * city can be tried the same way: `kaname demo --db F --city`.
 *
 * Generation is deterministic and linear in the number of staff; insertion runs inside
 * createOffice's one transaction with prepared statements, as the benchmarks' generators do.
 */

export const cityStaffCount = 35_000;
export const cityOfficeName = '要市役所（デモ・市規模）';

/** Staff who left during the year, kept as inactive records (counted in the 35,000). */
const retiredCount = 40;

type Rng = { next: () => number; int: (lo: number, hi: number) => number; pick: <T>(xs: readonly T[]) => T };

function makeRng(seed: number): Rng {
  const next = mulberry32(seed);
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T,
  };
}

function shuffled<T>(rng: Rng, xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function weighted(rng: Rng, spec: string): string {
  const items = spec.split(',').map((s) => {
    const [name, w] = s.split(':');
    return { name: name ?? '行政', weight: Number(w ?? '1') };
  });
  let r = rng.next() * items.reduce((sum, i) => sum + i.weight, 0);
  for (const i of items) {
    r -= i.weight;
    if (r < 0) return i.name;
  }
  return items[0]?.name ?? '行政';
}

const ymd = (y: number, m: number, d: number): string =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

const gradeOf = {
  区長: '課長級',
  副区長: '課長級',
  課長: '課長級',
  課長代理: '課長代理級',
  係長: '係長級',
  係員: '係員級',
} as const satisfies Record<Position, DemoStaff['gradeGroup']>;

/** Years since hiring, by position and employment: [min, max]. */
function hireSpan(position: Position, employment: Employment): [number, number] {
  if (employment === '再任用') return [37, 42];
  if (employment === '会計年度任用') return [0, 4];
  const spans: Record<Position, [number, number]> = {
    区長: [33, 37],
    副区長: [30, 34],
    課長: [25, 35],
    課長代理: [20, 30],
    係長: [12, 25],
    係員: [0, 15],
  };
  return spans[position];
}

type Slot = { section: number; line: string | null; position: Position; jobs: string; firstOfLine: boolean };

/** The 課 of the city: headquarters first, then each ward office's. */
function citySections(rng: Rng): { name: string; jobs: string; lines: string[] }[] {
  const defs = [
    ...cityHqSections,
    ...cityWards.flatMap((w) => cityWardSections.map(([n, jobs]): [string, string] => [`${w} ${n}`, jobs])),
  ];
  return defs.map(([name, jobs], i) => {
    const count = rng.int(10, 16);
    const start = i === 0 ? 0 : (i * 7) % cityLineNames.length;
    const lines = Array.from({ length: count }, (_, k) => cityLineNames[(start + k) % cityLineNames.length]!);
    return { name, jobs, lines };
  });
}

/** The organisation chart as slots: 区長, three 副区長, then per 課 a 課長, two 課長代理 and its 担当. */
function citySlots(rng: Rng, sections: ReturnType<typeof citySections>, total: number): Slot[] {
  const slots: Slot[] = [
    { section: 0, line: null, position: '区長', jobs: '行政:1', firstOfLine: false },
    ...[0, 1, 2].map((): Slot => ({ section: 0, line: null, position: '副区長', jobs: '行政:1', firstOfLine: false })),
  ];
  const lines: { section: number; line: string; jobs: string }[] = [];
  sections.forEach((s, i) => {
    const managerJobs = `${s.jobs},行政:4`;
    slots.push({ section: i, line: null, position: '課長', jobs: managerJobs, firstOfLine: false });
    slots.push({ section: i, line: null, position: '課長代理', jobs: managerJobs, firstOfLine: false });
    slots.push({ section: i, line: null, position: '課長代理', jobs: managerJobs, firstOfLine: false });
    for (const line of s.lines) lines.push({ section: i, line, jobs: s.jobs });
  });
  // 係員 per 担当: shares of what is left, so that the office has exactly `total` people.
  const clerks = total - slots.length - lines.length;
  const weights = lines.map(() => 0.6 + rng.next());
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.floor((clerks * w) / sum));
  let left = clerks - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0; i = (i + 1) % counts.length, left--) counts[i] = (counts[i] ?? 0) + 1;
  lines.forEach((l, i) => {
    slots.push({ section: l.section, line: l.line, position: '係長', jobs: l.jobs, firstOfLine: false });
    for (let k = 0; k < (counts[i] ?? 0); k++) {
      slots.push({ section: l.section, line: l.line, position: '係員', jobs: l.jobs, firstOfLine: k === 0 });
    }
  });
  return slots;
}

/** Generates the city: pure and deterministic for a fiscal year, seed and size. */
export function generateDemoCity(fy: number, total = cityStaffCount, seed = 20260401): DemoWard {
  const rng = makeRng(seed ^ (fy * 2654435761));
  const sections = citySections(rng);
  const slots = citySlots(rng, sections, total);

  // Employment: ~8% 再任用 and ~10% 会計年度任用 among the 係員 (the first of each 担当 stays 正規); a few
  // 係員 left during the year.
  const employment: Employment[] = slots.map(() => '正規');
  const active = slots.map(() => true);
  const clerkIndexes = shuffled(
    rng,
    slots.flatMap((s, i) => (s.position === '係員' && !s.firstOfLine ? [i] : [])),
  );
  const reemployed = Math.round(total * 0.08);
  const fixedTerm = Math.round(total * 0.1);
  clerkIndexes.forEach((slot, k) => {
    if (k < reemployed) employment[slot] = '再任用';
    else if (k < reemployed + fixedTerm) employment[slot] = '会計年度任用';
    else if (k < reemployed + fixedTerm + retiredCount) active[slot] = false;
  });

  // 職員番号: a permutation of 6-digit numbers, so that number order mixes the sections.
  const staff: DemoStaff[] = slots.map((slot, i) => {
    const [surname, surnameKana] = rng.pick(citySurnames).split(':') as [string, string];
    const [given, givenKana] = rng.pick(cityGivenNames).split(':') as [string, string];
    const emp = employment[i]!;
    let jobType = weighted(rng, slot.jobs);
    if (emp === '会計年度任用' && (jobType === '行政' || rng.next() < 0.4)) jobType = '事務';
    const [minYears, maxYears] = hireSpan(slot.position, emp);
    const hiredYearsAgo = rng.int(minYears, maxYears);
    const hiredOn = ymd(fy - hiredYearsAgo, hiredYearsAgo > 0 && rng.next() < 0.08 ? 10 : 4, 1);
    let postedOn = hiredOn;
    if (emp !== '会計年度任用') {
      const postedYearsAgo = rng.int(0, 5) + (active[i] ? 0 : 1);
      const candidate = ymd(fy - postedYearsAgo, 4, 1);
      postedOn = candidate < hiredOn ? hiredOn : candidate;
    }
    return {
      staffNo: String(100000 + ((i * 7919 + 4391) % 900000)),
      name: `${surname}　${given}`,
      kana: `${surnameKana}　${givenKana}`,
      section: sections[slot.section]!.name,
      line: slot.line,
      position: slot.position,
      gradeGroup: gradeOf[slot.position],
      jobType,
      employment: emp,
      hiredOn,
      postedOn,
      qualifications: jobType === '保健師' ? '保健師、看護師' : jobType === '福祉' ? '社会福祉士' : '',
      active: active[i]!,
    };
  });

  const transfers: DemoWard['transfers'] = [];
  for (let i = 4; i < staff.length && transfers.length < 600; i += 53) {
    const p = staff[i]!;
    if (!p.active || p.employment === '会計年度任用' || p.postedOn <= p.hiredOn) continue;
    const from = sections[(slots[i]!.section + 1 + (i % 17)) % sections.length]!;
    const sectionLevel = p.position === '課長' || p.position === '課長代理';
    transfers.push({
      staffNo: p.staffNo,
      onDate: p.postedOn,
      fromSection: from.name,
      fromLine: sectionLevel ? null : rng.pick(from.lines),
      toSection: p.section,
      toLine: p.line,
    });
  }
  transfers.sort((a, b) => (a.onDate < b.onDate ? -1 : a.onDate > b.onDate ? 1 : 0));

  const areas = cityAreaSuffixes
    .flatMap((suffix) => cityAreaBases.map((base) => `${base}${suffix}`))
    .map((name) => ({
      name,
      note: `連合振興町会 ${rng.int(8, 18)}町会、世帯数 約${(rng.int(30, 75) * 100).toLocaleString('en-US')}`,
    }));

  return {
    sections: sections.map((s) => ({ name: s.name, lines: s.lines })),
    staff,
    areas,
    areaAssignments: cityAreaTeams(
      rng,
      staff,
      slots,
      areas.map((a) => a.name),
    ),
    evaluatorAssignments: cityEvaluators(staff, slots),
    transfers,
  };
}

/**
 * 1次 / 2次 / 調整者 by the chart: 係員 → 係長, 課長, a 副区長; 係長 → a 課長代理 (the first takes the
 * first half of the 担当), 課長, a 副区長; 課長代理 → 課長, a 副区長, 区長; 課長 → a 副区長, 区長, 区長.
 * Each 課 belongs to one 副区長 (by its place in the chart).
 */
function cityEvaluators(staff: DemoStaff[], slots: Slot[]): DemoWard['evaluatorAssignments'] {
  const kucho = staff[0]!.staffNo;
  const deputiesOfTheHead = [1, 2, 3].map((i) => staff[i]!.staffNo);
  const kachoOf = new Map<number, string>();
  const dairiOf = new Map<number, string[]>();
  const kakarichoOf = new Map<string, string>();
  const linesOf = new Map<number, string[]>();
  staff.forEach((p, i) => {
    const s = slots[i]!;
    if (p.position === '課長') kachoOf.set(s.section, p.staffNo);
    if (p.position === '課長代理') dairiOf.set(s.section, [...(dairiOf.get(s.section) ?? []), p.staffNo]);
    if (p.position === '係長' && s.line !== null) {
      kakarichoOf.set(`${s.section}\u0000${s.line}`, p.staffNo);
      linesOf.set(s.section, [...(linesOf.get(s.section) ?? []), s.line]);
    }
  });
  const out: DemoWard['evaluatorAssignments'] = [];
  staff.forEach((p, i) => {
    if (!p.active) return;
    const s = slots[i]!;
    const fuku = deputiesOfTheHead[s.section % deputiesOfTheHead.length] ?? null;
    const kacho = kachoOf.get(s.section) ?? null;
    switch (p.position) {
      case '区長':
        return;
      case '副区長':
        out.push({ staffNo: p.staffNo, first: kucho, second: null, adjuster: kucho });
        return;
      case '課長':
        out.push({ staffNo: p.staffNo, first: fuku, second: kucho, adjuster: kucho });
        return;
      case '課長代理':
        out.push({ staffNo: p.staffNo, first: kacho, second: fuku, adjuster: kucho });
        return;
      case '係長': {
        const lines = linesOf.get(s.section) ?? [];
        const deputies = dairiOf.get(s.section) ?? [];
        const half = lines.indexOf(s.line ?? '') < lines.length / 2 ? 0 : 1;
        out.push({ staffNo: p.staffNo, first: deputies[half] ?? deputies[0] ?? null, second: kacho, adjuster: fuku });
        return;
      }
      case '係員':
        out.push({
          staffNo: p.staffNo,
          first: kakarichoOf.get(`${s.section}\u0000${s.line ?? ''}`) ?? null,
          second: kacho,
          adjuster: fuku,
        });
    }
  });
  return out;
}

/**
 * 120 area teams: each led by a 課長 or 課長代理; every other active member of staff (but the 区長,
 * the 副区長 and ten 係員 left unassigned on purpose) dealt round-robin in chart order so that teams
 * mix sections, and paired with the member half a team away (another section).
 */
function cityAreaTeams(rng: Rng, staff: DemoStaff[], slots: Slot[], areas: string[]): DemoWard['areaAssignments'] {
  const managers = shuffled(
    rng,
    staff.filter((p) => p.active && (p.position === '課長' || p.position === '課長代理')),
  );
  const leaders = managers.slice(0, areas.length);
  const leaderNos = new Set(leaders.map((p) => p.staffNo));
  const reserved = new Set(demoAccounts({ ...emptyWard(), staff }).flatMap((a) => (a.staffNo ? [a.staffNo] : [])));
  const unassigned = new Set(
    staff
      .filter((p, i) => p.active && p.position === '係員' && !reserved.has(p.staffNo) && i % 3001 === 7)
      .slice(0, 10)
      .map((p) => p.staffNo),
  );
  const members = staff.filter(
    (p, i) =>
      p.active &&
      slots[i]!.position !== '区長' &&
      slots[i]!.position !== '副区長' &&
      !leaderNos.has(p.staffNo) &&
      !unassigned.has(p.staffNo),
  );
  const teams: DemoStaff[][] = areas.map(() => []);
  members.forEach((p, i) => teams[i % areas.length]!.push(p));
  const out: DemoWard['areaAssignments'] = [];
  const role = (r: AreaRole) => r;
  areas.forEach((area, i) => {
    out.push({ staffNo: leaders[i]!.staffNo, area, role: role('リーダー'), partnerStaffNo: null });
    const team = teams[i]!;
    const half = Math.floor(team.length / 2);
    for (let k = 0; k < half; k++) {
      const a = team[k]!;
      const b = team[k + half]!;
      out.push({ staffNo: a.staffNo, area, role: 'メンバー', partnerStaffNo: b.staffNo });
      out.push({ staffNo: b.staffNo, area, role: 'メンバー', partnerStaffNo: a.staffNo });
    }
    if (team.length % 2 === 1) {
      out.push({ staffNo: team[team.length - 1]!.staffNo, area, role: 'メンバー', partnerStaffNo: null });
    }
  });
  return out;
}

const emptyWard = (): DemoWard => ({
  sections: [],
  staff: [],
  areas: [],
  areaAssignments: [],
  evaluatorAssignments: [],
  transfers: [],
});

/**
 * Creates the city demo office at `dbPath` with the ward demo's logins (admin, jinji, kucho, kacho,
 * kakaricho, shokuin), all sharing `password`; `showPassword` puts it on the login screen.
 */
export async function createDemoCity(
  dbPath: string,
  password: string,
  showPassword: boolean,
  total = cityStaffCount,
): Promise<{ office: Office; first: AccountRow }> {
  const fy = fiscalYearOf(new Date());
  const city = generateDemoCity(fy, total);
  const accounts = demoAccounts(city);
  return createOffice(dbPath, {
    officeName: cityOfficeName,
    populate: (raw, actor) => {
      const db = withStatementCache(raw);
      insertDemoWard(db, city, fy);
      insertDemoAreaLog(db, fy);
      insertDemoPlanHistory(db, fy);
      const loginHolders = new Set(accounts.flatMap((a) => (a.staffNo ? [a.staffNo] : [])));
      insertDemoSelfReports(db, fy, loginHolders);
      const firstLogin = accounts.find((a) => a.login === 'kakaricho')?.staffNo ?? null;
      insertCityYear(db, fy, loginHolders, firstLogin);
      insertCityTraining(db, fy, loginHolders);
      insertDemoPostings(db, fy, accounts);
      insertDemoHistory(db, fy, accounts);
      insertDemoMeasures(db, fy);
      appendAudit(db, actor, {
        action: 'demo.generate',
        entity: 'office',
        after: { fiscalYear: fy, sections: city.sections.length, staff: city.staff.length, areas: city.areas.length },
      });
    },
    ...demoLoginOptions(accounts, password, showPassword),
  });
}
