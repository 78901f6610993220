import type { SelfReportFields } from '../../../shared/contract';
import type { Db } from '../db/connection';
import { emptySelfReportState, insertSelfReport } from '../self-report/self-report.repo';
import { allStaff } from '../staff/org.repo';
import { mulberry32 } from './demo-ward';
import { demoSelfReportPeople } from './demo.repo';
import type { SelfReportState } from '../self-report/self-report.repo';

/**
 * The demo office's self-reports for the current year (and, from insertDemoSelfReports, the two
 * years before it: see insertPastSelfReports), in every state (none yet, 未提出 drafts,
 * 提出済, 面談済 with the 所属長's record), so that a new user sees the board and the forms full.
 * The demo's own login accounts are left without a report, so that trying the form starts empty.
 */

const dutiesPool = [
  '窓口での各種届出の受付と審査、証明書の交付を担当しています。',
  '地域活動協議会の運営支援と、地域イベントの企画調整を担当しています。',
  '介護保険の資格管理と給付に関する相談対応を担当しています。',
  '子育て世帯への相談支援と関係機関との連絡調整を担当しています。',
  '区の広報紙の編集と SNS による情報発信を担当しています。',
  '道路・公園の維持管理に関する要望の受付と現地確認を担当しています。',
  '生活保護の相談・申請受付とケースワークを担当しています。',
  '防災訓練の企画と地域の自主防災組織との調整を担当しています。',
];
const fulfilmentPool = [
  '区民の方から直接お礼の言葉をいただくことがあり、やりがいを感じています。',
  '地域の方と顔の見える関係ができ、仕事が進めやすくなりました。',
  '制度が複雑で説明に時間がかかるが、理解してもらえたときに充実感があります。',
  '業務量が多く、やりがいより負担を感じることが増えています。',
];
const preferencePool = [
  '市民協働課',
  '保健福祉課',
  '政策推進課',
  '区民安全課',
  '子育て支援課',
  '本庁の企画部門',
  '人材開発センター',
];
const careerPool = [
  '地域のまちづくりを住民と一緒に進める仕事に携わりたい。',
  '福祉分野の専門性を高め、相談支援の中核を担いたい。',
  '企画・調整の経験を積み、区政運営に関わりたい。',
];
const skillsPool = ['ファシリテーション', 'データ分析', '社会福祉の専門知識', '広報・デザイン', '法令の解釈と文書作成'];
const interviewPool = [
  '本人の意向を確認した。現所属での経験を踏まえ、次年度は地域担当の中核として期待したい。',
  '業務量について相談があった。担当内での分担を見直すこととした。',
  '異動希望を確認した。希望先での適性は高いと考える。',
];
const opinionPool = [
  '責任感が強く、区民対応が丁寧である。後輩の指導も任せられる。',
  '地域担当での活動に積極的で、地域からの信頼も厚い。',
  '着実に業務を遂行している。企画力を伸ばす機会を与えたい。',
];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

function filledFields(r: () => number): SelfReportFields {
  const wish = r() < 0.55 ? '継続希望' : r() < 0.7 ? 'どちらでもよい' : '異動希望';
  // Most find their work meaningful; the demo sits a little under the plan's 90% target.
  const u = r();
  const meaningful = u < 0.35 ? 5 : u < 0.84 ? 4 : u < 0.94 ? 3 : u < 0.98 ? 2 : 1;
  const prefs = wish === '異動希望' ? [pick(r, preferencePool), ...(r() < 0.5 ? [pick(r, preferencePool)] : [])] : [];
  return {
    duties: pick(r, dutiesPool),
    workload: r() < 0.3 ? '多い' : r() < 0.9 ? '適当' : '少ない',
    aptitude: r() < 0.6 ? '向いている' : r() < 0.9 ? 'どちらともいえない' : '向いていない',
    aptitudeNote: '',
    fulfilment: pick(r, fulfilmentPool),
    meaningful,
    transferWish: wish,
    preferences: [...new Set(prefs)],
    transferReason: wish === '異動希望' ? '現所属で4年目となり、新しい分野で経験を積みたいため。' : '',
    transferTiming: wish === '異動希望' ? '次年度' : '',
    careerFuture: pick(r, careerPool),
    careerSkills: pick(r, skillsPool),
    selfDevelopment: r() < 0.5 ? '通信講座で社会福祉士の受験勉強をしている。' : '',
    qualificationsWanted: r() < 0.3 ? '社会福祉士' : '',
    postingInterest: r() < 0.25 ? 'あり' : 'なし',
    postingNote: '',
    comments: r() < 0.2 ? '担当内の情報共有の場を定期的に設けてほしい。' : '',
  };
}

/** `skipStaffNos`: the demo's login holders, whose forms stay empty for the user to try. */
export function insertDemoSelfReports(db: Db, fy: number, skipStaffNos: ReadonlySet<string>, seed = 20250401): void {
  const r = mulberry32(seed + fy);
  const people = demoSelfReportPeople(db, fy);
  const now = new Date().toISOString();
  for (const p of people) {
    if (skipStaffNos.has(p.staff_no)) continue;
    const u = r();
    if (u < 0.15) continue; // not started
    const state: SelfReportState = { ...emptySelfReportState(), fields: filledFields(r) };
    if (r() < 0.12) state.confidential = { health: '腰痛の治療のため月1回通院しています。', family: '' };
    if (r() < 0.1)
      state.confidential = { ...state.confidential, family: '親の介護のため、時間外勤務の調整をお願いしたい。' };
    if (u < 0.3) {
      // a draft, half written
      state.fields = {
        ...state.fields,
        meaningful: null,
        transferWish: null,
        preferences: [],
        careerFuture: '',
        careerSkills: '',
      };
    } else {
      state.status = '提出済';
      state.submittedAt = `${fy}-06-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}T09:00:00.000Z`;
      if (u > 0.65 && p.adjuster_id !== null) {
        state.status = '面談済';
        state.interviewedAt = `${fy}-07-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}T10:00:00.000Z`;
        state.interview = {
          interviewOn: state.interviewedAt.slice(0, 10),
          record: pick(r, interviewPool),
          opinion: pick(r, opinionPool),
          interviewerId: p.adjuster_id,
        };
      }
    }
    insertSelfReport(db, fy, p.id, state, now);
  }
  insertPastSelfReports(db, fy, skipStaffNos, seed);
}

/**
 * The chance of a 4 or 5 on 「意義のある仕事」 two years and one year back: the plan's headline figure
 * (docs/plan.md meaningful_work) sits below its 90% target and rises year by year up to the current
 * year's (about 84%).
 */
const pastTopTwo: Readonly<Record<number, number>> = { 2: 0.76, 1: 0.8 };

/**
 * Self-reports of fy-2 and fy-1, closed years: nearly everyone then on the staff submitted, most were
 * interviewed. The people are today's active staff hired by that year's 1 April (the demo keeps no
 * staff who have left). Drawn from their own generator, so the current year's reports stay as they were.
 */
function insertPastSelfReports(db: Db, fy: number, skipStaffNos: ReadonlySet<string>, seed: number): void {
  const people = allStaff(db).filter((p) => p.active && p.position !== '区長' && !skipStaffNos.has(p.staffNo));
  const now = new Date().toISOString();
  for (const back of [2, 1]) {
    const year = fy - back;
    const r = mulberry32(seed + year * 7 + 13);
    const topTwo = pastTopTwo[back]!;
    let written = 0;
    for (const p of people) {
      if (p.hiredOn !== null && p.hiredOn > `${year}-04-01`) continue;
      if (r() < 0.04) continue; // never wrote one
      // Exactly topTwo of the answers are 4 or 5 (spread evenly over the staff), so the trend holds.
      const top = Math.floor((written + 1) * topTwo) > Math.floor(written * topTwo);
      written += 1;
      const u = r();
      const meaningful = top ? (u < 0.4 ? 5 : 4) : u < 0.7 ? 3 : 2;
      const state: SelfReportState = { ...emptySelfReportState(), fields: { ...filledFields(r), meaningful } };
      state.status = '提出済';
      state.submittedAt = `${year}-06-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}T09:00:00.000Z`;
      if (r() < 0.8) {
        state.status = '面談済';
        state.interviewedAt = `${year}-07-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}T10:00:00.000Z`;
        state.interview = {
          interviewOn: state.interviewedAt.slice(0, 10),
          record: pick(r, interviewPool),
          opinion: pick(r, opinionPool),
          interviewerId: null,
        };
      }
      insertSelfReport(db, year, p.id, state, now);
    }
  }
}
