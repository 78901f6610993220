import type { Db } from '../db/connection';
import { staffWriter } from '../staff/org.repo';
import { demoWardWriter } from './demo.repo';

/**
 * The demo office: a fictional ward office (~200 staff) with sections, lines, staff,
 * transfer history, evaluator assignments and area teams (地域担当制). Generation is pure and
 * deterministic for a given fiscal year and seed; insertion is a separate step.
 */

export type Position = '区長' | '副区長' | '課長' | '課長代理' | '係長' | '係員';
export type GradeGroup = '課長級' | '課長代理級' | '係長級' | '係員級';
export type Employment = '正規' | '再任用' | '会計年度任用';
export type AreaRole = 'リーダー' | 'メンバー';

export type DemoStaff = {
  staffNo: string;
  name: string;
  kana: string;
  section: string;
  line: string | null;
  position: Position;
  gradeGroup: GradeGroup;
  jobType: string;
  employment: Employment;
  hiredOn: string;
  postedOn: string;
  qualifications: string;
  active: boolean;
};

export type DemoWard = {
  sections: { name: string; lines: string[] }[];
  staff: DemoStaff[];
  areas: { name: string; note: string }[];
  areaAssignments: { staffNo: string; area: string; role: AreaRole; partnerStaffNo: string | null }[];
  evaluatorAssignments: { staffNo: string; first: string | null; second: string | null; adjuster: string | null }[];
  transfers: {
    staffNo: string;
    onDate: string;
    fromSection: string;
    fromLine: string | null;
    toSection: string;
    toLine: string | null;
  }[];
};

export type DemoAccountSpec = {
  login: string;
  role: 'hr' | 'evaluator' | 'staff' | 'personnel';
  staffNo: string | null;
  displayName: string;
  note: string;
};

// ---------------------------------------------------------------------------------------------
// Source data

/** [line name, number of 係員, job-type weights "行政:3,福祉:1"] */
type LineDef = [string, number, string];
type SectionDef = { name: string; deputies: number; lines: LineDef[] };

const SECTION_DEFS: SectionDef[] = [
  {
    name: '総務課',
    deputies: 2,
    lines: [
      ['総務担当', 6, '行政:1'],
      ['人事担当', 4, '行政:1'],
      ['企画調整担当', 5, '行政:1'],
      ['統計・選挙担当', 3, '行政:1'],
    ],
  },
  {
    name: '政策推進課',
    deputies: 1,
    lines: [
      ['政策推進担当', 5, '行政:1'],
      ['広報広聴担当', 4, '行政:1'],
      ['まちづくり推進担当', 4, '行政:1,技術:1'],
    ],
  },
  {
    name: '市民協働課',
    deputies: 1,
    lines: [
      ['地域活動支援担当', 6, '行政:1'],
      ['生涯学習担当', 4, '行政:1'],
      ['人権・多文化共生担当', 3, '行政:1'],
    ],
  },
  {
    name: '区民安全課',
    deputies: 1,
    lines: [
      ['防災担当', 4, '行政:3,技術:1'],
      ['安全安心担当', 4, '行政:1'],
      ['環境保全担当', 3, '技術:2,行政:1'],
    ],
  },
  {
    name: '窓口サービス課',
    deputies: 2,
    lines: [
      ['住民情報担当', 9, '行政:1'],
      ['戸籍登録担当', 8, '行政:1'],
      ['保険年金担当', 9, '行政:1'],
      ['保険料収納担当', 7, '行政:1'],
    ],
  },
  {
    name: '保健福祉課',
    deputies: 2,
    lines: [
      ['地域福祉担当', 6, '行政:1,福祉:1'],
      ['介護保険担当', 7, '行政:3,福祉:1'],
      ['障がい者支援担当', 5, '福祉:2,行政:1'],
      ['保健活動担当', 7, '保健師:5,行政:1'],
    ],
  },
  {
    name: '子育て支援課',
    deputies: 1,
    lines: [
      ['子育て支援担当', 7, '行政:3,福祉:1'],
      ['保育・幼児教育担当', 5, '行政:2,保育士:1'],
      ['子ども家庭相談担当', 5, '福祉:2,心理:1,保健師:1'],
    ],
  },
  {
    name: '生活支援課',
    deputies: 2,
    lines: [
      ['生活保護担当', 9, '行政:3,福祉:2'],
      ['自立支援担当', 5, '行政:1,福祉:1'],
      ['保護経理担当', 4, '行政:1'],
    ],
  },
];

/** Staff who left during the year: kept as inactive records. [section, line] */
const RETIRED_SLOTS: [string, string][] = [
  ['窓口サービス課', '住民情報担当'],
  ['生活支援課', '生活保護担当'],
];

const AREA_DEFS: string[] = [
  '中浜',
  '北川',
  '桜台',
  '港町',
  '緑ヶ丘',
  '東雲',
  '白鷺',
  '若葉',
  '柳原',
  '青葉台',
  '南浦',
];

const SURNAMES = (
  '佐藤:さとう 鈴木:すずき 高橋:たかはし 田中:たなか 伊藤:いとう 渡辺:わたなべ 山本:やまもと 中村:なかむら ' +
  '小林:こばやし 加藤:かとう 吉田:よしだ 山田:やまだ 佐々木:ささき 山口:やまぐち 松本:まつもと 井上:いのうえ ' +
  '木村:きむら 林:はやし 斎藤:さいとう 清水:しみず 山崎:やまざき 森:もり 池田:いけだ 橋本:はしもと 阿部:あべ ' +
  '石川:いしかわ 山下:やました 中島:なかじま 石井:いしい 小川:おがわ 前田:まえだ 岡田:おかだ 長谷川:はせがわ ' +
  '藤田:ふじた 後藤:ごとう 近藤:こんどう 村上:むらかみ 遠藤:えんどう 青木:あおき 坂本:さかもと 福田:ふくだ ' +
  '太田:おおた 西村:にしむら 藤井:ふじい 金子:かねこ 岡本:おかもと 藤原:ふじわら 中野:なかの 三浦:みうら ' +
  '原田:はらだ 松田:まつだ 竹内:たけうち 中川:なかがわ 小野:おの 田村:たむら 和田:わだ 森本:もりもと ' +
  '上田:うえだ 辻:つじ 北村:きたむら 西田:にしだ 大西:おおにし'
)
  .split(' ')
  .map(pair);

const GIVEN_NAMES = // male
  (
    '翔太:しょうた 大輔:だいすけ 健太:けんた 拓也:たくや 直樹:なおき 和也:かずや 誠:まこと 浩二:こうじ 隆:たかし ' +
    '博之:ひろゆき 剛:つよし 達也:たつや 亮:りょう 翔:しょう 大樹:だいき 悠斗:ゆうと 蓮:れん 陽太:ようた 湊:みなと ' +
    '健一:けんいち 修:おさむ 豊:ゆたか 茂:しげる 正樹:まさき 秀樹:ひでき 康弘:やすひろ 俊介:しゅんすけ 雄一:ゆういち ' +
    '智也:ともや 慎吾:しんご 勇気:ゆうき 海斗:かいと 颯太:そうた 光:ひかる 哲也:てつや 聡:さとし 雅人:まさと ' +
    '一郎:いちろう 裕介:ゆうすけ 隼人:はやと ' +
    // female
    '美咲:みさき 陽子:ようこ 恵子:けいこ 由美:ゆみ 真由美:まゆみ 直美:なおみ 明美:あけみ 裕子:ゆうこ 久美子:くみこ ' +
    '智子:ともこ さくら:さくら 愛:あい 彩:あや 千尋:ちひろ 舞:まい 葵:あおい 結衣:ゆい 陽菜:ひな 美穂:みほ ' +
    '香織:かおり 典子:のりこ 幸子:さちこ 京子:きょうこ 洋子:ようこ 優子:ゆうこ 恵:めぐみ 奈々:なな 沙織:さおり ' +
    '理恵:りえ 彩花:あやか 七海:ななみ 美月:みづき 遥:はるか 真理子:まりこ 純子:じゅんこ 瞳:ひとみ 早紀:さき ' +
    '友美:ともみ 杏奈:あんな 凛:りん'
  )
    .split(' ')
    .map(pair);

const QUALIFICATIONS: Record<string, string[]> = {
  保健師: ['保健師、看護師', '保健師、看護師', '保健師', '保健師、看護師、養護教諭二種免許'],
  福祉: ['社会福祉士', '社会福祉士、精神保健福祉士', '社会福祉主事任用資格', '介護支援専門員', ''],
  保育士: ['保育士', '保育士、幼稚園教諭二種免許'],
  心理: ['公認心理師', '公認心理師、臨床心理士'],
  技術: ['一級建築士', '二級建築士', '技術士（建設部門）', '環境計量士', '', ''],
  other: ['日商簿記検定2級', '行政書士', 'ファイナンシャル・プランニング技能士2級', '防災士', '社会保険労務士'],
};

function pair(entry: string): [string, string] {
  const [kanji, kana] = entry.split(':');
  return [kanji ?? '', kana ?? ''];
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

/** mulberry32: a tiny, well-distributed 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = {
  next: () => number;
  int: (lo: number, hi: number) => number; // inclusive
  pick: <T>(list: readonly T[]) => T;
  shuffle: <T>(list: readonly T[]) => T[];
};

function makeRng(seed: number): Rng {
  const next = mulberry32(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(list: readonly T[]): T => {
    const v = list[Math.floor(next() * list.length)];
    if (v === undefined) throw new Error('pick from an empty list');
    return v;
  };
  const shuffle = <T>(list: readonly T[]): T[] => {
    const out = [...list];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  };
  return { next, int, pick, shuffle };
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

const GRADE: Record<Position, GradeGroup> = {
  区長: '課長級',
  副区長: '課長級',
  課長: '課長級',
  課長代理: '課長代理級',
  係長: '係長級',
  係員: '係員級',
};

/** Years since hiring, by position and employment: [min, max]. */
function hireSpan(position: Position, employment: Employment): [number, number] {
  if (employment === '再任用') return [37, 42]; // original hiring date, re-employed after 60
  if (employment === '会計年度任用') return [0, 4];
  switch (position) {
    case '区長':
      return [33, 37];
    case '副区長':
      return [30, 34];
    case '課長':
      return [25, 35];
    case '課長代理':
      return [20, 30];
    case '係長':
      return [12, 25];
    case '係員':
      return [0, 15];
  }
}

// ---------------------------------------------------------------------------------------------
// Generation

type Slot = {
  section: string;
  line: string | null;
  position: Position;
  lineJobs: string;
  employment: Employment;
  active: boolean;
};

export function generateDemoWard(fy: number, seed = 20130601): DemoWard {
  const rng = makeRng(seed ^ (fy * 2654435761));

  // 1. The organisation chart as slots.
  const slots: Slot[] = [];
  const first = SECTION_DEFS[0];
  if (!first) throw new Error('no sections');
  slots.push({
    section: first.name,
    line: null,
    position: '区長',
    lineJobs: '行政:1',
    employment: '正規',
    active: true,
  });
  slots.push({
    section: first.name,
    line: null,
    position: '副区長',
    lineJobs: '行政:1',
    employment: '正規',
    active: true,
  });
  for (const s of SECTION_DEFS) {
    const managerJobs = s.lines.map((l) => l[2]).join(',') + ',行政:6'; // mostly 行政, sometimes a specialist
    slots.push({
      section: s.name,
      line: null,
      position: '課長',
      lineJobs: managerJobs,
      employment: '正規',
      active: true,
    });
    for (let i = 0; i < s.deputies; i++) {
      slots.push({
        section: s.name,
        line: null,
        position: '課長代理',
        lineJobs: managerJobs,
        employment: '正規',
        active: true,
      });
    }
    for (const [line, members, jobs] of s.lines) {
      slots.push({ section: s.name, line, position: '係長', lineJobs: jobs, employment: '正規', active: true });
      for (let i = 0; i < members; i++) {
        slots.push({ section: s.name, line, position: '係員', lineJobs: jobs, employment: '正規', active: true });
      }
    }
  }
  for (const [section, line] of RETIRED_SLOTS) {
    const def = SECTION_DEFS.find((s) => s.name === section)?.lines.find((l) => l[0] === line);
    slots.push({ section, line, position: '係員', lineJobs: def?.[2] ?? '行政:1', employment: '正規', active: false });
  }

  // 2. ~8% 再任用 and ~10% 会計年度任用, among active 係員; the first 係員 of each line stays 正規.
  const clerks = rng.shuffle(
    slots.filter((s, i) => s.position === '係員' && s.active && slots[i - 1]?.position !== '係長'),
  );
  const reemployed = Math.round(slots.length * 0.08);
  const fixedTerm = Math.round(slots.length * 0.1);
  clerks.forEach((s, i) => {
    if (i < reemployed) s.employment = '再任用';
    else if (i < reemployed + fixedTerm) s.employment = '会計年度任用';
  });

  // 3. People.
  const usedNames = new Set<string>();
  const usedNos = new Set<string>();
  const staff: DemoStaff[] = slots.map((slot) => {
    let surname: [string, string];
    let given: [string, string];
    do {
      surname = rng.pick(SURNAMES);
      given = rng.pick(GIVEN_NAMES);
    } while (usedNames.has(surname[0] + given[0]));
    usedNames.add(surname[0] + given[0]);

    let staffNo: string;
    do staffNo = String(rng.int(1000, 999999)).padStart(6, '0');
    while (usedNos.has(staffNo));
    usedNos.add(staffNo);

    // 会計年度任用 staff are mostly clerical (事務); some keep a specialist job type.
    let jobType = weighted(rng, slot.lineJobs);
    if (slot.employment === '会計年度任用' && (jobType === '行政' || rng.next() < 0.4)) jobType = '事務';

    const [minYears, maxYears] = hireSpan(slot.position, slot.employment);
    const hiredYearsAgo = rng.int(minYears, maxYears);
    const midYearHire =
      hiredYearsAgo > 0 && slot.employment === '正規' && slot.position === '係員' && rng.next() < 0.12;
    const hiredOn = ymd(fy - hiredYearsAgo, midYearHire ? 10 : 4, 1);

    let postedOn: string;
    if (slot.employment === '会計年度任用') {
      postedOn = hiredOn;
    } else {
      const postedYearsAgo = rng.int(0, 5) + (slot.active ? 0 : 1);
      const candidate = ymd(fy - postedYearsAgo, postedYearsAgo > 0 && rng.next() < 0.08 ? 10 : 4, 1);
      postedOn = candidate < hiredOn ? hiredOn : candidate;
    }

    const qualList = QUALIFICATIONS[jobType];
    let qualifications = '';
    if (qualList) qualifications = rng.pick(qualList);
    else if (rng.next() < 0.08) qualifications = rng.pick(QUALIFICATIONS.other ?? []);

    return {
      staffNo,
      name: `${surname[0]}　${given[0]}`,
      kana: `${surname[1]}　${given[1]}`,
      section: slot.section,
      line: slot.line,
      position: slot.position,
      gradeGroup: GRADE[slot.position],
      jobType,
      employment: slot.employment,
      hiredOn,
      postedOn,
      qualifications,
      active: slot.active,
    };
  });

  const sections = SECTION_DEFS.map((s) => ({ name: s.name, lines: s.lines.map((l) => l[0]) }));

  // 4. Transfers: about 30 people came from another section on their posting date.
  const transfers: DemoWard['transfers'] = [];
  const movable = staff.filter(
    (p) =>
      p.active &&
      p.employment !== '会計年度任用' &&
      p.position !== '区長' &&
      p.position !== '副区長' &&
      p.postedOn > p.hiredOn,
  );
  for (const p of rng.shuffle(movable).slice(0, 30)) {
    const from = rng.pick(sections.filter((s) => s.name !== p.section));
    const onSectionLevel = p.position === '課長' || p.position === '課長代理';
    transfers.push({
      staffNo: p.staffNo,
      onDate: p.postedOn,
      fromSection: from.name,
      fromLine: onSectionLevel ? null : rng.pick(from.lines),
      toSection: p.section,
      toLine: p.line,
    });
  }
  transfers.sort((a, b) => (a.onDate < b.onDate ? -1 : a.onDate > b.onDate ? 1 : 0));

  // 5. Evaluators (1次 / 2次 / 調整者).
  const evaluatorAssignments = assignEvaluators(staff);

  // 6. Areas and area teams.
  const areas = AREA_DEFS.map((name) => {
    const chokai = rng.int(8, 18);
    const households = rng.int(30, 75) * 100;
    return { name, note: `連合振興町会 ${chokai}町会、世帯数 約${households.toLocaleString('en-US')}` };
  });
  const areaAssignments = assignAreas(
    rng,
    staff,
    areas.map((a) => a.name),
  );

  return { sections, staff, areas, areaAssignments, evaluatorAssignments, transfers };
}

function assignEvaluators(staff: DemoStaff[]): DemoWard['evaluatorAssignments'] {
  const active = staff.filter((p) => p.active);
  const find = (pred: (p: DemoStaff) => boolean): string | null => active.find(pred)?.staffNo ?? null;
  const kucho = find((p) => p.position === '区長');
  const fukukucho = find((p) => p.position === '副区長');

  // A section with two 課長代理 splits its lines between them: the first half to the first one.
  const deputyFor = (section: string, line: string | null): string | null => {
    const deputies = active.filter((p) => p.section === section && p.position === '課長代理');
    const lines = SECTION_DEFS.find((s) => s.name === section)?.lines.map((l) => l[0]) ?? [];
    const index = line === null ? 0 : Math.max(0, lines.indexOf(line));
    const d = deputies[Math.floor((index * deputies.length) / Math.max(1, lines.length))] ?? deputies[0];
    return d?.staffNo ?? null;
  };

  const out: DemoWard['evaluatorAssignments'] = [];
  for (const p of active) {
    const kacho = find((q) => q.section === p.section && q.position === '課長');
    switch (p.position) {
      case '区長':
        continue;
      case '副区長':
        out.push({ staffNo: p.staffNo, first: kucho, second: null, adjuster: kucho });
        break;
      case '課長':
        out.push({ staffNo: p.staffNo, first: fukukucho, second: kucho, adjuster: kucho });
        break;
      case '課長代理':
        out.push({ staffNo: p.staffNo, first: kacho, second: fukukucho, adjuster: kucho });
        break;
      case '係長':
        out.push({ staffNo: p.staffNo, first: deputyFor(p.section, p.line), second: kacho, adjuster: fukukucho });
        break;
      case '係員': {
        const kakaricho = find((q) => q.section === p.section && q.line === p.line && q.position === '係長');
        out.push({ staffNo: p.staffNo, first: kakaricho, second: kacho, adjuster: fukukucho });
        break;
      }
    }
  }
  return out;
}

/**
 * Every active staff member except 区長 and 副区長 joins one area team, except two people left
 * unassigned on purpose. Each area has one leader (課長級/課長代理級); members are dealt
 * round-robin by section so that teams mix sections, then paired across sections where possible.
 */
function assignAreas(rng: Rng, staff: DemoStaff[], areaNames: string[]): DemoWard['areaAssignments'] {
  const eligible = staff.filter((p) => p.active && p.position !== '区長' && p.position !== '副区長');
  const managers = rng.shuffle(eligible.filter((p) => p.position === '課長' || p.position === '課長代理'));
  const leaders = managers.slice(0, areaNames.length);
  if (leaders.length < areaNames.length) throw new Error('not enough managers to lead every area');

  // The two unassigned: ordinary 係員 who do not carry a demo account.
  const reserved = new Set(Object.values(pickDemoStaff(staff)).map((p) => p.staffNo));
  const leaderNos = new Set(leaders.map((p) => p.staffNo));
  const unassigned = new Set(
    rng
      .shuffle(eligible.filter((p) => p.position === '係員' && !reserved.has(p.staffNo)))
      .slice(0, 2)
      .map((p) => p.staffNo),
  );

  const sectionOrder = new Map(SECTION_DEFS.map((s, i) => [s.name, i]));
  const members = rng
    .shuffle(eligible.filter((p) => !leaderNos.has(p.staffNo) && !unassigned.has(p.staffNo)))
    .sort((a, b) => (sectionOrder.get(a.section) ?? 0) - (sectionOrder.get(b.section) ?? 0));

  const teams: DemoStaff[][] = areaNames.map(() => []);
  members.forEach((p, i) => teams[i % areaNames.length]?.push(p));

  const out: DemoWard['areaAssignments'] = [];
  areaNames.forEach((area, i) => {
    const leader = leaders[i];
    if (leader) out.push({ staffNo: leader.staffNo, area, role: 'リーダー', partnerStaffNo: null });
    const pool = rng.shuffle(teams[i] ?? []);
    while (pool.length > 0) {
      const a = pool.shift() as DemoStaff;
      if (pool.length === 0) {
        out.push({ staffNo: a.staffNo, area, role: 'メンバー', partnerStaffNo: null });
        break;
      }
      const crossIndex = pool.findIndex((b) => b.section !== a.section);
      const [b] = pool.splice(crossIndex >= 0 ? crossIndex : 0, 1) as [DemoStaff];
      out.push({ staffNo: a.staffNo, area, role: 'メンバー', partnerStaffNo: b.staffNo });
      out.push({ staffNo: b.staffNo, area, role: 'メンバー', partnerStaffNo: a.staffNo });
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Demo accounts

type DemoPeople = Record<'admin' | 'jinji' | 'kucho' | 'kacho' | 'kakaricho' | 'shokuin', DemoStaff>;

/** The staff members who carry the demo accounts; the same rules for the generator and demoAccounts. */
function pickDemoStaff(staff: DemoStaff[]): DemoPeople {
  const active = staff.filter((p) => p.active);
  const need = (what: string, pred: (p: DemoStaff) => boolean): DemoStaff => {
    const found = active.find(pred);
    if (!found) throw new Error(`demo ward has no ${what}`);
    return found;
  };
  const admin = need('人事担当係長', (p) => p.section === '総務課' && p.line === '人事担当' && p.position === '係長');
  const jinji = need(
    '人事担当係員',
    (p) => p.section === '総務課' && p.line === '人事担当' && p.position === '係員' && p.employment === '正規',
  );
  const kucho = need('区長', (p) => p.position === '区長');
  const kacho =
    active.find((p) => p.section === '保健福祉課' && p.position === '課長') ??
    need('課長', (p) => p.section !== '総務課' && p.position === '課長');
  const kakaricho = need('係長', (p) => p.section === kacho.section && p.position === '係長');
  const shokuin = need(
    '係員',
    (p) =>
      p.section === kakaricho.section && p.line === kakaricho.line && p.position === '係員' && p.employment === '正規',
  );
  return { admin, jinji, kucho, kacho, kakaricho, shokuin };
}

/**
 * The section the demo takes through a whole appraisal year in one walk (tests/e2e/appraisal-year.spec.ts):
 * of the sections holding none of the demo logins' staff, the one with the fewest active 係員 (the
 * first in the chart on a tie), and its line with the fewest 係員, where the walk's 本人 works.
 * demo-mbo.ts and demo-appraisal.ts arrange its 係員級 so that their population can be carried to
 * 調整済, ranked and confirmed.
 */
export function walkSectionOf(ward: DemoWard): { section: string; line: string } {
  const held = new Set(Object.values(pickDemoStaff(ward.staff)).map((p) => p.section));
  const clerks = ward.staff.filter((p) => p.active && p.position === '係員');
  const count = (pred: (p: DemoStaff) => boolean) => clerks.filter(pred).length;
  let best: { section: string; line: string; size: number } | null = null;
  for (const s of ward.sections) {
    if (held.has(s.name)) continue;
    const size = count((p) => p.section === s.name);
    const line = [...s.lines].sort(
      (a, b) => count((p) => p.section === s.name && p.line === a) - count((p) => p.section === s.name && p.line === b),
    )[0];
    if (line !== undefined && size > 0 && (best === null || size < best.size)) best = { section: s.name, line, size };
  }
  if (!best) throw new Error('demo ward has no section for the appraisal walk');
  return { section: best.section, line: best.line };
}

export function demoAccounts(ward: DemoWard): DemoAccountSpec[] {
  const p = pickDemoStaff(ward.staff);
  const spec = (login: keyof DemoPeople, role: DemoAccountSpec['role'], note: string): DemoAccountSpec => ({
    login,
    role,
    staffNo: p[login].staffNo,
    displayName: p[login].name,
    note,
  });
  return [
    spec('admin', 'hr', '人事担当（総務課）'),
    spec('jinji', 'personnel', '人事配置資料の閲覧・印刷'),
    spec('kucho', 'evaluator', '調整者（区長）'),
    spec('kacho', 'evaluator', '2次評価者（課長）'),
    spec('kakaricho', 'evaluator', '1次評価者（係長）'),
    spec('shokuin', 'staff', '職員（係員）'),
  ];
}

// ---------------------------------------------------------------------------------------------
// Insertion

/**
 * Inserts the ward into an empty organisation. The caller wraps this in a transaction. Cycles for
 * fy-2 and fy-1 (確定) and fy (目標設定) are created unless they already exist; evaluator and area
 * assignments are written for fy.
 */
export function insertDemoWard(db: Db, ward: DemoWard, fy: number): void {
  const now = new Date().toISOString();
  const write = demoWardWriter(db);
  const insStaff = staffWriter(db).insert;
  const must = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`demo ward refers to an unknown ${what}`);
    return value;
  };

  const areaIds = new Map<string, number>();
  for (const a of ward.areas) areaIds.set(a.name, write.area(a.name, a.note));

  const sectionIds = new Map<string, number>();
  const lineIds = new Map<string, number>();
  const lineKey = (section: string, line: string): string => `${section}\u0000${line}`;
  ward.sections.forEach((s, i) => {
    const sectionId = write.section(s.name, (i + 1) * 10);
    sectionIds.set(s.name, sectionId);
    s.lines.forEach((line, j) => lineIds.set(lineKey(s.name, line), write.line(sectionId, line, (j + 1) * 10)));
  });
  const sectionId = (name: string): number => must(sectionIds.get(name), `section ${name}`);
  const lineId = (section: string, line: string | null): number | null =>
    line === null ? null : must(lineIds.get(lineKey(section, line)), `line ${section} ${line}`);

  const staffIds = new Map<string, number>();
  for (const p of ward.staff) {
    const staffRowId = insStaff({
      staffNo: p.staffNo,
      name: p.name,
      kana: p.kana,
      sectionId: sectionId(p.section),
      lineId: lineId(p.section, p.line),
      position: p.position,
      gradeGroup: p.gradeGroup,
      jobType: p.jobType,
      employment: p.employment,
      hiredOn: p.hiredOn,
      postedOn: p.postedOn,
      qualifications: p.qualifications,
      active: p.active,
    });
    staffIds.set(p.staffNo, staffRowId);
  }
  const staffId = (no: string): number => must(staffIds.get(no), `staff ${no}`);
  const optStaffId = (no: string | null): number | null => (no === null ? null : staffId(no));

  for (const t of ward.transfers) {
    write.transfer(
      staffId(t.staffNo),
      t.onDate,
      sectionId(t.fromSection),
      lineId(t.fromSection, t.fromLine),
      sectionId(t.toSection),
      lineId(t.toSection, t.toLine),
    );
  }

  write.cycle(fy - 2, '確定', now);
  write.cycle(fy - 1, '確定', now);
  write.cycle(fy, '目標設定', now);

  const from = `${fy}-04-01`;
  for (const e of ward.evaluatorAssignments) {
    write.evaluators(fy, staffId(e.staffNo), optStaffId(e.first), optStaffId(e.second), optStaffId(e.adjuster), from);
  }
  for (const a of ward.areaAssignments) {
    write.areaAssignment(
      fy,
      must(areaIds.get(a.area), `area ${a.area}`),
      staffId(a.staffNo),
      a.role,
      optStaffId(a.partnerStaffNo),
    );
  }
}
