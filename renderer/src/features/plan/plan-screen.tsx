import { useCallback, useDeferredValue, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import type { MeasureRecordRow, MeasuresView } from '../../../../shared/api/plan';
import type { MeasureStatus } from '../../../../shared/plan';
import { errorMessage, request } from '../../client';
import { useFiscalYear } from '../../fiscal-year';
import { useLoad } from '../../hooks/useLoad';
import { useNotify } from '../../notify';
import { useSession } from '../../session';
import { ClosedYearNotice, useClosedYear } from '../../ui/closed-year-notice';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { Loading } from '../../ui/loading';
import { PageHeading } from '../../ui/page-heading';
import { DashboardTab } from './dashboard-tab';
import { MeasureDialog } from './measure-dialog';
import { MeasuresList } from './measures-list';
import type { MeasureAction } from './measures-list';
import { RecordDialog } from './record-dialog';
import { heldBy, RecordsTable } from './records-table';
import type { RecordAction } from './records-table';
import { formatDay } from '../../format';

type TabId = 'targets' | 'measures' | 'records';

type Open =
  | { kind: 'record'; record: MeasureRecordRow | null }
  | { kind: 'deleteRecord'; record: MeasureRecordRow }
  | { kind: 'measure'; measure: MeasureStatus | null }
  | { kind: 'deleteMeasure'; measure: MeasureStatus }
  | { kind: 'retireMeasure'; measure: MeasureStatus }
  | null;

const scopeNotes = (view: MeasuresView): string => {
  const s = view.recordScope;
  if (s.kind === 'all') return '実施記録はすべての課について入力・修正できます。';
  if (s.kind === 'section') return `実施記録は${s.section}の分を入力・修正できます。`;
  return '閲覧のみできます。';
};

/** 使用しない: the measure stays, with its records, but no longer applies (編集 → 使用する brings it back). */
function retireMeasure(fy: number, m: MeasureStatus): Promise<MeasuresView> {
  const { id, plan, headingNo, heading, code, title, description, targetText, targetFy, unit, required } = m;
  const { kpiId, fromFy, toFy } = m;
  const measure = { id, plan, headingNo, heading, code, title, description, targetText, targetFy, unit, required };
  return request('plan:saveMeasure', {
    fy,
    measure: { ...measure, kpiId, fromFy, toFy, active: false },
    only: 'measures',
  });
}

/**
 * The measures, the year's records and the dialogs that change them (plan:measures, docs/measures.md).
 * The measures come without records; the record tables fetch their own pages (`recordsVersion`
 * moves after a record is saved or deleted, so they fetch again).
 */
function MeasuresTabs({ fy, tab }: { fy: number; tab: 'measures' | 'records' }) {
  const notify = useNotify();
  const { readOnly } = useClosedYear();
  const load = useCallback(() => request('plan:measures', { fy, only: 'measures' }), [fy]);
  const { data, error, loading, set } = useLoad(load);
  const [open, setOpen] = useState<Open>(null);
  const [recordsVersion, setRecordsVersion] = useState(0);
  const view = data && data.fy === fy ? data : null;

  if (error && view === null) return <Alert severity="error">{errorMessage(error)}</Alert>;
  if (loading && view === null) return <Loading />;
  if (view === null) return null;

  const canRecord = view.recordScope.kind !== 'none' && !readOnly;
  const scope = readOnly ? ({ kind: 'none' } as const) : view.recordScope;
  const done = (next: MeasuresView, message: string) => {
    set(next);
    setRecordsVersion((v) => v + 1);
    setOpen(null);
    notify.success(message);
  };
  const onRecord = (action: RecordAction, record: MeasureRecordRow) =>
    setOpen(action === 'edit' ? { kind: 'record', record } : { kind: 'deleteRecord', record });
  const onMeasure = (action: MeasureAction, measure: MeasureStatus) =>
    setOpen(
      action === 'edit'
        ? { kind: 'measure', measure }
        : action === 'retire'
          ? { kind: 'retireMeasure', measure }
          : { kind: 'deleteMeasure', measure },
    );
  const shown = { ...view, recordScope: scope, canEditMeasures: view.canEditMeasures && !readOnly };

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
        <Typography sx={{ fontSize: 13, color: 'text.secondary', flexGrow: 1 }} data-testid="record-scope">
          {readOnly ? '閲覧のみできます。' : scopeNotes(view)}
        </Typography>
        {canRecord ? (
          <Button variant="contained" onClick={() => setOpen({ kind: 'record', record: null })}>
            実施記録を追加
          </Button>
        ) : null}
        {shown.canEditMeasures ? (
          <Button variant="outlined" onClick={() => setOpen({ kind: 'measure', measure: null })}>
            取組みを追加
          </Button>
        ) : null}
      </Box>
      {tab === 'measures' ? (
        <MeasuresList view={shown} recordsVersion={recordsVersion} onMeasure={onMeasure} onRecord={onRecord} />
      ) : (
        <RecordsTable
          fy={fy}
          measureId={null}
          version={recordsVersion}
          label="実施記録"
          scope={scope}
          showMeasure
          onAction={onRecord}
        />
      )}
      {open?.kind === 'record' ? (
        <RecordDialog
          fy={fy}
          view={view}
          record={open.record}
          initialMeasureId={null}
          onClose={() => setOpen(null)}
          onSaved={(next, title) => done(next, `「${title}」の実施記録を${open.record ? '保存' : '追加'}しました。`)}
        />
      ) : null}
      {open?.kind === 'measure' ? (
        <MeasureDialog
          fy={fy}
          view={view}
          measure={open.measure}
          onClose={() => setOpen(null)}
          onSaved={(next, title) => done(next, `取組み「${title}」を${open.measure ? '保存' : '追加'}しました。`)}
        />
      ) : null}
      {open?.kind === 'deleteRecord' ? (
        <ConfirmDialog
          open
          title="実施記録を削除しますか"
          message={`「${open.record.title}」の${formatDay(open.record.heldOn)}（${heldBy(open.record)}）の記録を削除します。この操作は元に戻せません。`}
          confirmLabel="削除"
          danger
          onConfirm={async () => {
            set(await request('plan:deleteRecord', { fy, id: open.record.id, only: 'measures' }));
            setRecordsVersion((v) => v + 1);
            notify.success('実施記録を削除しました。');
          }}
          onClose={() => setOpen(null)}
        />
      ) : null}
      {open?.kind === 'retireMeasure' ? (
        <ConfirmDialog
          open
          title="取組みを使用しないようにしますか"
          message={`「${open.measure.title}」は対象外になり、達成率の計算から外れます。実施記録は残り、編集で「使用する」に戻せます。`}
          confirmLabel="使用しない"
          onConfirm={async () => {
            set(await retireMeasure(fy, open.measure));
            notify.success(`「${open.measure.title}」を使用しないようにしました。`);
          }}
          onClose={() => setOpen(null)}
        />
      ) : null}
      {open?.kind === 'deleteMeasure' ? (
        <ConfirmDialog
          open
          title="取組みを削除しますか"
          message={`「${open.measure.title}」を削除します。この操作は元に戻せません。実施記録のある取組みは削除できません（「使用しない」にしてください）。`}
          confirmLabel="削除"
          danger
          onConfirm={async () => {
            set(await request('plan:deleteMeasure', { fy, id: open.measure.id, only: 'measures' }));
            notify.success(`「${open.measure.title}」を削除しました。`);
          }}
          onClose={() => setOpen(null)}
        />
      ) : null}
    </Box>
  );
}

/** プランの進捗 (docs/plan.md): the plan's targets as figures and charts, and its measures tracked. */
export function PlanScreen() {
  const { session } = useSession();
  const { fy } = useFiscalYear();
  const seesTargets = session.role === 'hr' || session.role === 'personnel';
  const tabs: { id: TabId; label: string }[] = [
    ...(seesTargets ? [{ id: 'targets' as const, label: '目標と実績' }] : []),
    { id: 'measures', label: '取組みの実施状況' },
    { id: 'records', label: '実施記録' },
  ];
  const [tab, setTab] = useState<TabId>(seesTargets ? 'targets' : 'measures');
  // The tab is marked at once; its content is drawn in the background (React renders a deferred
  // value in slices), so the first 実施記録 grid of a session does not freeze the click (docs/city-scale.md).
  const shownTab = useDeferredValue(tab);

  return (
    <>
      <PageHeading title="プランの進捗" showYear />
      <ClosedYearNotice />
      <Tabs
        value={tab}
        onChange={(_e, v: TabId) => setTab(v)}
        aria-label="プランの進捗の表示"
        sx={{ mb: 2, borderBottom: 1, borderColor: 'divider' }}
      >
        {tabs.map((t) => (
          <Tab key={t.id} value={t.id} label={t.label} id={`plan-tab-${t.id}`} aria-controls="plan-tabpanel" />
        ))}
      </Tabs>
      <Box role="tabpanel" id="plan-tabpanel" aria-labelledby={`plan-tab-${shownTab}`}>
        {fy === null ? (
          <Typography>評価期間（年度）がまだ作成されていません。</Typography>
        ) : shownTab === 'targets' ? (
          <DashboardTab fy={fy} />
        ) : (
          <MeasuresTabs fy={fy} tab={shownTab} />
        )}
      </Box>
    </>
  );
}
