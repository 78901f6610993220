import { todayIso } from '../../../shared/dates';
import type { TrainingAudience, TrainingCategory } from '../../../shared/training';
import type { Db } from '../db/connection';
import { allStaff, lineIds, lineKey, sectionIds } from '../staff/org.repo';
import type { StaffRecord } from '../staff/org.repo';
import { ensureCycle } from '../staff/staff.repo';
import { replaceAttendance, saveCourse } from '../training/training.repo';
import type { AttendanceValues } from '../training/training.repo';
import { mulberry32 } from './demo-ward';
import type { DemoAccountSpec } from './demo-ward';

/**
 * The demo office's 研修 (docs/training.md) over three fiscal years, so that the plan's training
 * targets and a person's history mean something on first look:
 *
 * - 接遇研修 for all staff each year; this year's coverage is short of 100% (about 80%), last
 *   year's is complete.
 * - 区外研修 at the 職員人材開発センター: enough distinct attendees to meet the target (5 people)
 *   two years ago and this year, too few last year, when one course marked 区政に活かせる had nobody.
 * - 民間研修, ファシリテーション研修, その他, and 担当内勉強会（OJT） held by several 担当 with
 *   who shared what they learned; the demo logins' 担当 holds one every year.
 * - The demo logins (shokuin, kakaricho …) have a history in every year.
 *
 * Deterministic for a fiscal year and a day: its own random sequence; this year's dates run from
 * April to today.
 */

type Rand = () => number;

type CourseSpec = {
  title: string;
  category: TrainingCategory;
  provider: string;
  audience: TrainingAudience;
  usefulForWard?: boolean;
  lineId?: number | null;
};

const center = '職員人材開発センター';

/** The 区外研修 of each year (offset from the current one): useful for the ward, and how many attend. */
const externalByYear: Record<number, { title: string; provider: string; useful: boolean; people: number }[]> = {
  2: [
    { title: '政策形成研修', provider: center, useful: true, people: 2 },
    { title: '法制執務研修（基礎）', provider: center, useful: false, people: 2 },
    { title: '地域防災リーダー養成研修', provider: center, useful: true, people: 2 },
    { title: '自治体経営セミナー', provider: '全国市町村国際文化研修所', useful: false, people: 1 },
  ],
  1: [
    { title: '政策形成研修', provider: center, useful: true, people: 2 },
    { title: 'データ利活用研修', provider: center, useful: true, people: 0 },
    { title: '法制執務研修（基礎）', provider: center, useful: false, people: 1 },
  ],
  0: [
    { title: '政策形成研修', provider: center, useful: true, people: 2 },
    { title: 'データ利活用研修', provider: center, useful: true, people: 2 },
    { title: '地域防災リーダー養成研修', provider: center, useful: true, people: 1 },
    { title: 'メンタルヘルス・ラインケア研修', provider: center, useful: false, people: 2 },
  ],
};

/** 接遇研修 coverage of the active staff by year offset. */
const hospitalityShare: Record<number, number> = { 2: 0.93, 1: 1, 0: 0.8 };

const studyTopics = [
  '制度改正のポイント',
  '窓口対応の事例検討',
  '業務マニュアルの読み合わせ',
  '個人情報の取扱い',
  '新任者向け業務説明',
  '研修受講報告',
  '他区の先進事例',
  '災害時の業務継続',
];

function pickSome<T>(r: Rand, list: readonly T[], n: number): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out.slice(0, Math.max(0, Math.min(n, out.length)));
}

/** A date in the year at `frac` of its span: the whole year, or April to today for the current one. */
function dateIn(year: number, current: number, frac: number): string {
  const start = Date.parse(`${year}-04-01T00:00:00Z`);
  const yearEnd = Date.parse(`${year + 1}-03-31T00:00:00Z`);
  const end = year === current ? Math.max(start, Math.min(yearEnd, Date.parse(`${todayIso()}T00:00:00Z`))) : yearEnd;
  const day = 86_400_000;
  return new Date(start + Math.floor(((end - start) / day) * frac) * day).toISOString().slice(0, 10);
}

export function insertDemoTraining(db: Db, fy: number, accounts: readonly DemoAccountSpec[], seed = 20250406): void {
  const staff = allStaff(db);
  const active = staff.filter((s) => s.active);
  const byNo = new Map(staff.map((s) => [s.staffNo, s]));
  const login = (name: string): StaffRecord | undefined => {
    const no = accounts.find((a) => a.login === name)?.staffNo;
    return no ? byNo.get(no) : undefined;
  };
  const shokuin = login('shokuin');
  const kakaricho = login('kakaricho');
  const admin = login('admin');
  const sections = sectionIds(db);
  const lines = lineIds(db);
  const lineIdOf = (section: string, line: string): number | null => {
    const sectionId = sections.get(section);
    return sectionId === undefined ? null : (lines.get(lineKey(sectionId, line)) ?? null);
  };
  // The 担当 with enough people to hold a 勉強会; the logins' own 担当 first.
  const lineStaff = new Map<string, { section: string; line: string; people: StaffRecord[] }>();
  for (const s of active) {
    if (s.section === null || s.line === null) continue;
    const key = `${s.section}\t${s.line}`;
    const entry = lineStaff.get(key) ?? { section: s.section, line: s.line, people: [] };
    entry.people.push(s);
    lineStaff.set(key, entry);
  }
  const homeKey = shokuin?.section && shokuin.line ? `${shokuin.section}\t${shokuin.line}` : null;
  const studyLines = [...lineStaff.entries()].filter(([, v]) => v.people.length >= 3);
  const now = new Date().toISOString();

  for (const offset of [2, 1, 0]) {
    const year = fy - offset;
    ensureCycle(db, year);
    const r = mulberry32(seed + year);
    const add = (c: CourseSpec, rows: readonly AttendanceValues[]): void => {
      const id = saveCourse(
        db,
        {
          id: null,
          fy: year,
          title: c.title,
          category: c.category,
          provider: c.provider,
          audience: c.audience,
          usefulForWard: c.usefulForWard ?? false,
          lineId: c.lineId ?? null,
        },
        now,
      );
      // One row per person and date (the table's key).
      const seen = new Set<string>();
      replaceAttendance(
        db,
        id,
        rows.filter((a) => {
          const k = `${a.staffId}\t${a.attendedOn}`;
          return seen.has(k) ? false : (seen.add(k), true);
        }),
      );
    };
    const at = (frac: number): string => dateIn(year, fy, frac);
    const row = (
      s: StaffRecord,
      on: string,
      hours: number,
      extra: Partial<AttendanceValues> = {},
    ): AttendanceValues => ({
      staffId: s.id,
      attendedOn: on,
      hours,
      completed: true,
      shared: false,
      ...extra,
    });
    const withLogins = (people: StaffRecord[], ...must: (StaffRecord | undefined)[]): StaffRecord[] => {
      const ids = new Set(people.map((p) => p.id));
      return [...people, ...must.filter((m): m is StaffRecord => m !== undefined && !ids.has(m.id))];
    };

    // 接遇研修 (全職員), in three sessions; the logins attend every year.
    const share = hospitalityShare[offset] ?? 1;
    const pool = offset === 2 ? staff : active;
    const picked = share >= 1 ? active : pickSome(r, pool, Math.round(active.length * share) - 2);
    const hospitality = withLogins(picked, shokuin, kakaricho);
    const sessions = [at(0.15), at(0.3), at(0.55)];
    add(
      { title: '接遇研修（全職員）', category: '接遇研修', provider: '総務課', audience: '全職員' },
      hospitality.map((s, i) => row(s, sessions[i % 3] ?? at(0.15), 3)),
    );

    // 民間研修
    add(
      {
        title: '民間企業体験研修（接客サービス）',
        category: '民間研修',
        provider: '株式会社みなとホテル',
        audience: '任意',
      },
      pickSome(r, active, 2 + offset).map((s) => row(s, at(0.4), 14)),
    );
    if (offset !== 1) {
      add(
        {
          title: 'ロジカルシンキング講座',
          category: '民間研修',
          provider: '民間研修機関（公開講座）',
          audience: '任意',
        },
        pickSome(r, active, 3).map((s) => row(s, at(0.62), 6)),
      );
    }

    // 区外研修: distinct people across the year's courses; shokuin attends one last year.
    const externalPool = pickSome(
      r,
      active.filter((s) => s.id !== shokuin?.id),
      12,
    );
    let next = 0;
    (externalByYear[offset] ?? []).forEach((c, k) => {
      let people = externalPool.slice(next, next + c.people);
      next += c.people;
      if (offset === 1 && k === 0 && shokuin) people = [shokuin, ...people.slice(1)];
      add(
        { title: c.title, category: '区外研修', provider: c.provider, audience: '任意', usefulForWard: c.useful },
        people.map((s) => row(s, at(0.2 + k * 0.15), 12, { shared: c.useful && r() < 0.5 })),
      );
    });

    // ファシリテーション研修: kakaricho last year; one did not complete it this year.
    const facilitators = withLogins(
      pickSome(
        r,
        active.filter((s) => s.position === '係長' || s.position === '係員'),
        4 + (offset % 2),
      ),
      offset === 1 ? kakaricho : undefined,
    );
    add(
      { title: 'ファシリテーション研修', category: 'ファシリテーション研修', provider: center, audience: '任意' },
      facilitators.map((s, i) => row(s, at(0.45), 6, { completed: !(offset === 0 && i === 0), shared: i % 3 === 1 })),
    );

    // 担当内勉強会（OJT）: the logins' 担当 and four others, one to three sessions each.
    const others = pickSome(
      r,
      studyLines.filter(([k]) => k !== homeKey),
      4,
    );
    const held = [...studyLines.filter(([k]) => k === homeKey), ...others];
    held.forEach(([, l], n) => {
      const lineId = lineIdOf(l.section, l.line);
      if (lineId === null) return;
      const count = 1 + ((n + offset) % 3);
      const topics = pickSome(r, studyTopics, count);
      topics.forEach((topic, k) => {
        const on = at(0.1 + (0.8 * (k + 1)) / (count + 1));
        // The presenter shares what they prepared; a few others report on it too.
        const presenter = l.people[Math.floor(r() * l.people.length)];
        const people = l.people.filter((s) => s === presenter || r() < 0.8);
        add(
          {
            title: `${l.line} 勉強会「${topic}」`,
            category: '担当内勉強会（OJT）',
            provider: `${l.section} ${l.line}`,
            audience: '任意',
            lineId,
          },
          people.map((s) => row(s, on, 1.5, { shared: s === presenter || r() < 0.2 })),
        );
      });
    });

    // その他
    add(
      { title: '情報セキュリティ研修（eラーニング）', category: 'その他', provider: '総務課', audience: '全職員' },
      withLogins(pickSome(r, active, Math.round(active.length * 0.6)), admin).map((s) => row(s, at(0.35), 1)),
    );
    add(
      { title: '人権研修', category: 'その他', provider: '市民協働課', audience: '任意' },
      pickSome(r, active, 15 + offset).map((s) => row(s, at(0.7), 2)),
    );
  }
}
