import type { Database } from 'better-sqlite3-multiple-ciphers';
import * as m0010 from './0010-initial';
import * as m0020 from './0020-organisation';
import * as m0030 from './0030-imports';
import * as m0040 from './0040-self-reports';
import * as m0050 from './0050-area-log';
import * as m0060 from './0060-mbo';
import * as m0070 from './0070-form-exports';
import * as m0080 from './0080-appraisal';
import * as m0090 from './0090-appraisal-exports';
import * as m0100 from './0100-ranking-exclusions';
import * as m0110 from './0110-training-postings';
import * as m0120 from './0120-appraisal-history';
import * as m0130 from './0130-plan-measures';
import * as m0140 from './0140-sealed-data';
import * as m0150 from './0150-year-figures';
import * as m0160 from './0160-staff-checks';

export type Migration = {
  version: number;
  name: string;
  up: (db: Database) => void;
  /** The step rebuilds a table others refer to: the migrations then run with foreign keys off (migrate.ts). */
  foreignKeysOff?: true;
};

/** Every migration, in order. Versions go up in steps of 10 and never change once released. */
export const migrations: readonly Migration[] = [
  { version: 10, name: 'initial', up: m0010.up },
  { version: 20, name: 'organisation', up: m0020.up },
  { version: 30, name: 'imports', up: m0030.up },
  { version: 40, name: 'self-reports', up: m0040.up },
  { version: 50, name: 'area-log', up: m0050.up },
  { version: 60, name: 'mbo', up: m0060.up },
  { version: 70, name: 'form-exports', up: m0070.up },
  { version: 80, name: 'appraisal', up: m0080.up },
  { version: 90, name: 'appraisal-exports', up: m0090.up },
  { version: 100, name: 'ranking-exclusions', up: m0100.up },
  { version: 110, name: 'training-postings', up: m0110.up },
  { version: 120, name: 'appraisal-history', up: m0120.up },
  { version: 130, name: 'plan-measures', up: m0130.up },
  { version: 140, name: 'sealed-data', up: m0140.up },
  { version: 150, name: 'year-figures', up: m0150.up },
  { version: 160, name: 'staff-checks', up: m0160.up, foreignKeysOff: true },
];

export const latestVersion = migrations[migrations.length - 1]?.version ?? 0;
