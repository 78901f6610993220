import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import {
  getAppraisal,
  insertAppraisal,
  emptyAppraisalState,
  updateAppraisal,
} from '../../electron/core/appraisal/appraisal.repo';
import { yearScores } from '../../electron/core/appraisal/scores.service';
import type { Db } from '../../electron/core/db/connection';
import { upsertHistory } from '../../electron/core/placement/history.repo';
import { applicationsOfStaffInYear } from '../../electron/core/postings/postings.repo';
import { listPlacement, summaryOf, summaryReader } from '../../electron/core/placement/placement.service';
import { sectionIds, staffWriter } from '../../electron/core/staff/org.repo';
import type { StaffRecord } from '../../electron/core/staff/org.repo';
import { staffByNo } from '../../electron/core/staff/staff.repo';
import type { PlacementRow, PlacementSummary } from '../../shared/api/placement';
import type { ChannelName } from '../../shared/channels';
import type { Input } from '../../shared/contract';
import { todayIso } from '../../shared/dates';
import { fiscalYearOf, fiscalYearShort } from '../../shared/fiscal-year';
import type { RankClass } from '../../shared/ranking';
import type { Result } from '../../shared/result';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';
import { fail, ok } from '../helpers/result';

/**
 * 人事配置 (docs/placement.md) on a real encrypted demo copy: who reads the list and the summaries,
 * the list's filters on data arranged here, the three years' results (Kaname's confirmed year over an
 * imported one), what a summary holds — and never holds: the self-report's health and family
 * sections, written by the person through the self-report channels, reach neither the summary nor its
 * PDF — and the audit entries of viewing, printing and exporting, with 職員番号 and no names.
 */

const fy = fiscalYearOf(new Date());
const era = fiscalYearShort(fy, 'era');
const dir = tempDir('kaname-placement-');
const HEALTH = '【健康】配置資料に出てはならない通院の記録ＸＱ';
const FAMILY = '【家庭】配置資料に出てはならない介護の事情ＸＱ';
const RECORD = '面談記録は配置資料に載せないＸＱ';
const REASON = '窓口の経験を福祉分野で活かしたいため（配置テスト）';
const OPINION = '福祉分野での経験を広げさせたい（配置テストの所見）';
const ADJUSTER = '調整者として、次年度の異動を推す（配置テスト）';

const logins = ['admin', 'jinji', 'kucho', 'kacho', 'kakaricho', 'shokuin', 'fukukucho'] as const;
type Login = (typeof logins)[number];
const ctx = {} as Record<Login, AppContext>;
let d: Db;

/** The people the tests arrange data for. */
const who = {} as {
  shokuin: StaffRecord;
  /** Their fy appraisal made 確定 (第2区分), with an imported fy row that must lose and an imported fy-1. */
  confirmed: StaffRecord & { score: number };
  /** 7 years in post and 20 of service at the fy's 1 April; `six` one day short of each. */
  seven: StaffRecord;
  six: StaffRecord;
  /** A paper application to a posting of the fy. */
  applicant: StaffRecord;
  /** Retired, without dates or results. */
  retired: StaffRecord;
};

function call<K extends ChannelName>(c: AppContext, channel: K, input: Input<K>): Promise<Result<unknown>> {
  return callApi(c, channel, input);
}

const list = async (c: AppContext, filters: Omit<Input<'placement:list'>, 'fy'> = {}): Promise<PlacementRow[]> =>
  ok(await callApi(c, 'placement:list', { fy, ...filters })).rows;

const person = (no: string): StaffRecord => {
  const s = staffByNo(d, no);
  if (!s) throw new Error(`no staff ${no}`);
  return s;
};

/** Changes one staff member's roster values through the roster's own writer. */
function setStaff(s: StaffRecord, change: Partial<StaffRecord>): StaffRecord {
  const next = { ...s, ...change };
  const { id: _id, section: _s, line: _l, ...values } = next;
  staffWriter(d).update(s.id, values);
  return person(s.staffNo);
}

function auditRows(action: string): { entity_id: string; after: string; actor: string }[] {
  return d.prepare('SELECT entity_id, after, actor FROM audit_log WHERE action = ? ORDER BY id').all(action) as {
    entity_id: string;
    after: string;
    actor: string;
  }[];
}

/** The text of every page of a PDF, read back with pdf.js (no poppler). */
async function pdfTexts(base64: string): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(Buffer.from(base64, 'base64')), disableFontFace: true })
    .promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i += 1) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((it) => ('str' in it ? it.str : '')).join(''));
  }
  await doc.destroy();
  return pages;
}

afterAll(() => {
  for (const c of Object.values(ctx)) c.end();
  fs.rmSync(dir, { recursive: true, force: true });
});

beforeAll(async () => {
  const dbPath = await demoCopy(dir);
  for (const login of logins.filter((l) => l !== 'fukukucho')) ctx[login] = await loggedIn(dbPath, login, demoPass);
  d = ctx.admin.office!.db;
  who.shokuin = person(ctx.shokuin.session!.staffNo!);

  // shokuin writes their self-report — with health and family texts — and submits it.
  const own = ok(await callApi(ctx.shokuin, 'selfReport:get', { fy }));
  expect(own.status, 'the demo leaves its logins without a report').toBe('未提出');
  const saved = ok(
    await callApi(ctx.shokuin, 'selfReport:save', {
      fy,
      version: own.version,
      duties: '介護保険の認定事務',
      workload: '多い',
      meaningful: 4,
      health: HEALTH,
      family: FAMILY,
      transferWish: '異動希望',
      preferences: ['保健福祉課', ' ', '本庁の企画部門'],
      transferReason: REASON,
      transferTiming: '次年度',
      careerFuture: '相談支援の中核を担いたい',
      careerSkills: 'ファシリテーション',
      comments: '所属長への意見は配置資料に載せない',
    }),
  );
  const submitted = ok(await callApi(ctx.shokuin, 'selfReport:submit', { fy, version: saved.version }));

  // Their 調整者 (the 副区長, no demo login: HR makes one) records the interview.
  const adjusterNo = (
    d
      .prepare(
        `SELECT s.staff_no AS no FROM evaluator_assignments e JOIN staff s ON s.id = e.adjuster_id
         WHERE e.fy = ? AND e.staff_id = ? AND e.effective_to IS NULL`,
      )
      .get(fy, who.shokuin.id) as { no: string }
  ).no;
  ok(
    await callApi(ctx.admin, 'accounts:create', {
      login: 'fukukucho',
      displayName: '副区長',
      role: 'evaluator',
      staffNo: adjusterNo,
      password: 'first-password-1',
    }),
  );
  ctx.fukukucho = await loggedIn(dbPath, 'fukukucho', 'first-password-1');
  ok(await callApi(ctx.fukukucho, 'auth:changePassword', { current: 'first-password-1', next: 'second-password-2' }));
  ok(
    await callApi(ctx.fukukucho, 'selfReport:interview', {
      fy,
      staffNo: who.shokuin.staffNo,
      version: submitted.version,
      interviewOn: `${fy}-07-15`,
      record: RECORD,
      opinion: OPINION,
    }),
  );

  // The 調整者's comment on shokuin's appraisal, 調整済 (arranged through the appraisal repository).
  const now = new Date().toISOString();
  const a = getAppraisal(d, fy, who.shokuin.id);
  const adjusted = { ...(a ?? emptyAppraisalState()), status: '調整済' as const, adjusterComment: ADJUSTER };
  if (a) expect(updateAppraisal(d, a.id, a.version, adjusted, now)).toBe(true);
  else insertAppraisal(d, fy, who.shokuin.id, adjusted, now);

  // A decided award and a pending one for shokuin.
  for (const title of ['配置テスト決定表彰', '配置テスト推薦中表彰']) {
    ok(
      await callApi(ctx.admin, 'awards:save', {
        fy,
        id: null,
        title,
        category: '風通しのよい職場づくり',
        awardedOn: todayIso(),
        groupName: '',
        nominator: '',
        recipients: [who.shokuin.staffNo],
      }),
    );
  }
  const awards = ok(await callApi(ctx.admin, 'awards:list', { fy }));
  const decided = awards.find((x) => x.title === '配置テスト決定表彰')!;
  ok(await callApi(ctx.admin, 'awards:decide', { fy, id: decided.id, decidedOn: todayIso() }));

  // A person with a score this year: their appraisal becomes 確定 in 第2区分; the imported rows of
  // the same year (第5区分) must lose, and the year before shows as imported (第4区分).
  const scored = yearScores(d, fy).people.find(
    (p) =>
      p.score !== null &&
      p.status !== '確定' &&
      p.staffId !== who.shokuin.id &&
      getAppraisal(d, fy - 1, p.staffId)?.status !== '確定',
  );
  expect(scored, 'the demo has a scored appraisal').toBeDefined();
  const rec = getAppraisal(d, fy, scored!.staffId)!;
  expect(updateAppraisal(d, rec.id, rec.version, { ...rec, status: '確定', rankClass: 2 }, now)).toBe(true);
  upsertHistory(d, { fy, staffId: scored!.staffId, score: 1.11, rankClass: 5, importedAt: now });
  upsertHistory(d, { fy: fy - 1, staffId: scored!.staffId, score: 3.21, rankClass: 4, importedAt: now });
  who.confirmed = { ...person(scored!.staffNo), score: scored!.score! };

  // Years in post and of service: exactly 7 and 20 on 1 April, and one day short of each. People
  // who applied to nothing this year, so that the 公募 filter can be told apart.
  const others = (
    d
      .prepare(
        `SELECT staff_no AS no FROM staff WHERE active = 1 AND id NOT IN (?, ?)
           AND id NOT IN (SELECT staff_id FROM accounts WHERE staff_id IS NOT NULL)
         ORDER BY staff_no LIMIT 40`,
      )
      .all(who.shokuin.id, who.confirmed.id) as { no: string }[]
  )
    .map((r) => person(r.no))
    .filter((p) => applicationsOfStaffInYear(d, p.id, fy).length === 0);
  who.seven = setStaff(others[0]!, { postedOn: `${fy - 7}-04-01`, hiredOn: `${fy - 20}-04-01` });
  who.six = setStaff(others[1]!, { postedOn: `${fy - 7}-04-02`, hiredOn: `${fy - 20}-04-02` });

  // A paper application to a posting of this year, recorded by HR.
  who.applicant = others[2]!;
  const postings = ok(
    await callApi(ctx.admin, 'postings:save', {
      fy,
      id: null,
      kind: '庁内公募',
      title: '配置テストの公募',
      section: null,
      team: '',
      description: '',
      conditions: '',
      capacity: 1,
      deadline: todayIso(),
    }),
  );
  const posting = postings.postings.find((p) => p.title === '配置テストの公募')!;
  ok(
    await callApi(ctx.admin, 'postings:record', {
      fy,
      postingId: posting.id,
      staffNo: who.applicant.staffNo,
      motivation: '志望動機は配置資料に載せないＸＱ',
    }),
  );

  // A retired person without dates, inserted through the roster's writer.
  const sectionId = sectionIds(d).get(who.shokuin.section!)!;
  staffWriter(d).insert({
    staffNo: '990001',
    name: '退職　テスト',
    kana: 'たいしょく　てすと',
    sectionId,
    lineId: null,
    position: '係員',
    gradeGroup: '係員級',
    jobType: '事務',
    employment: '正規',
    hiredOn: null,
    postedOn: null,
    qualifications: '',
    active: false,
  });
  who.retired = person('990001');
}, 180_000);

describe('who reads 人事配置', () => {
  it('HR and the personnel office read the list and a summary', async () => {
    for (const login of ['admin', 'jinji'] as const) {
      const rows = await list(ctx[login]);
      expect(rows.length).toBeGreaterThan(50);
      const summary = ok(await callApi(ctx[login], 'placement:summary', { fy, staffNo: who.shokuin.staffNo }));
      expect(summary.person.staffNo).toBe(who.shokuin.staffNo);
    }
  });

  it('every evaluator and staff login is refused every placement channel', async () => {
    const calls: [ChannelName, Input<ChannelName>][] = [
      ['placement:list', { fy }],
      ['placement:summary', { fy, staffNo: who.shokuin.staffNo }],
      ['placement:pdf', { what: 'summaries', fy, staffNos: [who.shokuin.staffNo] }],
      ['placement:pdf', { what: 'section-list', fy, section: who.shokuin.section! }],
      ['placement:sectionXlsx', { fy, section: who.shokuin.section! }],
    ] as never;
    const before = d.prepare("SELECT count(*) AS n FROM audit_log WHERE action LIKE 'placement.%'").get();
    for (const login of ['kucho', 'kacho', 'kakaricho', 'fukukucho', 'shokuin'] as const) {
      for (const [channel, input] of calls) fail(await call(ctx[login], channel, input as never), 'FORBIDDEN');
    }
    expect(d.prepare("SELECT count(*) AS n FROM audit_log WHERE action LIKE 'placement.%'").get()).toEqual(before);
  });

  it('the service checks the role again, whatever the channel let through', () => {
    for (const login of ['kacho', 'shokuin'] as const) {
      expect(() => listPlacement(d, ctx[login].session!, { fy })).toThrow(/人事担当と人事配置担当/u);
    }
  });
});

describe('the placement list', () => {
  it('lists active staff by section order, 職層 (課長級 first), 職員番号, each with three years', async () => {
    const rows = await list(ctx.jinji);
    const active = (d.prepare('SELECT count(*) AS n FROM staff WHERE active = 1').get() as { n: number }).n;
    expect(rows).toHaveLength(active);
    expect(rows.some((r) => r.staffNo === who.retired.staffNo)).toBe(false);
    const sections = (d.prepare('SELECT name FROM sections ORDER BY sort, id').all() as { name: string }[]).map(
      (s) => s.name,
    );
    const groups = ['課長級', '課長代理級', '係長級', '係員級'];
    const key = (r: PlacementRow): [number, number, string] => [
      r.section === null ? sections.length : sections.indexOf(r.section),
      groups.indexOf(r.gradeGroup),
      r.staffNo,
    ];
    for (let i = 1; i < rows.length; i += 1) {
      const [a, b] = [key(rows[i - 1]!), key(rows[i]!)];
      const order = a[0] - b[0] || a[1] - b[1];
      expect(order < 0 || (order === 0 && a[2] < b[2]), `${a.join(',')} before ${b.join(',')}`).toBe(true);
    }
    for (const r of rows) expect(r.results.map((x) => x.fy)).toEqual([fy - 2, fy - 1, fy]);
  });

  it('filters by section and 職層, and refuses a section that does not exist', async () => {
    const section = who.shokuin.section!;
    const rows = await list(ctx.jinji, { section });
    const count = (
      d
        .prepare(
          'SELECT count(*) AS n FROM staff s JOIN sections c ON c.id = s.section_id WHERE c.name = ? AND active = 1',
        )
        .get(section) as { n: number }
    ).n;
    expect(rows).toHaveLength(count);
    expect(rows.every((r) => r.section === section)).toBe(true);
    expect(rows.map((r) => r.staffNo)).toContain(who.shokuin.staffNo);
    const kakari = await list(ctx.jinji, { gradeGroup: '係長級' });
    expect(kakari.length).toBeGreaterThan(0);
    expect(kakari.every((r) => r.gradeGroup === '係長級')).toBe(true);
    expect(fail(await callApi(ctx.jinji, 'placement:list', { fy, section: 'ない課' }), 'VALIDATION').field).toBe(
      'section',
    );
  });

  it('counts years in post and of service in whole years to the fiscal year’s 1 April', async () => {
    const rows = await list(ctx.jinji, { minYearsInPost: 7 });
    const nos = rows.map((r) => r.staffNo);
    expect(nos).toContain(who.seven.staffNo);
    expect(nos).not.toContain(who.six.staffNo);
    expect(rows.every((r) => r.yearsInPost !== null && r.yearsInPost >= 7)).toBe(true);
    const all = await list(ctx.jinji);
    expect(all.find((r) => r.staffNo === who.seven.staffNo)).toMatchObject({ yearsInPost: 7, yearsOfService: 20 });
    expect(all.find((r) => r.staffNo === who.six.staffNo)).toMatchObject({ yearsInPost: 6, yearsOfService: 19 });
    const retired = summaryOf(d, fy, who.retired.staffNo).person;
    expect(retired).toMatchObject({ yearsInPost: null, yearsOfService: null, hiredOn: null, postedOn: null });
  });

  it('filters those whose submitted self-report wishes a transfer', async () => {
    const rows = await list(ctx.jinji, { wishesTransfer: true });
    expect(rows.map((r) => r.staffNo)).toContain(who.shokuin.staffNo);
    expect(rows.every((r) => r.wishesTransfer)).toBe(true);
    const expected = (
      d
        .prepare(
          `SELECT count(*) AS n FROM self_reports r JOIN staff s ON s.id = r.staff_id
           WHERE r.fy = ? AND s.active = 1 AND r.transfer_wish = '異動希望' AND r.status <> '未提出'`,
        )
        .get(fy) as { n: number }
    ).n;
    expect(rows).toHaveLength(expected);
    // A draft's wish does not count: kakaricho drafts 異動希望 without submitting.
    const draft = ok(await callApi(ctx.kakaricho, 'selfReport:get', { fy }));
    ok(
      await callApi(ctx.kakaricho, 'selfReport:save', {
        fy,
        version: draft.version,
        transferWish: '異動希望',
        preferences: ['政策推進課'],
      }),
    );
    const after = await list(ctx.jinji, { wishesTransfer: true });
    expect(after.map((r) => r.staffNo)).not.toContain(ctx.kakaricho.session!.staffNo);
    expect(after).toHaveLength(expected);
  });

  it('filters those who applied to a posting of the year', async () => {
    const rows = await list(ctx.jinji, { applied: true });
    expect(rows.map((r) => r.staffNo)).toContain(who.applicant.staffNo);
    expect(rows.map((r) => r.staffNo)).not.toContain(who.seven.staffNo);
    expect(rows.every((r) => r.applied)).toBe(true);
    expect((await list(ctx.jinji)).filter((r) => r.applied)).toEqual(rows);
  });

  it('filters by 区分 in any of the three years', async () => {
    const second = await list(ctx.jinji, { rankClass: 2 });
    expect(second.map((r) => r.staffNo)).toContain(who.confirmed.staffNo);
    expect(second.every((r) => r.results.some((x) => x.rankClass === 2))).toBe(true);
    // 第5区分 was only imported for the year Kaname confirmed: it lost, so it does not match.
    const fifth = await list(ctx.jinji, { rankClass: 5 });
    expect(fifth.map((r) => r.staffNo)).not.toContain(who.confirmed.staffNo);
    const fourth = await list(ctx.jinji, { rankClass: 4, section: who.confirmed.section! });
    expect(fourth.map((r) => r.staffNo)).toContain(who.confirmed.staffNo);
  });

  it('combines filters', async () => {
    const rows = await list(ctx.jinji, { section: who.shokuin.section!, wishesTransfer: true, gradeGroup: '係員級' });
    expect(rows.map((r) => r.staffNo)).toContain(who.shokuin.staffNo);
    expect(rows.every((r) => r.section === who.shokuin.section && r.wishesTransfer && r.gradeGroup === '係員級')).toBe(
      true,
    );
  });
});

describe('the three years’ results', () => {
  const expectedResults = (): unknown[] => [
    expect.objectContaining({ fy: fy - 2 }),
    { fy: fy - 1, rankClass: 4 as RankClass, score: 3.21, source: 'imported' },
    { fy, rankClass: 2 as RankClass, score: who.confirmed.score, source: 'kaname' },
  ];

  it('a year confirmed in Kaname wins over an imported row; other years show the imported one', async () => {
    const row = (await list(ctx.jinji, { section: who.confirmed.section! })).find(
      (r) => r.staffNo === who.confirmed.staffNo,
    )!;
    expect(row.results).toEqual(expectedResults());
    // The summary reads one person's appraisal with the form's scoring: the same figures.
    const s = ok(await callApi(ctx.jinji, 'placement:summary', { fy, staffNo: who.confirmed.staffNo }));
    expect(s.results).toEqual(expectedResults());
  });

  it('a year neither confirmed nor imported is all null', () => {
    expect(summaryOf(d, fy, who.retired.staffNo).results).toEqual(
      [fy - 2, fy - 1, fy].map((y) => ({ fy: y, rankClass: null, score: null, source: null })),
    );
    upsertHistory(d, {
      fy: fy - 2,
      staffId: who.retired.id,
      score: null,
      rankClass: 3,
      importedAt: new Date().toISOString(),
    });
    expect(summaryOf(d, fy, who.retired.staffNo).results[0]).toEqual({
      fy: fy - 2,
      rankClass: 3,
      score: null,
      source: 'imported',
    });
  });

  it('an appraisal not yet 確定 gives no Kaname result (the demo’s 調整済 ones)', () => {
    const adjusted = yearScores(d, fy).people.find(
      (p) => p.status === '調整済' && p.score !== null && p.staffId !== who.shokuin.id,
    )!;
    expect(adjusted).toBeDefined();
    const r = summaryOf(d, fy, adjusted.staffNo).results[2]!;
    expect(r.source).not.toBe('kaname');
  });
});

describe('the placement summary', () => {
  let summary: PlacementSummary;
  let json = '';
  beforeAll(async () => {
    summary = ok(await callApi(ctx.jinji, 'placement:summary', { fy, staffNo: who.shokuin.staffNo }));
    json = JSON.stringify(summary);
  });

  it('holds the person and their years', () => {
    expect(summary.person).toMatchObject({
      staffNo: who.shokuin.staffNo,
      name: who.shokuin.name,
      section: who.shokuin.section,
      hiredOn: who.shokuin.hiredOn,
      postedOn: who.shokuin.postedOn,
    });
  });

  it('holds the wishes of the submitted self-report, labelled, empty ones left out', () => {
    expect(summary.wishes).toEqual([
      { label: '異動の希望', text: '異動希望' },
      { label: '希望する所属・職務', text: '保健福祉課、本庁の企画部門' },
      { label: '異動希望の理由', text: REASON },
      { label: '希望する時期', text: '次年度' },
      { label: '将来やってみたい仕事', text: '相談支援の中核を担いたい' },
      { label: '身につけたい知識・能力', text: 'ファシリテーション' },
    ]);
  });

  it('never holds the confidential sections, the interview record or the comments to the head of office', () => {
    for (const secret of [HEALTH, FAMILY, RECORD, '所属長への意見は配置資料に載せない', '志望動機']) {
      expect(json).not.toContain(secret);
    }
    expect(json).not.toContain('ＸＱ');
  });

  it('holds the 調整者’s comments of the interview and the appraisal, labelled with the year', () => {
    expect(summary.comments).toEqual([
      { label: `面談の所見（${era}）`, text: OPINION },
      { label: `人事考課 調整者所見（${era}）`, text: ADJUSTER },
    ]);
  });

  it('holds decided awards only, three years of training, and every year’s applications', () => {
    expect(summary.awards.map((a) => a.title)).toContain('配置テスト決定表彰');
    expect(summary.awards.map((a) => a.title)).not.toContain('配置テスト推薦中表彰');
    expect(summary.training.every((t) => t.fy >= fy - 2 && t.fy <= fy)).toBe(true);
    const applicant = summaryOf(d, fy, who.applicant.staffNo);
    expect(applicant.applications).toContainEqual(
      expect.objectContaining({ fy, kind: '庁内公募', title: '配置テストの公募', status: '応募' }),
    );
  });

  it('reads the same summaries for many people at once (a print) as one by one', () => {
    const read = summaryReader(d, fy);
    const nos = [
      ...(d.prepare('SELECT staff_no AS no FROM staff ORDER BY staff_no').all() as { no: string }[]).map((r) => r.no),
    ];
    expect(nos.length).toBeGreaterThan(100);
    const withAwards = nos.filter((no) => summaryOf(d, fy, no).awards.length > 0);
    const withTraining = nos.filter((no) => summaryOf(d, fy, no).training.length > 1);
    expect(withAwards.length).toBeGreaterThan(0);
    expect(withTraining.length).toBeGreaterThan(0);
    for (const no of nos) expect(read(no), no).toEqual(summaryOf(d, fy, no));
  });

  it('answers NOT_FOUND for an unknown 職員番号 and reads a retired person', async () => {
    fail(await callApi(ctx.jinji, 'placement:summary', { fy, staffNo: '999999' }), 'NOT_FOUND');
    const retired = ok(await callApi(ctx.jinji, 'placement:summary', { fy, staffNo: who.retired.staffNo }));
    expect(retired.person.name).toBe('退職　テスト');
    expect(retired.wishes).toEqual([]);
    expect(retired.comments).toEqual([]);
  });

  it('each view is audited as placement.view with the 職員番号 and no name', () => {
    const rows = auditRows('placement.view').filter((r) => r.entity_id === who.shokuin.staffNo);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(JSON.parse(r.after)).toEqual({ fy, staffNo: who.shokuin.staffNo });
      expect(r.after).not.toContain(who.shokuin.name);
    }
  });
});

describe('printing and saving', () => {
  it('refuses an unknown 職員番号 by name and a section that does not exist', async () => {
    const e = fail(
      await callApi(ctx.jinji, 'placement:pdf', { what: 'summaries', fy, staffNos: [who.shokuin.staffNo, '999998'] }),
      'VALIDATION',
    );
    expect(e.message).toContain('999998');
    expect(e.field).toBe('staffNos');
    fail(await callApi(ctx.jinji, 'placement:pdf', { what: 'section-list', fy, section: 'ない課' }), 'VALIDATION');
    fail(await callApi(ctx.jinji, 'placement:sectionXlsx', { fy, section: 'ない課' }), 'VALIDATION');
    expect(auditRows('placement.print')).toEqual([]);
  });

  it('prints the summaries named, in that order, one audit entry naming them; no confidential text in the PDF', async () => {
    const staffNos = [who.confirmed.staffNo, who.shokuin.staffNo];
    const pdf = ok(await callApi(ctx.jinji, 'placement:pdf', { what: 'summaries', fy, staffNos }));
    expect(pdf.fileName).toBe(`人事配置資料_${todayIso().replace(/-/gu, '')}.pdf`);
    expect(pdf.people).toBe(2);
    expect(Buffer.from(pdf.data, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = await pdfTexts(pdf.data);
    expect(pages).toHaveLength(pdf.pages);
    const text = pages.join('\n').replace(/\s/gu, '');
    for (const secret of [HEALTH, FAMILY, RECORD]) expect(text).not.toContain(secret.replace(/\s/gu, ''));
    expect(text).not.toContain('ＸＱ');
    expect(text).toContain(who.shokuin.staffNo);
    expect(text).toContain(REASON);
    expect(text).toContain(OPINION);
    expect(text.indexOf(who.confirmed.staffNo)).toBeLessThan(text.indexOf(who.shokuin.staffNo));
    const audit = auditRows('placement.print');
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.after)).toEqual({ what: 'summaries', fy, staffNos });
    expect(audit[0]!.actor).toBe('jinji');
    expect(audit[0]!.after).not.toContain(who.shokuin.name);
  });

  it('prints a section’s list (its active staff by 職層 then 職員番号) and exports it to Excel, each audited', async () => {
    const section = who.shokuin.section!;
    const rows = await list(ctx.jinji, { section });
    const pdf = ok(await callApi(ctx.admin, 'placement:pdf', { what: 'section-list', fy, section }));
    expect(pdf.fileName).toBe(`所属別一覧_${section}_${todayIso().replace(/-/gu, '')}.pdf`);
    expect(pdf.people).toBe(rows.length);
    const print = auditRows('placement.print').at(-1)!;
    expect(JSON.parse(print.after)).toEqual({
      what: 'section-list',
      fy,
      section,
      staffNos: rows.map((r) => r.staffNo),
    });
    const xlsx = ok(await callApi(ctx.jinji, 'placement:sectionXlsx', { fy, section }));
    expect(xlsx.fileName).toBe(`所属別一覧_${section}_${todayIso().replace(/-/gu, '')}.xlsx`);
    expect(Buffer.from(xlsx.data, 'base64').subarray(0, 2).toString('latin1')).toBe('PK');
    const exported = auditRows('placement.export');
    expect(exported).toHaveLength(1);
    expect(JSON.parse(exported[0]!.after)).toMatchObject({ what: 'section-list', fy, section });
    for (const r of [print, exported[0]!]) for (const p of rows) expect(r.after).not.toContain(p.name);
  });
});
