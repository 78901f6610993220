import { useCallback, useMemo, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import type { GridPaginationModel, GridRowSelectionModel } from '@mui/x-data-grid';
import { errorMessage, isUnauthenticated, request } from '../../client';
import { downloadBase64 } from '../../files';
import { useFiscalYear } from '../../fiscal-year';
import { useLoad } from '../../hooks/useLoad';
import { useNotify } from '../../notify';
import { PageHeading } from '../../ui/page-heading';
import { initialPlacementFilter, PlacementFilters } from './filters';
import type { PlacementFilter } from './filters';
import { people } from './format';
import { PlacementGrid, selectedStaffNos } from './grid';
import { Handling } from './handling';
import { PreviewDialog } from './preview-dialog';
import type { PreviewRequest } from './preview-dialog';
import { SummaryPage } from './summary-page';

const noSelection = (): GridRowSelectionModel => ({ type: 'include', ids: new Set() });

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
  const [selection, setSelection] = useState<GridRowSelectionModel>(noSelection);
  const [paginationModel, setPaginationModel] = useState<GridPaginationModel>({ page: 0, pageSize: 100 });
  const [open, setOpen] = useState<string | null>(null);
  const [preview, setPreview] = useState<PreviewRequest | null>(null);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);

  const loadSections = useCallback(() => request('org:sections', {}), []);
  const sections = useLoad(loadSections);
  const load = useCallback(
    () =>
      request('placement:list', {
        fy,
        section: filter.section,
        gradeGroup: filter.gradeGroup,
        minYearsInPost: filter.minYearsInPost,
        rankClass: filter.rankClass,
        ...(filter.wishesTransfer ? { wishesTransfer: true } : {}),
        ...(filter.applied ? { applied: true } : {}),
      }),
    [fy, filter],
  );
  const list = useLoad(load);
  const rows = useMemo(() => list.data?.rows ?? [], [list.data]);
  const chosen = useMemo(() => selectedStaffNos(selection, rows), [selection, rows]);

  const changeFilter = (next: PlacementFilter) => {
    setFilter(next);
    setSelection(noSelection());
    setPaginationModel((m) => ({ ...m, page: 0 }));
  };

  const exportXlsx = async (section: string) => {
    setExporting(true);
    setExportError(null);
    try {
      const file = await request('placement:sectionXlsx', { fy, section });
      downloadBase64(file.fileName, file.data);
      notify.success(`「${file.fileName}」をダウンロードしました`);
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

  const total = list.data?.total ?? null;
  const section = filter.section;
  return (
    <>
      <PageHeading title="人事配置" showYear />
      <PlacementFilters filter={filter} onChange={changeFilter} sections={sections.data ?? []} />
      <Box sx={{ display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: 1.5, mb: 1.5 }}>
        <Typography role="status" data-testid="placement-count" sx={{ fontWeight: 700, fontSize: 16 }}>
          {total === null
            ? ''
            : rows.length < total
              ? `${people(total)}中 ${people(rows.length)}を表示`
              : people(total)}
        </Typography>
        <Typography sx={{ color: 'text.secondary', fontSize: 13 }} data-testid="placement-chosen">
          {chosen.length > 0 ? `${people(chosen.length)}を選択中` : '印刷する人をチェックで選んでください'}
        </Typography>
        <Box sx={{ flexGrow: 1 }} />
        <Handling note={false} />
        <Button
          variant="contained"
          disabled={chosen.length === 0}
          onClick={() => setPreview({ what: 'summaries', fy, staffNos: chosen })}
        >
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
        loading={list.loading}
        selection={selection}
        onSelectionChange={setSelection}
        paginationModel={paginationModel}
        onPaginationModelChange={setPaginationModel}
        onOpen={setOpen}
      />
      <Typography sx={{ mt: 1, fontSize: 13, color: 'text.secondary' }}>
        行をクリックすると、その人の人事配置資料を表示します。所属を選ぶと、所属別一覧（A3）を印刷・出力できます。
      </Typography>
      {dialog}
    </>
  );
}
