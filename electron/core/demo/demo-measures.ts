import { todayIso } from '../../../shared/dates';
import type { Db } from '../db/connection';
import { allMeasures, measureOrg, writeRecord } from '../plan/measures.repo';
import { allStaff } from '../staff/org.repo';
import { ensureCycle } from '../staff/staff.repo';
import { mulberry32 } from './demo-ward';

/**
 * The demo office's records of the plan's measures (実施記録, docs/measures.md) over three fiscal
 * years, so that the measures page shows met and unmet targets honestly:
 *
 * - 意見交換会 (every 課): held by every 課 in the two past years; this year by all but the last 課.
 * - 連絡会 (every 担当): every 担当 last year; most of them two years ago and this year.
 * - 庁舎周辺清掃 (24 a year): 24 in each past year; this year twice a month up to today (short of 24).
 * - 取組み報告会 (once a year): held in March of the past years, not yet this year.
 * - ワークショップ (every 課): about half the 課 two years ago, most last year, a few so far this year.
 * - The office-wide ones (プロジェクトチーム, 若手職員グループ, ランチミーティング, 防災訓練 …) once or
 *   a few times a year, some not yet this year.
 *
 * Deterministic for a fiscal year and a day (its own random sequence; this year's dates run from
 * April to today). Measures tracked by a KPI take no records.
 */

/** A day of a month of the fiscal year (month 1–3 fall in the next calendar year). */
function dayOf(fy: number, month: number, day: number): string {
  const y = month >= 4 ? fy : fy + 1;
  return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const workshopTopics = ['めざす区役所像', '西区の課題と事業', '区政運営方針の読み合わせ'];
const lunchTopics = ['子育て支援の現場から', '窓口の声を共有', '地域行事の裏側', '新任職員と語る'];

export function insertDemoMeasures(db: Db, fy: number, seed = 20260414): void {
  const measures = new Map(allMeasures(db).map((m) => [m.code, m]));
  const org = measureOrg(db);
  const today = todayIso();
  const active = allStaff(db).filter((s) => s.active);
  const sectionSize = new Map<number, number>();
  const lineSize = new Map<number, number>();
  for (const s of active) {
    if (s.sectionId !== null) sectionSize.set(s.sectionId, (sectionSize.get(s.sectionId) ?? 0) + 1);
    if (s.lineId !== null) lineSize.set(s.lineId, (lineSize.get(s.lineId) ?? 0) + 1);
  }
  const young = active.filter((s) => s.position === '係員').slice(0, 8);
  const now = new Date().toISOString();

  for (const offset of [2, 1, 0]) {
    const year = fy - offset;
    ensureCycle(db, year);
    const r = mulberry32(seed + year);
    const add = (
      code: string,
      heldOn: string,
      unit: { sectionId: number | null; lineId?: number | null },
      participants: number,
      note: string,
      people: readonly number[] = [],
    ): void => {
      const m = measures.get(code);
      // This year's records stop at today: the rest of the year has not happened yet.
      if (!m || m.kpiId !== null || heldOn > today) return;
      writeRecord(
        db,
        null,
        {
          measureId: m.id,
          fy: year,
          heldOn,
          sectionId: unit.sectionId,
          lineId: unit.lineId ?? null,
          participants: Math.max(participants, people.length),
          note,
          source: 'app',
          createdBy: 'admin',
          people,
        },
        now,
      );
    };
    const office = { sectionId: null };

    // 意見交換会: every 課, in June–July; this year the last 課 has not held one.
    org.sections.forEach((s, i) => {
      if (offset === 0 && i === org.sections.length - 1) return;
      const size = sectionSize.get(s.id) ?? 0;
      add(
        '3-(2)',
        dayOf(year, 6 + (i % 2), 10 + (i % 15)),
        { sectionId: s.id },
        Math.max(1, size - Math.floor(r() * 3)),
        '担当ごとの進捗と課題を報告し、アクションプランについて意見交換',
      );
    });

    // 連絡会: one record per 担当 for the year (daily in practice); a few 担当 missing but last year.
    const skipLine = offset === 1 ? 0 : offset === 2 ? 0.15 : 0.12;
    org.lines.forEach((l, i) => {
      if (r() < skipLine) return;
      add(
        '4-(1)',
        dayOf(year, 4, 8 + (i % 20)),
        { sectionId: l.sectionId, lineId: l.id },
        lineSize.get(l.id) ?? 1,
        '毎朝の連絡会（業務連絡・情報共有・相談）を実施',
      );
    });

    // 庁舎周辺清掃: twice a month before work.
    for (const month of [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]) {
      for (const day of [7, 21])
        add('3-(3)', dayOf(year, month, day), office, 20 + Math.floor(r() * 25), '始業前の庁舎周辺清掃');
    }

    // 取組み報告会: in March — so not yet this year.
    add(
      '4-(5)',
      dayOf(year, 3, 18),
      office,
      60 + Math.floor(r() * 30),
      '職員育成の取組み報告会（KPI報告書をもとに次年度の取組みを検討）',
    );

    // ワークショップ: a share of the 課 each year.
    const workshopShare = offset === 2 ? 0.5 : offset === 1 ? 0.85 : 0.35;
    org.sections.forEach((s, i) => {
      if (r() >= workshopShare) return;
      const size = sectionSize.get(s.id) ?? 0;
      add(
        '3-(1)',
        dayOf(year, 9 + (i % 3), 5 + (i % 20)),
        { sectionId: s.id },
        Math.max(1, Math.floor(size * 0.7)),
        `ワークショップ「${workshopTopics[i % workshopTopics.length] ?? ''}」`,
      );
    });

    // The office-wide measures.
    add(
      '3-(1)PT',
      dayOf(year, 7, 15),
      office,
      young.length,
      '区長をリーダーとする若手職員プロジェクトチームの検討会',
      young.map((s) => s.id),
    );
    add('4-(4)', dayOf(year, 9, 1), office, 120 + Math.floor(r() * 40), '職員防災訓練（班ごとの顔合わせと参集確認）');
    for (let k = 0; k < (offset === 0 ? 2 : 4); k++) {
      add(
        '4-(2)',
        dayOf(year, [5, 8, 11, 2][k] ?? 5, 12),
        office,
        8 + Math.floor(r() * 10),
        `ランチミーティング「${lunchTopics[k % lunchTopics.length] ?? ''}」`,
      );
    }
    if (offset < 2)
      add(
        '4-(3)',
        dayOf(year, 10, 20),
        office,
        30 + Math.floor(r() * 20),
        '課を越えた業務紹介（庁内掲示板での情報共有）',
      );
    if (offset > 0) add('3-(4)', dayOf(year, 11, 10), office, 12, '元気アップサポーターと若手職員グループの活動');
    if (offset === 1) add('1-(5)', dayOf(year, 2, 8), office, 6, 'マンション管理組合との意見交換に地域担当が参加');
    add(
      '2-(2)',
      dayOf(year, 10, 28),
      office,
      40 + Math.floor(r() * 20),
      '民間講師による全職員対象研修（クレーム対応）',
    );
  }
}
