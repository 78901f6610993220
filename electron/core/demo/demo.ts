import { roleLabels } from '../../../shared/roles';
import { fiscalYearOf } from '../../../shared/fiscal-year';
import { createOffice } from '../office/office.service';
import { demoAccounts, generateDemoWard, insertDemoWard, walkSectionOf } from './demo-ward';
import { insertDemoAreaLog } from './demo-area-log';
import { insertDemoSelfReports } from './demo-self-reports';
import { insertDemoMbo, insertDemoWalkSheets } from './demo-mbo';
import { insertDemoAppraisals, insertDemoWalkAppraisals, setDemoAppraisalConfig } from './demo-appraisal';
import { insertDemoTraining } from './demo-training';
import { insertDemoPostings } from './demo-postings';
import { insertDemoHistory } from './demo-history';
import { insertDemoMeasures } from './demo-measures';
import { insertDemoPlanHistory } from './demo-plan-history';
import { appendAudit } from '../system/audit.repo';

/** The password of the demo office created from the app's first-start screen (shown on its login screen). */
export const defaultDemoPassword = 'kaname-demo';

export const demoOfficeName = '要市 みなと区役所（デモ）';

/**
 * The demo's accounts as createOffice takes them: every login with the one password, and the list
 * the login screen shows (with the password only when `showPassword`: the app's own demo).
 */
export function demoLoginOptions(
  accounts: ReturnType<typeof demoAccounts>,
  password: string,
  showPassword: boolean,
): Pick<Parameters<typeof createOffice>[1], 'accounts' | 'demo'> {
  return {
    accounts: accounts.map((a) => ({
      login: a.login,
      displayName: a.displayName,
      role: a.role,
      staffNo: a.staffNo,
      password,
    })),
    demo: {
      logins: accounts.map((a) => ({
        login: a.login,
        role: a.role,
        displayName: a.displayName,
        note: a.note || roleLabels[a.role],
      })),
      password: showPassword ? password : null,
    },
  };
}

/**
 * Creates the demo office: a generated fictional ward with its accounts, all sharing one password.
 * `showPassword` puts the password on the demo's login screen (only for the app's own demo).
 *
 * One section that holds none of the logins' staff, the walk section (walkSectionOf), is arranged
 * so that a new user can take its 係員級 through the rest of the year — self-evaluation, 1次, 2次,
 * 調整者, a ranking of its own (the year ranks the 係員級 per 課) with a tie to decide, 確定 — as
 * tests/e2e/appraisal-year.spec.ts does. The rest of the office is left as the generic passes make it.
 */
export async function createDemoOffice(
  dbPath: string,
  password: string,
  showPassword: boolean,
): ReturnType<typeof createOffice> {
  const fy = fiscalYearOf(new Date());
  const ward = generateDemoWard(fy);
  const accounts = demoAccounts(ward);
  const walk = walkSectionOf(ward);
  return createOffice(dbPath, {
    officeName: demoOfficeName,
    populate: (db, actor) => {
      insertDemoWard(db, ward, fy);
      insertDemoAreaLog(db, fy);
      insertDemoPlanHistory(db, fy);
      const loginHolders = new Set(accounts.flatMap((a) => (a.staffNo ? [a.staffNo] : [])));
      insertDemoSelfReports(db, fy, loginHolders);
      const firstLogin = accounts.find((a) => a.login === 'kakaricho')?.staffNo ?? null;
      insertDemoMbo(db, fy, loginHolders, firstLogin);
      insertDemoAppraisals(db, fy, loginHolders, firstLogin);
      // The walk section is arranged after the generic passes, which leave the rest of the office as it was.
      insertDemoWalkSheets(db, fy, walk.section);
      insertDemoWalkAppraisals(db, fy, walk, loginHolders);
      setDemoAppraisalConfig(db, fy);
      insertDemoTraining(db, fy, accounts);
      insertDemoPostings(db, fy, accounts);
      insertDemoHistory(db, fy, accounts);
      insertDemoMeasures(db, fy);
      appendAudit(db, actor, {
        action: 'demo.generate',
        entity: 'office',
        after: { fiscalYear: fy, sections: ward.sections.length, staff: ward.staff.length, areas: ward.areas.length },
      });
    },
    ...demoLoginOptions(accounts, password, showPassword),
  });
}
