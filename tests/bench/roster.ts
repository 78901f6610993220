import ExcelJS from 'exceljs';
import { formatJapaneseDate } from '../../shared/dates';
import { gradeGroupOf } from '../../shared/org';
import type { Position } from '../../shared/org';

/**
 * A city-scale 職員名簿 for the import benchmark: deterministic (seeded), in the 13-column layout of
 * the roster sheet, with a title row above the header as real files have.
 */

export const rosterHeader = [
  '職員番号',
  '氏名',
  'ふりがな',
  '所属',
  '担当',
  '職位',
  '職層',
  '職種',
  '雇用区分',
  '採用日',
  '現所属配属日',
  '資格',
  '在職',
];

/** The header is on row 2 (a title on row 1); data from row 3. */
export const rosterHeaderRow = 2;

export const rosterSections = [
  '総務課',
  '企画課',
  '広報課',
  '財政課',
  '人事課',
  '契約課',
  '管財課',
  '情報政策課',
  '危機管理課',
  '区民活動推進課',
  '課税課',
  '収納課',
  '戸籍住民課',
  '保険年金課',
  '介護保険課',
  '高齢福祉課',
  '障害福祉課',
  '生活支援課',
  '子育て支援課',
  '保育課',
  '子ども家庭支援課',
  '健康推進課',
  '保健予防課',
  '生活衛生課',
  '環境保全課',
  '清掃事務所',
  '資源循環課',
  '都市計画課',
  '建築指導課',
  '住宅課',
  '道路管理課',
  '道路工事課',
  '公園緑地課',
  '交通対策課',
  '土木管理課',
  '産業振興課',
  '観光課',
  '消費生活課',
  '文化振興課',
  'スポーツ振興課',
  '教育総務課',
  '学務課',
  '指導室',
  '生涯学習課',
  '図書館',
  '選挙管理委員会事務局',
  '監査事務局',
  '議会事務局',
  '会計管理室',
  '地域振興課',
  '防災課',
  '福祉事務所',
  '保健所総務課',
  '国際交流課',
  '男女共同参画課',
  '区政情報課',
  '施設整備課',
  '用地課',
  '下水道課',
  '営繕課',
];

const lineNames = [
  '庶務担当',
  '管理担当',
  '事業担当',
  '窓口担当',
  '調整担当',
  '企画担当',
  '相談担当',
  '指導担当',
  '審査担当',
  '地域担当',
];

/** Five lines per section: 300 in all. */
export function linesOf(sectionIndex: number): string[] {
  return Array.from({ length: 5 }, (_, k) => lineNames[(sectionIndex + k * 2) % lineNames.length]!);
}

const families: [string, string][] = [
  ['佐藤', 'さとう'],
  ['鈴木', 'すずき'],
  ['高橋', 'たかはし'],
  ['田中', 'たなか'],
  ['伊藤', 'いとう'],
  ['渡辺', 'わたなべ'],
  ['山本', 'やまもと'],
  ['中村', 'なかむら'],
  ['小林', 'こばやし'],
  ['加藤', 'かとう'],
  ['吉田', 'よしだ'],
  ['山田', 'やまだ'],
  ['佐々木', 'ささき'],
  ['山口', 'やまぐち'],
  ['松本', 'まつもと'],
  ['井上', 'いのうえ'],
  ['木村', 'きむら'],
  ['林', 'はやし'],
  ['斎藤', 'さいとう'],
  ['清水', 'しみず'],
  ['山崎', 'やまざき'],
  ['森', 'もり'],
  ['池田', 'いけだ'],
  ['橋本', 'はしもと'],
  ['阿部', 'あべ'],
  ['石川', 'いしかわ'],
  ['山下', 'やました'],
  ['中島', 'なかじま'],
  ['石井', 'いしい'],
  ['小川', 'おがわ'],
  ['前田', 'まえだ'],
  ['岡田', 'おかだ'],
  ['長谷川', 'はせがわ'],
  ['藤田', 'ふじた'],
  ['後藤', 'ごとう'],
  ['近藤', 'こんどう'],
  ['村上', 'むらかみ'],
  ['遠藤', 'えんどう'],
  ['青木', 'あおき'],
  ['坂本', 'さかもと'],
  ['斉藤', 'さいとう'],
  ['福田', 'ふくだ'],
  ['太田', 'おおた'],
  ['西村', 'にしむら'],
  ['藤井', 'ふじい'],
  ['金子', 'かねこ'],
  ['岡本', 'おかもと'],
  ['藤原', 'ふじわら'],
  ['中野', 'なかの'],
  ['三浦', 'みうら'],
  ['原田', 'はらだ'],
  ['中川', 'なかがわ'],
  ['松田', 'まつだ'],
  ['竹内', 'たけうち'],
  ['小野', 'おの'],
  ['田村', 'たむら'],
  ['中山', 'なかやま'],
  ['和田', 'わだ'],
  ['石田', 'いしだ'],
  ['森田', 'もりた'],
  ['上田', 'うえだ'],
  ['原', 'はら'],
  ['内田', 'うちだ'],
  ['柴田', 'しばた'],
  ['酒井', 'さかい'],
  ['宮崎', 'みやざき'],
  ['横山', 'よこやま'],
  ['高木', 'たかぎ'],
  ['安藤', 'あんどう'],
  ['宮本', 'みやもと'],
];

const givens: [string, string][] = [
  ['美咲', 'みさき'],
  ['翔太', 'しょうた'],
  ['大輔', 'だいすけ'],
  ['健太', 'けんた'],
  ['拓也', 'たくや'],
  ['直樹', 'なおき'],
  ['浩二', 'こうじ'],
  ['誠', 'まこと'],
  ['隆', 'たかし'],
  ['修', 'おさむ'],
  ['陽子', 'ようこ'],
  ['恵子', 'けいこ'],
  ['由美', 'ゆみ'],
  ['智子', 'ともこ'],
  ['真由美', 'まゆみ'],
  ['裕子', 'ゆうこ'],
  ['彩', 'あや'],
  ['愛', 'あい'],
  ['優子', 'ゆうこ'],
  ['麻衣', 'まい'],
  ['和也', 'かずや'],
  ['達也', 'たつや'],
  ['一郎', 'いちろう'],
  ['健一', 'けんいち'],
  ['哲也', 'てつや'],
  ['聡', 'さとし'],
  ['亮', 'りょう'],
  ['悠斗', 'ゆうと'],
  ['陽菜', 'ひな'],
  ['結衣', 'ゆい'],
  ['さくら', 'さくら'],
  ['千尋', 'ちひろ'],
  ['香織', 'かおり'],
  ['直美', 'なおみ'],
  ['明美', 'あけみ'],
  ['秀樹', 'ひでき'],
  ['正人', 'まさと'],
  ['洋平', 'ようへい'],
  ['涼子', 'りょうこ'],
  ['奈緒', 'なお'],
];

const jobTypes = [
  '事務',
  '事務',
  '事務',
  '事務',
  '事務',
  '土木',
  '建築',
  '機械',
  '電気',
  '福祉',
  '保健師',
  '保育士',
  '栄養士',
  '獣医師',
  '薬剤師',
  '技能',
];
const qualificationsList = [
  '社会福祉士',
  '保健師',
  '一級建築士',
  '二級建築士',
  '技術士',
  '精神保健福祉士',
  '保育士',
  '管理栄養士',
  '普通自動車第一種運転免許',
  '日商簿記2級',
];

/** mulberry32: a small seeded generator, so every run sees the same roster. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A realistic mix for a city: one mayor-like head, a few deputies, then a pyramid. */
function positionOf(i: number, r: number): Position {
  if (i === 0) return '区長';
  if (i <= 3) return '副区長';
  if (r < 0.018) return '課長';
  if (r < 0.05) return '課長代理';
  if (r < 0.2) return '係長';
  return '係員';
}

const utc = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m - 1, d));
const iso = (d: Date): string => d.toISOString().slice(0, 10);

export type RosterStats = { rows: number; sections: number; lines: number; textPostedOn: number };

/** The 職員名簿 workbook with `count` staff, as an .xlsx buffer. */
export async function rosterWorkbook(count: number): Promise<{ buf: Buffer; stats: RosterStats }> {
  const rand = prng(20250401);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('職員名簿');
  ws.addRow(['職員名簿（令和7年4月1日現在）']);
  ws.addRow(rosterHeader);
  let textPostedOn = 0;
  for (let i = 0; i < count; i += 1) {
    const [family, familyKana] = pick(families);
    const [given, givenKana] = pick(givens);
    const sectionIndex = Math.floor(rand() * rosterSections.length);
    const position = positionOf(i, rand());
    const employmentRoll = rand();
    const employment = employmentRoll < 0.85 ? '正規' : employmentRoll < 0.92 ? '再任用' : '会計年度任用';
    const hiredYear = 1985 + Math.floor(rand() * 40);
    const hired =
      rand() < 0.8 ? utc(hiredYear, 4, 1) : utc(hiredYear, 1 + Math.floor(rand() * 12), 1 + Math.floor(rand() * 28));
    const postedYear = Math.min(2025, Math.max(hiredYear, 2025 - Math.floor(rand() * 8)));
    const posted = postedYear === hiredYear ? hired : utc(postedYear, 4, 1);
    let postedCell: string | Date = posted;
    if (rand() < 0.4) {
      postedCell = formatJapaneseDate(iso(posted));
      textPostedOn += 1;
    }
    const activeRoll = rand();
    const active = activeRoll < 0.03 ? '退職' : activeRoll < 0.1 ? '○' : activeRoll < 0.2 ? null : '在職';
    ws.addRow([
      String(i + 1).padStart(6, '0'),
      `${family}　${given}`,
      `${familyKana}　${givenKana}`,
      rosterSections[sectionIndex]!,
      // 区長 and 副区長 have no 担当.
      i <= 3 ? null : pick(linesOf(sectionIndex)),
      position,
      rand() < 0.5 ? null : gradeGroupOf(position),
      pick(jobTypes),
      employment,
      hired,
      postedCell,
      rand() < 0.25 ? pick(qualificationsList) : null,
      active,
    ]);
  }
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  return {
    buf,
    stats: { rows: count, sections: rosterSections.length, lines: rosterSections.length * 5, textPostedOn },
  };
}
