import { todayIso } from '../../../shared/dates';
import type { ApplicationStatus } from '../../../shared/postings';
import type { Db } from '../db/connection';
import { insertApplication, insertPosting, sectionIdByName } from '../postings/postings.repo';
import { activeStaffExcept, staffByNo } from '../staff/staff.repo';
import type { DemoAccountSpec } from './demo-ward';

/*
 * The demo's 庁内公募 (docs/postings.md): two postings of the current year with applications in
 * every status. A 庁内公募 for a 区政推進担当 post, open until a few weeks from today, holds the
 * application of the demo login `shokuin` (応募) — which their 1次 `kakaricho`, 2次 `kacho` and 調整者
 * `kucho` must never see — and a paper application and a withdrawal of two others. A プロジェクトチーム
 * call, already 締切, is being decided: 選考中, 採用, 不採用. The other applicants hold no demo login,
 * so each login sees only what its role allows. Dates follow today, so the open posting stays open.
 */

function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

const maxIso = (a: string, b: string): string => (a > b ? a : b);
const minIso = (a: string, b: string): string => (a < b ? a : b);

/** A moment of a local calendar day, as the app stores it (ISO, UTC). */
const at = (day: string, hour: number): string =>
  new Date(`${day}T${String(hour).padStart(2, '0')}:00:00`).toISOString();

type DemoApplication = {
  staffId: number;
  status: ApplicationStatus;
  source: 'app' | 'paper';
  motivation: string;
  note: string;
  day: string;
};

export function insertDemoPostings(db: Db, fy: number, accounts: readonly DemoAccountSpec[]): void {
  const today = todayIso();
  const start = `${fy}-04-01`;
  const end = `${fy + 1}-03-31`;
  const logins = new Set(accounts.flatMap((a) => (a.staffNo ? [a.staffNo] : [])));
  const shokuinNo = accounts.find((a) => a.login === 'shokuin')?.staffNo ?? null;
  const shokuin = shokuinNo === null ? undefined : staffByNo(db, shokuinNo);
  // Others: 係員 and 係長 holding no demo login, spread over the chart.
  const pool = activeStaffExcept(db, ['区長', '副区長', '課長', '課長代理']).filter(
    (s) => !logins.has(s.staffNo) && s.employment === '正規',
  );
  if (pool.length < 5) return;
  const step = Math.floor(pool.length / 5);
  const other = (i: number): number => pool[i * step]!.id;

  const openDeadline = minIso(addDays(today, 21), end);
  const open = insertPosting(
    db,
    {
      fy,
      kind: '庁内公募',
      title: '区政推進担当（政策推進課）職員の庁内公募',
      sectionId: sectionIdByName(db, '政策推進課'),
      team: '区政推進担当',
      description:
        '区の将来ビジョンの改定と、地域担当制の全区展開を進める区政推進担当の職員を募集します。各課・地域との調整、会議の企画運営、資料作成が主な業務です。',
      conditions: '係員級で、現在の所属に2年以上在籍している職員（正規）',
      capacity: 2,
      deadline: openDeadline,
      status: '募集中',
    },
    at(maxIso(start, addDays(today, -10)), 9),
  );
  const closedDeadline = maxIso(start, addDays(today, -14));
  const closed = insertPosting(
    db,
    {
      fy,
      kind: 'プロジェクトチーム',
      title: '区長直轄 若手職員プロジェクトチーム メンバー募集',
      sectionId: sectionIdByName(db, '総務課'),
      team: '若手職員プロジェクトチーム',
      description:
        '区長と若手職員が区の魅力発信と業務改善を話し合い、提案にまとめます。月1回の会議と、年度末の区長への報告があります。',
      conditions: '採用10年目までの職員。所属長の了承を得てください。',
      capacity: 5,
      deadline: closedDeadline,
      status: '締切',
    },
    at(maxIso(start, addDays(closedDeadline, -20)), 9),
  );

  const openApplied = (days: number) => maxIso(start, addDays(today, -days));
  const closedApplied = (days: number) => maxIso(start, addDays(closedDeadline, -days));
  const toOpen: DemoApplication[] = [
    {
      staffId: other(0),
      status: '応募',
      source: 'paper',
      motivation: '窓口で聞いた区民の声を施策に生かしたいと考え、応募します。',
      note: '',
      day: openApplied(5),
    },
    {
      staffId: other(1),
      status: '辞退',
      source: 'app',
      motivation: '地域担当での経験を区全体の取組に広げたいと考えました。',
      note: '',
      day: openApplied(7),
    },
  ];
  if (shokuin) {
    toOpen.push({
      staffId: shokuin.id,
      status: '応募',
      source: 'app',
      motivation: '地域担当として町会の方々と話す中で、区全体の計画づくりに関わりたいと考えるようになりました。',
      note: '',
      day: openApplied(2),
    });
  }
  const toClosed: DemoApplication[] = [
    {
      staffId: other(2),
      status: '採用',
      source: 'app',
      motivation: '若手の視点で区の情報発信を見直したいと考え、応募します。',
      note: '面接の結果、採用。所属長に兼務の了承を得た。',
      day: closedApplied(10),
    },
    {
      staffId: other(3),
      status: '不採用',
      source: 'app',
      motivation: '業務改善の提案を実現まで進める経験を積みたいです。',
      note: '今回は見送り。次回の募集で再度の応募を期待。',
      day: closedApplied(8),
    },
    {
      staffId: other(4),
      status: '選考中',
      source: 'paper',
      motivation: '子育て世代の視点から区の魅力を発信したいと考えます。',
      note: '',
      day: closedApplied(3),
    },
  ];
  for (const [postingId, list] of [
    [open, toOpen],
    [closed, toClosed],
  ] as const) {
    for (const a of list) {
      insertApplication(
        db,
        {
          postingId,
          staffId: a.staffId,
          motivation: a.motivation,
          status: a.status,
          outcomeNote: a.note,
          source: a.source,
        },
        at(a.day, 10),
        a.status === '応募' ? at(a.day, 10) : at(minIso(today, addDays(a.day, 3)), 15),
      );
    }
  }
}
