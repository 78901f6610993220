import { todayIso } from '../../../shared/dates';
import type { Db } from '../db/connection';
import { demoAreaLogWriter, demoAreaMembers, demoAreas } from './demo.repo';

/**
 * The demo office's 地域カルテ for the current year: each area team's pairs have walked their area
 * a few times and the team has held a study session or two, so the log is not empty on first look.
 */

const patrolNotes = [
  '通学路を中心に巡回。カーブミラーの向きがずれている箇所を確認した。',
  '公園と集会所の周辺を巡回。防犯灯の球切れが1か所あった。',
  '高齢者の多い町会を中心に、地域の見守り活動の方と意見交換した。',
  '商店街を巡回。空き店舗の前に放置自転車が増えている。',
  '避難所となる小学校までの経路を確認した。段差の多い箇所がある。',
];
const findingsPool = ['防犯灯の球切れ（○○町2丁目）', '歩道の段差', '不法投棄（粗大ごみ）', '放置自転車', ''];
const studyTopics = [
  '地域の防災課題の共有',
  '見守り活動と個人情報の取扱い',
  '子ども食堂の取組紹介',
  '町会加入促進の事例',
];

export function insertDemoAreaLog(db: Db, fy: number): void {
  const today = todayIso();
  const start = Date.parse(`${fy}-04-10T00:00:00Z`);
  const end = Math.min(Date.parse(`${today}T00:00:00Z`), Date.parse(`${fy + 1}-03-31T00:00:00Z`));
  if (end <= start) return;
  const dateAt = (k: number, n: number) =>
    new Date(start + ((end - start) * (k + 1)) / (n + 1)).toISOString().slice(0, 10);
  const areas = demoAreas(db);
  const now = new Date().toISOString();
  const write = demoAreaLogWriter(db);
  areas.forEach((area, a) => {
    const members = demoAreaMembers(db, fy, area.id);
    const leader = members.find((m) => m.role === 'リーダー');
    const pairs = members.filter((m) => m.partner_id !== null && m.staff_id < m.partner_id);
    const patrols = Math.min(pairs.length, 3 + (a % 3));
    for (let k = 0; k < patrols; k += 1) {
      const pair = pairs[(k * 3 + a) % pairs.length];
      if (!pair || pair.partner_id === null) continue;
      const id = write.patrol(
        fy,
        area.id,
        dateAt(k, patrols),
        patrolNotes[(k + a) % patrolNotes.length] ?? '',
        findingsPool[(k * 2 + a) % findingsPool.length] ?? '',
        pair.name,
        now,
      );
      write.patrolMember(id, pair.staff_id);
      write.patrolMember(id, pair.partner_id);
    }
    const studies = 1 + (a % 2);
    for (let k = 0; k < studies; k += 1) {
      const id = write.study(
        fy,
        area.id,
        dateAt(k * 2 + 1, studies * 2 + 1),
        studyTopics[(k + a) % studyTopics.length] ?? '',
        '各ペアの巡回で気づいたことを共有し、対応を話し合った。',
        leader?.name ?? 'リーダー',
        now,
      );
      for (const m of members.slice(0, Math.max(2, members.length - 3))) write.attendee(id, m.staff_id);
    }
  });
}
