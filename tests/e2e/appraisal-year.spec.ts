import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Download, Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { generateDemoWard, walkSectionOf } from '../../electron/core/demo/demo-ward';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { quotas } from '../../shared/ranking';
import { expect, screensDir, test } from './fixtures';
import type { HostFixture } from './fixtures';
import { AccountsPage } from './pages/accounts-page';
import { AppraisalPage } from './pages/appraisal-page';
import { walkPlan } from './pages/appraisal-year-plan';
import { AwardsPage } from './pages/awards-page';
import { EvaluatorWorkbook, cellText } from './pages/evaluator-workbook';
import { hostApi } from './pages/host-api';
import { ImportPage } from './pages/import-page';
import { LoginPage } from './pages/login-page';
import { ShellPage } from './pages/shell-page';

/*
 * Issue 5's year, walked by new users in the demo office: one section's 係員級 (the demo's walk
 * section, ranked per 課) goes through self → area leader's cross-section rating and a workplace
 * award → 1次 → 2次 → 調整者 → ranking with a tie decided → 確定 → 開示, partly in the app and partly
 * through evaluator workbooks that HR exports, the test fills with exceljs and HR imports. The values
 * are walkPlan's; tests/integration/demo-walk.test.ts checks they leave the tie.
 */

const fy = fiscalYearOf(new Date());
const walk = walkSectionOf(generateDemoWard(fy));
const population = `係員級・${walk.section}`;
const populationLabel = `係員級（${walk.section}）`;
const temporary = 'temporary-pass-1';
const shot = (name: string) => ({ path: path.join(screensDir, `appraisal-year-${name}.png`), fullPage: true });

type Person = { staffNo: string; name: string; status: string };

let workDir = '';
test.beforeEach(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaname-e2e-appraisal-year-'));
});
test.afterEach(() => {
  fs.rmSync(workDir, { recursive: true, force: true });
});

async function signIn(page: Page, host: HostFixture, login: string, first = false): Promise<AppraisalPage> {
  const loginPage = new LoginPage(page);
  await loginPage.expectShown();
  if (first) await loginPage.loginFirstTime(login, temporary, host.password);
  else await loginPage.login(login, host.password);
  await new ShellPage(page).expectShown();
  return new AppraisalPage(page);
}

async function signOut(page: Page): Promise<void> {
  await new ShellPage(page).logout();
  await new LoginPage(page).expectShown();
}

/** Saves a download into the test's folder, checking the toast that names it. */
async function saved(page: Page, download: Promise<Download>, name: string): Promise<{ file: string; name: string }> {
  const d = await download;
  await expect(page.getByText(`「${d.suggestedFilename()}」をダウンロードしました`)).toBeVisible();
  const file = path.join(workDir, name);
  await d.saveAs(file);
  return { file, name: d.suggestedFilename() };
}

/** Submits the open stage of each appraisal from the 考課一覧, one after the other. */
async function submitEach(ap: AppraisalPage, people: readonly Person[], from: string, to: string): Promise<void> {
  for (const p of people) {
    await ap.openFromList(p.staffNo);
    await expect(ap.status).toHaveText(from);
    await ap.submitStage(to);
    await expect(ap.status).toHaveText(to);
    await ap.backToList();
  }
}

test('a section’s 係員級 through a year: self, cross-section and award, 1次, 2次, 調整者, ranking with a tie, 確定, 開示', async ({
  page,
  host,
}) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  const loginPage = new LoginPage(page);
  await loginPage.goto(host.url);
  let ap = await signIn(page, host, 'admin');

  // Who is who, read as HR: the section's 係員級, the 本人 (the one not started), the evaluators.
  const rows = (await hostApi(host, 'appraisal:list', { fy })).rows.filter(
    (r) => r.person.section === walk.section && r.person.gradeGroup === '係員級',
  );
  const members: Person[] = rows.map((r) => ({ staffNo: r.person.staffNo, name: r.person.name, status: r.status }));
  const inLine = rows.filter((r) => r.person.line === walk.line);
  const selfRow = inLine.find((r) => r.status === '未着手');
  if (!selfRow) throw new Error(`the demo's walk line ${walk.section} ${walk.line} has no 係員 not started`);
  const self: Person = { staffNo: selfRow.person.staffNo, name: selfRow.person.name, status: '未着手' };
  const lineMates = members.filter(
    (m) => m.staffNo !== self.staffNo && inLine.some((r) => r.person.staffNo === m.staffNo),
  );
  expect(lineMates.length).toBeGreaterThanOrEqual(2);
  expect(lineMates.every((m) => m.status === '自己評価済')).toBe(true);
  const start = await hostApi(host, 'appraisal:get', { fy, staffNo: self.staffNo });
  const items = start.ratings.map((r) => r.item);
  const areaGoal = start.goals.findIndex((g) => g.category === '地域担当目標') + 1;
  expect(areaGoal).toBeGreaterThan(0);
  const leader = start.goals[areaGoal - 1]!.cross!.evaluator!;
  const staff = (await hostApi(host, 'staff:list', { active: 'active', fy })).rows;
  const noOf = (name: string | null) => {
    const s = staff.find((x) => x.name === name);
    if (!s) throw new Error(`no staff named ${name ?? ''}`);
    return s.staffNo;
  };
  const firstNo = noOf(start.evaluators.first);
  const secondNo = noOf(start.evaluators.second);
  const adjusterNo = noOf(start.evaluators.adjuster);

  // 1. HR creates the accounts of the 本人, the 1次 (係長), the 2次 (課長) and the 調整者 (副区長).
  const accounts = new AccountsPage(page);
  await accounts.open();
  const newAccounts = [
    { login: 'honnin', staffNo: self.staffNo, roleLabel: '職員' },
    { login: 'kakaricho2', staffNo: firstNo, roleLabel: '評価者' },
    { login: 'kacho2', staffNo: secondNo, roleLabel: '評価者' },
    { login: 'fukukucho', staffNo: adjusterNo, roleLabel: '評価者' },
  ];
  for (const a of newAccounts) {
    await accounts.create({
      login: a.login,
      displayName: staff.find((s) => s.staffNo === a.staffNo)!.name,
      roleLabel: a.roleLabel,
      password: temporary,
      staffQuery: a.staffNo,
    });
    await expect(accounts.row(a.login)).toContainText(a.staffNo);
  }
  await page.screenshot(shot('accounts'));
  await signOut(page);

  // 2. The 本人 rates themself in the app and submits.
  ap = await signIn(page, host, 'honnin', true);
  await ap.open();
  await ap.tab('自分の人事考課');
  await expect(ap.status).toHaveText('未着手');
  for (const item of items) await ap.rate(item, '本人', walkPlan.selfRating);
  await ap.comment('本人の所見').fill(walkPlan.selfComment);
  await ap.expectSaved();
  await ap.scrollTop();
  await page.screenshot(shot('self'));
  await ap.submitStage('自己評価済');
  await expect(ap.status).toHaveText('自己評価済');
  await signOut(page);

  // 3. The area leader rates the 地域担当目標 in their workbook: HR exports it, it is filled, HR imports it.
  ap = await signIn(page, host, 'admin');
  let imports = new ImportPage(page);
  await imports.open();
  const crossBook = await saved(page, imports.exportEvaluatorWorkbook(leader.staffNo), 'cross.xlsx');
  expect(crossBook.name).toBe(`人事考課票_${fy}年度_評価者${leader.staffNo}_記入用.xlsx`);
  let book = await EvaluatorWorkbook.read(crossBook.file);
  expect(book.staffNos()).toContain(self.staffNo);
  expect(book.form(self.staffNo).getCell('A1').value).toEqual(expect.stringContaining('他所属評価 記入用'));
  expect(book.fillCross(self.staffNo, walkPlan.crossLevel, walkPlan.crossComment)).toBe(1);
  await book.write(path.join(workDir, 'cross-filled.xlsx'));
  await imports.importEvaluatorWorkbook(path.join(workDir, 'cross-filled.xlsx'));
  await page.screenshot(shot('cross-import'));
  const crossed = await hostApi(host, 'appraisal:get', { fy, staffNo: self.staffNo });
  expect(crossed.goals[areaGoal - 1]!.cross).toMatchObject({
    level: walkPlan.crossLevel,
    comment: walkPlan.crossComment,
  });

  // 4. A workplace award for the 本人: registered, the committee's decision recorded; the appraisal shows the bonus.
  const awards = new AwardsPage(page);
  await awards.open();
  await awards.startRegister();
  await awards.fill({
    title: walkPlan.award.title,
    category: walkPlan.award.category,
    awardedOn: `${fy}-10-15`,
    nominator: walkPlan.award.nominator,
    recipients: [self.staffNo],
  });
  await awards.submitForm();
  await expect(awards.form).toHaveCount(0);
  await awards.decide(walkPlan.award.title, `${fy}-10-30`);
  const awardRow = awards.row(walkPlan.award.title);
  await expect(awardRow.getByTestId('award-status')).toHaveText('決定');
  await expect(awardRow.getByTestId('award-bonus')).toHaveText('+0.2（係長級以下）');
  await page.screenshot(shot('award'));
  ap = new AppraisalPage(page);
  await ap.open();
  await ap.openFromList(self.staffNo);
  await expect(page.getByTestId('appraisal-bonus')).toContainText(`${walkPlan.award.title}（職場内表彰）: +0.2`);
  await page.getByTestId('appraisal-bonus').scrollIntoViewIfNeeded();
  await page.screenshot(shot('bonus'));
  await signOut(page);

  // 5. 1次: the 係長 rates the 本人 in the app, departing from the cross-section level on one goal with a reason.
  ap = await signIn(page, host, 'kakaricho2', true);
  await ap.open();
  await expect(ap.row(self.staffNo)).toContainText('あなたの番');
  await ap.openFromList(self.staffNo);
  await expect(ap.status).toHaveText('自己評価済');
  const firstView = await hostApi(host, 'appraisal:get', { fy, staffNo: self.staffNo });
  await expect(ap.combobox(`目標${areaGoal}の1次評語`)).toContainText(walkPlan.crossLevel);
  await expect(ap.main).toContainText('他所属評価の評語');
  for (const item of items) await ap.rate(item, '1次', walkPlan.firstRating);
  for (const [i, g] of firstView.goals.entries()) {
    if (i + 1 !== areaGoal && g.firstDefault === null) await ap.level(i + 1, '1次', walkPlan.firstLevel);
  }
  await ap.level(areaGoal, '1次', walkPlan.departLevel);
  await ap.reason(areaGoal).fill(walkPlan.departReason);
  await ap.comment('1次評価者の所見').fill(walkPlan.firstComment);
  await ap.expectSaved();
  await expect(ap.problems).toHaveCount(0);
  await ap.scrollTop();
  await page.screenshot(shot('first'));
  await ap.submitStage('1次評価済');
  await expect(ap.status).toHaveText('1次評価済');
  await signOut(page);

  // The rest of the line through the 係長's workbook (HR exports and imports), then submitted by the 係長.
  ap = await signIn(page, host, 'admin');
  imports = new ImportPage(page);
  await imports.open();
  const firstBook = await saved(page, imports.exportEvaluatorWorkbook(firstNo), 'first.xlsx');
  book = await EvaluatorWorkbook.read(firstBook.file);
  expect(book.staffNos().sort()).toEqual(lineMates.map((m) => m.staffNo).sort());
  for (const m of lineMates) {
    const filled = book.fillStage(m.staffNo, '1次', {
      rating: walkPlan.firstRating,
      level: walkPlan.firstLevel,
      comment: walkPlan.firstComment,
    });
    expect(filled.ratings).toBe(items.length);
  }
  await book.write(path.join(workDir, 'first-filled.xlsx'));
  await imports.importEvaluatorWorkbook(path.join(workDir, 'first-filled.xlsx'));
  await page.screenshot(shot('first-import'));
  // Saved, not submitted. HR has no 提出する of its own, but may submit for an evaluator who works
  // away from the office: the first line mate's 1次 is submitted that way, the rest by the 係長.
  ap = new AppraisalPage(page);
  await ap.open();
  await ap.openFromList(lineMates[0]!.staffNo);
  await expect(ap.status).toHaveText('自己評価済');
  await expect(ap.submit).toHaveCount(0);
  const onBehalf = page.getByTestId('appraisal-submit-on-behalf');
  await expect(onBehalf).toContainText('監査ログには人事担当による代理提出として残ります');
  await onBehalf.scrollIntoViewIfNeeded();
  await page.screenshot(shot('first-on-behalf'));
  await ap.submitOnBehalf();
  await expect(ap.status).toHaveText('1次評価済');
  await expect(page.getByText('1次評価を評価者に代わって提出しました')).toBeVisible();
  await signOut(page);

  ap = await signIn(page, host, 'kakaricho2');
  await ap.open();
  await page.getByLabel(/あなたの番だけ/u).check();
  await expect(ap.grid.getByRole('row')).toHaveCount(lineMates.length);
  await page.screenshot(shot('first-list'));
  await page.getByLabel(/あなたの番だけ/u).uncheck();
  await ap.openFromList(lineMates[1]!.staffNo);
  await expect(ap.combobox(`${items[0]!}の1次評価`)).toContainText(String(walkPlan.firstRating));
  await expect(ap.comment('1次評価者の所見')).toHaveValue(walkPlan.firstComment);
  await ap.backToList();
  await submitEach(ap, lineMates.slice(1), '自己評価済', '1次評価済');
  await signOut(page);

  // 6. 2次: the 課長 rates the 本人 in the app; the others waiting for the 2次 through the workbook.
  ap = await signIn(page, host, 'kacho2', true);
  await ap.open();
  await ap.openFromList(self.staffNo);
  await expect(ap.status).toHaveText('1次評価済');
  await expect(ap.main).toContainText(`既定と異なる理由: ${walkPlan.departReason}`);
  for (const item of items) await ap.rate(item, '2次', walkPlan.secondRating);
  for (let i = 1; i <= start.goals.length; i += 1) await ap.level(i, '2次', walkPlan.secondLevel);
  await ap.comment('2次評価者の所見').fill(walkPlan.secondComment);
  await ap.expectSaved();
  await expect(page.getByTestId('appraisal-absolute')).toHaveText(/^\d\.\d{2}$/u);
  await ap.scrollTop();
  await page.screenshot(shot('second'));
  await ap.submitStage('2次評価済');
  await expect(ap.status).toHaveText('2次評価済');
  await signOut(page);

  ap = await signIn(page, host, 'admin');
  const waitingSecond = (await hostApi(host, 'appraisal:list', { fy })).rows
    .filter((r) => r.person.section === walk.section && r.person.gradeGroup === '係員級' && r.status === '1次評価済')
    .map((r) => ({ staffNo: r.person.staffNo, name: r.person.name, status: r.status }));
  expect(waitingSecond.length).toBeGreaterThanOrEqual(lineMates.length);
  imports = new ImportPage(page);
  await imports.open();
  const secondBook = await saved(page, imports.exportEvaluatorWorkbook(secondNo), 'second.xlsx');
  book = await EvaluatorWorkbook.read(secondBook.file);
  expect(book.staffNos().sort()).toEqual(waitingSecond.map((m) => m.staffNo).sort());
  for (const m of waitingSecond) {
    expect(book.form(m.staffNo).getCell('A1').value).toEqual(expect.stringContaining('2次評価 記入用'));
    book.fillStage(m.staffNo, '2次', {
      rating: walkPlan.secondRating,
      level: walkPlan.secondLevel,
      comment: walkPlan.secondComment,
    });
  }
  await book.write(path.join(workDir, 'second-filled.xlsx'));
  await imports.importEvaluatorWorkbook(path.join(workDir, 'second-filled.xlsx'));
  await signOut(page);

  ap = await signIn(page, host, 'kacho2');
  await ap.open();
  await submitEach(ap, waitingSecond, '1次評価済', '2次評価済');
  await signOut(page);

  // 7. 調整者: the 副区長 adjusts the 本人 with a reason, and submits everyone at 2次評価済 to 調整済.
  ap = await signIn(page, host, 'fukukucho', true);
  await ap.open();
  const waitingAdjuster = (await hostApi(host, 'appraisal:list', { fy })).rows
    .filter((r) => r.person.section === walk.section && r.person.gradeGroup === '係員級' && r.status === '2次評価済')
    .map((r) => ({ staffNo: r.person.staffNo, name: r.person.name, status: r.status }));
  expect(waitingAdjuster.map((p) => p.staffNo)).toContain(self.staffNo);
  await ap.openFromList(self.staffNo);
  await expect(ap.status).toHaveText('2次評価済');
  await ap.choose('調整', walkPlan.adjustmentLabel);
  await ap.comment('調整の理由').fill(walkPlan.adjustmentReason);
  await ap.comment('調整者の所見').fill(walkPlan.adjusterComment);
  await ap.expectSaved();
  await expect(page.getByTestId('appraisal-scores')).toContainText('表彰による加点');
  await expect(page.getByTestId('appraisal-scores')).toContainText('調整者による調整');
  await page.getByTestId('appraisal-scores').scrollIntoViewIfNeeded();
  await page.screenshot(shot('adjuster'));
  await ap.submitStage('調整済');
  await expect(ap.status).toHaveText('調整済');
  await ap.backToList();
  await submitEach(
    ap,
    waitingAdjuster.filter((p) => p.staffNo !== self.staffNo),
    '2次評価済',
    '調整済',
  );

  // 8. 相対評価: the section's 係員級 — quotas against the current counts, the tie decided, confirmed.
  await ap.tab('相対評価');
  const populationButton = page.getByRole('button', { name: new RegExp(`^${populationLabel}`, 'u') });
  await populationButton.click();
  await expect(populationButton).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('ranking-waiting')).toHaveCount(0);
  await expect(page.getByTestId('ranking-row')).toHaveCount(members.length);
  await expect(page.getByTestId('ranking-quota')).toHaveText(quotas(members.length).map(String));
  const ranking = await hostApi(host, 'appraisal:ranking', { fy, population });
  const ties = ranking.result!.ties;
  expect(ties.length).toBeGreaterThan(0);
  expect(ties[0]!.classes).toEqual([1, 2]);
  const tieCards = page.getByTestId('ranking-tie');
  await expect(tieCards).toHaveCount(ties.length);
  await expect(tieCards.first()).toContainText('第1区分に1人、第2区分に');
  const confirm = page.getByRole('button', { name: '相対評価を確定' });
  await expect(confirm).toBeDisabled();
  await page.screenshot(shot('ranking-figures'));
  const nameOf = (no: string) => ranking.result!.rows.find((r) => r.staffNo === no)!.name;
  for (const t of ties) {
    let k = 0;
    for (const [i, cls] of t.classes.entries()) {
      for (let n = 0; n < t.seats[i]!; n += 1) {
        const radio = page
          .getByRole('radiogroup', { name: `${nameOf(t.ids[k]!)}の区分` })
          .getByRole('radio', { name: `第${cls}区分` });
        await expect(radio).toBeEnabled();
        await radio.click();
        await expect(radio).toBeChecked();
        k += 1;
      }
    }
  }
  await expect(tieCards.first()).toContainText('決定済み');
  await tieCards.first().scrollIntoViewIfNeeded();
  await page.screenshot(shot('ranking-tie-decided'));
  await expect(confirm).toBeEnabled();
  await confirm.click();
  const dialog = page.getByRole('dialog', { name: '相対評価を確定' });
  await expect(dialog).toContainText(`${members.length}人の区分を確定します`);
  await dialog.getByRole('button', { name: '確定する' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('ranking-confirmed')).toContainText('確定しています');
  await expect(populationButton).toContainText('確定');
  await ap.scrollTop();
  await page.screenshot(shot('ranking-confirmed'));
  const final = (await hostApi(host, 'appraisal:ranking', { fy, population })).result!;
  const selfClass = final.rows.find((r) => r.staffNo === self.staffNo)!.rankClass;
  expect(final.rows.every((r) => r.status === '確定' && r.rankClass !== null)).toBe(true);
  await signOut(page);

  // Logging out closed the 副区長's last message: nothing is left for the next person at this screen.
  await expect(page.locator('.MuiSnackbar-root')).toHaveCount(0);

  // 9. The 本人 sees the result with the evaluators' entries (開示).
  ap = await signIn(page, host, 'honnin');
  await ap.open();
  await ap.tab('自分の人事考課');
  await expect(ap.status).toHaveText('確定');
  await expect(ap.main).toContainText(`相対評価が確定しています（第${selfClass}区分`);
  await expect(ap.main).toContainText(walkPlan.firstComment);
  await expect(ap.main).toContainText(walkPlan.secondComment);
  await expect(page.getByTestId('appraisal-scores')).toContainText(`理由: ${walkPlan.adjustmentReason}`);
  await expect(page.getByTestId('appraisal-absolute')).toHaveText(/^\d\.\d{2}$/u);
  await ap.scrollTop();
  await page.screenshot(shot('disclosed'));
  await signOut(page);

  // HR exports the population's ranking and the section's 開示 sheets.
  ap = await signIn(page, host, 'admin');
  await ap.open();
  await ap.tab('相対評価');
  await page.getByRole('button', { name: new RegExp(`^${populationLabel}`, 'u') }).click();
  const rankingBook = await saved(
    page,
    (async () => {
      const d = page.waitForEvent('download');
      await page.getByRole('button', { name: /順位表を出力/u }).click();
      return d;
    })(),
    'ranking.xlsx',
  );
  const rwb = new ExcelJS.Workbook();
  await rwb.xlsx.readFile(rankingBook.file);
  expect(rwb.worksheets).toHaveLength(1);
  const rws = rwb.worksheets[0]!;
  let head = 0;
  for (let r = 1; r <= rws.rowCount && head === 0; r++) {
    if (cellText(rws.getCell(r, 1)) === '順位' && cellText(rws.getCell(r, 2)) === '職員番号') head = r;
  }
  expect(head).toBeGreaterThan(0);
  const ranked: { staffNo: string; name: string; section: string; cls: string }[] = [];
  for (let r = head + 1; r <= rws.rowCount; r++) {
    const no = cellText(rws.getCell(r, 2));
    if (no === '') continue;
    ranked.push({
      staffNo: no,
      name: cellText(rws.getCell(r, 3)),
      section: cellText(rws.getCell(r, 4)),
      cls: cellText(rws.getCell(r, 7)),
    });
  }
  expect(ranked.map((x) => x.staffNo).sort()).toEqual(members.map((m) => m.staffNo).sort());
  expect(ranked.every((x) => x.section === walk.section)).toBe(true);
  expect(ranked.find((x) => x.staffNo === self.staffNo)).toMatchObject({ name: self.name, cls: `第${selfClass}区分` });
  await page.screenshot(shot('ranking-export'));

  await ap.tab('考課一覧');
  await page.getByRole('combobox', { name: '所属' }).click();
  await page.getByRole('option', { name: walk.section, exact: true }).click();
  const disclosure = await saved(
    page,
    (async () => {
      const d = page.waitForEvent('download');
      await page.getByRole('button', { name: '開示用シートを出力' }).click();
      return d;
    })(),
    'disclosure.xlsx',
  );
  const dwb = new ExcelJS.Workbook();
  await dwb.xlsx.readFile(disclosure.file);
  const sheets = dwb.worksheets.filter((ws) => ws.state === 'visible');
  expect(sheets.map((ws) => ws.name.split(' ')[0]).sort()).toEqual(members.map((m) => m.staffNo).sort());
  const valueOf = (ws: ExcelJS.Worksheet, label: string) => {
    for (let r = 1; r <= ws.rowCount; r++) {
      for (const c of [1, 3]) if (cellText(ws.getCell(r, c)) === label) return cellText(ws.getCell(r, c + 1));
    }
    return null;
  };
  for (const ws of sheets) expect(valueOf(ws, '所属')).toBe(walk.section);
  const mine = sheets.find((ws) => ws.name.startsWith(`${self.staffNo} `))!;
  expect(valueOf(mine, '氏名')).toBe(self.name);
  expect(valueOf(mine, '区分')).toBe(`第${selfClass}区分`);
  expect(valueOf(mine, '表彰による加点')).toBe(`${walkPlan.award.title}　+0.20`);
  await page.screenshot(shot('disclosure-export'));
});
