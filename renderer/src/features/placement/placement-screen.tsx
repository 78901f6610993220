import { useCallback, useMemo, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import type { GridRowSelectionModel } from '@mui/x-data-grid';
import { maxSummariesPerPdf, placementSortFields } from '../../../../shared/api/placement';
import type { Input } from '../../../../shared/contract';
import { errorMessage, isUnauthenticated, request } from '../../client';
import { savedMessage, saveExport } from '../../files';
import { useFiscalYear } from '../../fiscal-year';
import { useLoad } from '../../hooks/useLoad';
import { useServerPage } from '../../hooks/useServerPage';
import { useNotify } from '../../notify';
import { PageHeading } from '../../ui/page-heading';
import { initialPlacementFilter, PlacementFilters } from './filters';
import type { PlacementFilter } from './filters';
import { people } from './format';
import { chosenAfter, PlacementGrid } from './grid';
import { Handling } from './handling';
import { PreviewDialog } from './preview-dialog';
import type { PreviewRequest } from './preview-dialog';
import { SummaryPage } from './summary-page';

/** The list's conditions as the channels take them (placement:list, and placement:pdf by condition). */
function conditionsOf(
  filter: PlacementFilter,
): NonNullable<Extract<Input<'placement:pdf'>, { what: 'summaries' }>['filters']> {
  return {
    section: filter.section,
    gradeGroup: filter.gradeGroup,
    minYearsInPost: filter.minYearsInPost,
    rankClass: filter.rankClass,
    ...(filter.wishesTransfer ? { wishesTransfer: true } : {}),
    ...(filter.applied ? { applied: true } : {}),
  };
}

/**
 * Who is chosen for printing (docs/placement.md): staff numbers ticked on any page, or everyone
 * the conditions match (「条件に合う全員を選択」, printed by condition, never listed here).
 */
type Choice = { kind: 'numbers'; staffNos: ReadonlySet<string> } | { kind: 'matching' };

const noChoice: Choice = { kind: 'numbers', staffNos: new Set() };
const everyPageRow: GridRowSelectionModel = { type: 'exclude', ids: new Set() };

/**
 * 人事配置 (docs/placement.md): the staff of a section or the whole office, filtered; a row opens
 * that person's summary; the chosen people's summaries (A4) and a section's list (A3) are previewed,
 * printed or saved as PDF, and the list exported to Excel. HR and the personnel office only.
 */
export function PlacementScreen() {
  const { fy } = useFiscalYear();
  if (fy === null) {
    return (
      <>
        <PageHeading title="人事配置" />
        <Typography>評価期間（年度）がまだ作成されていません。</Typography>
      </>
    );
  }
  return <Placement fy={fy} />;
}

function Placement({ fy }: { fy: number }) {
  const notify = useNotify();
  const [filter, setFilter] = useState<PlacementFilter>(initialPlacementFilter);
  const [choice, setChoice] = useState<Choice>(noChoice);
  const conditions = useMemo(() => conditionsOf(filter), [filter]);
  const paging = useServerPage(placementSortFields, JSON.stringify(conditions), { pageSize: 100 });
  const [open, setOpen] = useState<string | null>(null);
  const [preview, setPreview] = useState<PreviewRequest | null>(null);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);

  const loadSections = useCallback(() => request('org:sections', {}), []);
  const sections = useLoad(loadSections);
  const { page } = paging;
  const load = useCallback(() => request('placement:list', { fy, ...conditions, page }), [fy, conditions, page]);
  const list = useLoad(load);
  const rows = useMemo(() => list.data?.rows ?? [], [list.data]);
  const total = list.data?.total ?? null;
  const chosenCount = choice.kind === 'matching' ? (total ?? 0) : choice.staffNos.size;
  const selection = useMemo<GridRowSelectionModel>(
    () => (choice.kind === 'matching' ? everyPageRow : { type: 'include', ids: new Set(choice.staffNos) }),
    [choice],
  );
  // A tick while everyone matching is chosen starts a choice by number from what the page shows.
  const changeSelection = (model: GridRowSelectionModel) =>
    setChoice({
      kind: 'numbers',
      staffNos: chosenAfter(model, choice.kind === 'numbers' ? choice.staffNos : new Set(), rows),
    });

  const changeFilter = (next: PlacementFilter) => {
    setFilter(next);
    setChoice(noChoice);
  };

  const printChosen = () =>
    setPreview(
      choice.kind === 'matching'
        ? { what: 'summaries', fy, filters: conditions }
        : { what: 'summaries', fy, staffNos: [...choice.staffNos] },
    );

  const exportXlsx = async (section: string) => {
    setExporting(true);
    setExportError(null);
    try {
      const file = await request('placement:sectionXlsx', { fy, section, delivery: 'file' });
      const saved = await saveExport(file);
      if (!saved.cancelled) notify.success(savedMessage(saved, `「${file.fileName}」をダウンロードしました。`));
    } catch (e) {
      if (isUnauthenticated(e)) notify.error(e);
      else setExportError(errorMessage(e));
    } finally {
      setExporting(false);
    }
  };

  const dialog = preview ? <PreviewDialog req={preview} onClose={() => setPreview(null)} /> : null;

  if (open !== null) {
    return (
      <>
        <SummaryPage
          fy={fy}
          staffNo={open}
          onBack={() => setOpen(null)}
          onPrint={() => setPreview({ what: 'summaries', fy, staffNos: [open] })}
        />
        {dialog}
      </>
    );
  }

  const section = filter.section;
  const tooMany = chosenCount > maxSummariesPerPdf;
  return (
    <>
      <PageHeading title="人事配置" showYear />
      <PlacementFilters filter={filter} onChange={changeFilter} sections={sections.data ?? []} />
      <Box sx={{ display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: 1.5, mb: 1.5 }}>
        <Typography role="status" data-testid="placement-count" sx={{ fontWeight: 700, fontSize: 16 }}>
          {total === null ? '' : people(total)}
        </Typography>
        <Typography
          sx={{ color: tooMany ? 'error.main' : 'text.secondary', fontSize: 13 }}
          data-testid="placement-chosen"
        >
          {chosenCount === 0
            ? '印刷する人をチェックで選んでください'
            : tooMany
              ? `${people(chosenCount)}を選択中（一度に印刷できるのは${people(maxSummariesPerPdf)}までです）`
              : `${people(chosenCount)}を選択中`}
        </Typography>
        {choice.kind === 'matching' || chosenCount > 0 ? (
          <Button size="small" onClick={() => setChoice(noChoice)}>
            選択を解除
          </Button>
        ) : null}
        {choice.kind === 'numbers' && total !== null && total > 0 ? (
          <Button size="small" onClick={() => setChoice({ kind: 'matching' })}>
            条件に合う全員（{people(total)}）を選択
          </Button>
        ) : null}
        <Box sx={{ flexGrow: 1 }} />
        <Handling note={false} />
        <Button variant="contained" disabled={chosenCount === 0 || tooMany} onClick={printChosen}>
          選択した人の人事配置資料
        </Button>
        {section ? (
          <>
            <Button variant="outlined" onClick={() => setPreview({ what: 'section-list', fy, section })}>
              所属別一覧（A3）
            </Button>
            <Button variant="outlined" disabled={exporting} onClick={() => void exportXlsx(section)}>
              所属別一覧をExcelで出力
            </Button>
          </>
        ) : null}
      </Box>
      {list.error || sections.error || exportError ? (
        <Alert severity="error" sx={{ mb: 1.5 }} onClose={exportError ? () => setExportError(null) : undefined}>
          {exportError ?? errorMessage(list.error ?? sections.error)}
        </Alert>
      ) : null}
      <PlacementGrid
        fy={fy}
        rows={rows}
        total={total}
        loading={list.loading}
        selection={selection}
        onSelectionChange={changeSelection}
        paging={paging}
        onOpen={setOpen}
      />
      <Typography sx={{ mt: 1, fontSize: 13, color: 'text.secondary' }}>
        行をクリックすると、その人の人事配置資料を表示します。所属を選ぶと、所属別一覧（A3）を印刷・出力できます。
      </Typography>
      {dialog}
    </>
  );
}
