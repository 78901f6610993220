import { roleLabels } from '../../../shared/roles';
import { fiscalYearOf } from '../../../shared/fiscal-year';
import { createOffice } from './office';
import type { Office } from './office';
import { demoAccounts, generateDemoWard, insertDemoWard } from './demo-ward';
import { insertDemoAreaLog } from './demo-area-log';
import { insertDemoSelfReports } from './demo-self-reports';
import { insertDemoMbo } from './demo-mbo';
import { insertDemoAppraisals } from './demo-appraisal';
import type { AccountRow } from '../../../shared/contract';
import { appendAudit } from '../db/repos/audit';

/** The password of the demo office created from the app's first-start screen (shown on its login screen). */
export const defaultDemoPassword = 'kaname-demo';

export const demoOfficeName = '要市 みなと区役所（デモ）';

/**
 * Creates the demo office: a generated fictional ward with its accounts, all sharing one password.
 * `showPassword` puts the password on the demo's login screen (only for the app's own demo).
 */
export async function createDemoOffice(
  dbPath: string,
  password: string,
  showPassword: boolean,
): Promise<{ office: Office; first: AccountRow }> {
  const fy = fiscalYearOf(new Date());
  const ward = generateDemoWard(fy);
  const accounts = demoAccounts(ward);
  return createOffice(dbPath, {
    officeName: demoOfficeName,
    populate: (db, actor) => {
      insertDemoWard(db, ward, fy);
      insertDemoAreaLog(db, fy);
      const loginHolders = new Set(accounts.flatMap((a) => (a.staffNo ? [a.staffNo] : [])));
      insertDemoSelfReports(db, fy, loginHolders);
      const firstLogin = accounts.find((a) => a.login === 'kakaricho')?.staffNo ?? null;
      insertDemoMbo(db, fy, loginHolders, firstLogin);
      insertDemoAppraisals(db, fy, loginHolders, firstLogin);
      appendAudit(db, actor, {
        action: 'demo.generate',
        entity: 'office',
        after: { fiscalYear: fy, sections: ward.sections.length, staff: ward.staff.length, areas: ward.areas.length },
      });
    },
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
  });
}
