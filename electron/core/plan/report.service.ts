import { seesSmallGroups } from '../../../shared/access';
import type { FileDownload } from '../../../shared/api/common';
import { todayIso } from '../../../shared/dates';
import { AppError } from '../../../shared/result';
import { requireCycle } from '../access/evaluation-access';
import { inlineSink } from '../api/outbox';
import type { ExportSink } from '../api/outbox';
import type { Db } from '../db/connection';
import type { Session } from '../office/office.service';
import { appendAudit } from '../system/audit.repo';
import { dashboardOf } from './dashboard.service';
import { kpiReportPdf } from './pdf/report-pdf';
import { kpiReportXlsx } from './report-xlsx';

/*
 * plan:report — the KPI report for the yearly 取組み報告会 (docs/kpi-report.md): the dashboard's
 * figures of a year and the two before it, as an A4 workbook or PDF. It names nobody; the per-課
 * shares of fewer than minGroupSize answers are withheld for everyone but HR, as on the dashboard.
 */

function assertReader(session: Session): void {
  if (session.role !== 'hr' && session.role !== 'personnel') {
    throw new AppError('FORBIDDEN', 'KPI報告書を作成できるのは、人事担当と人事配置担当だけです。');
  }
}

export async function kpiReport(
  db: Db,
  session: Session,
  input: { fy: number; format: 'xlsx' | 'pdf' },
  sink: ExportSink = inlineSink,
): Promise<FileDownload> {
  assertReader(session);
  requireCycle(db, input.fy);
  const dashboard = dashboardOf(db, input.fy, seesSmallGroups(session.role));
  const printedOn = todayIso();
  const data =
    input.format === 'xlsx'
      ? await kpiReportXlsx(dashboard, { printedOn })
      : (await kpiReportPdf(dashboard, { printedOn })).data;
  // One entry per report made: what and which year (it holds no personal data).
  db.transaction(() => {
    appendAudit(db, session.actor, {
      action: 'plan.report',
      entity: 'plan',
      entityId: `${input.fy}:${input.format}`,
      after: { fy: input.fy, format: input.format },
    });
  })();
  // A few pages of figures, built in memory; with delivery 'file' written to the outbox (docs/exports.md).
  return sink.bytes(`KPI報告書_${input.fy}年度.${input.format}`, data);
}
