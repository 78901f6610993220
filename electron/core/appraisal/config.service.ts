import type { AppraisalConfig } from '../../../shared/appraisal';
import { validateAppraisalConfig } from '../../../shared/appraisal-config';
import type { AppraisalConfigView } from '../../../shared/appraisal-config';
import { APPRAISAL_STATUSES } from '../../../shared/contract';
import type { Parsed } from '../../../shared/contract';
import { AppError } from '../../../shared/result';
import type { Db } from '../db/connection';
import { cycleConfig, startedStatusCounts, storedConfigJson, writeConfigJson } from './appraisal.repo';
import { appendAudit } from '../system/audit.repo';
import { requireCycle } from '../access/evaluation-access';
import { assertYearWritable } from '../access/closed-year';
import type { Session } from '../office/office.service';

/*
 * The cycle's appraisal configuration (docs/scores.md): competency items, weights, the award bonus rule,
 * the ranking distribution, each grade group's ranking unit (区全体 / 課) and the MBO goals'
 * difficulty coefficients, stored in cycles.appraisal_config (null: the defaults) and read by
 * cycleConfig. HR edits it in 設定 until the year's appraisals start: once any appraisal of the year
 * has left 未着手 its items and weights are in use, so the configuration is locked. Every change is
 * audited ('appraisal.config', before → after).
 */

/** Why the year's configuration can no longer change, or null while every appraisal is 未着手. */
export function configLockReason(db: Db, fy: number): string | null {
  const rows = startedStatusCounts(db, fy);
  if (rows.length === 0) return null;
  const counts = new Map(rows.map((r) => [r.status, r.n]));
  const detail = APPRAISAL_STATUSES.filter((s) => (counts.get(s) ?? 0) > 0)
    .map((s) => `${s} ${(counts.get(s) ?? 0).toLocaleString('ja-JP')}件`)
    .join('、');
  return `この年度はすでに人事考課が始まっているため（${detail}）、設定は変更できません。`;
}

/** The configuration of a year; a year without a cycle yet shows the defaults. */
export function getAppraisalConfig(db: Db, fy: number): AppraisalConfigView {
  const lockedReason = configLockReason(db, fy);
  return {
    fy,
    config: cycleConfig(db, fy),
    isDefault: storedConfigJson(db, fy) === null,
    locked: lockedReason !== null,
    lockedReason,
  };
}

function writeConfig(
  db: Db,
  session: Session,
  fy: number,
  next: AppraisalConfig | null,
  confirmed: boolean | undefined,
  channel: string,
): AppraisalConfigView {
  return db.transaction(() => {
    requireCycle(db, fy);
    assertYearWritable(db, session, fy, confirmed, channel);
    const reason = configLockReason(db, fy);
    if (reason !== null) throw new AppError('CONFLICT', reason);
    const before = getAppraisalConfig(db, fy);
    const json = next === null ? null : JSON.stringify(next);
    if (json === storedConfigJson(db, fy)) return before;
    writeConfigJson(db, fy, json);
    const after = getAppraisalConfig(db, fy);
    appendAudit(db, session.actor, {
      action: 'appraisal.config',
      entity: 'cycle',
      entityId: fy,
      before: { isDefault: before.isDefault, config: before.config },
      after: { isDefault: after.isDefault, config: after.config },
    });
    return after;
  })();
}

/** HR saves the year's configuration (validated again here: the schema is not the only way in). */
export function saveAppraisalConfig(
  db: Db,
  session: Session,
  input: Parsed<'appraisal:saveConfig'>,
): AppraisalConfigView {
  const problem = validateAppraisalConfig(input.config)[0];
  if (problem) throw new AppError('VALIDATION', problem.message, `config.${problem.field}`);
  const config: AppraisalConfig = {
    competencyItems: input.config.competencyItems,
    weights: input.config.weights,
    award: input.config.award,
    distribution: input.config.distribution,
    rankingUnits: input.config.rankingUnits,
    difficultyCoefficients: input.config.difficultyCoefficients,
  };
  return writeConfig(db, session, input.fy, config, input.confirmClosedYear, 'appraisal:saveConfig');
}

/** HR returns the year to the defaults (DEFAULT_APPRAISAL_CONFIG, docs/scores.md). */
export function resetAppraisalConfig(db: Db, session: Session, fy: number, confirmed?: boolean): AppraisalConfigView {
  return writeConfig(db, session, fy, null, confirmed, 'appraisal:resetConfig');
}
