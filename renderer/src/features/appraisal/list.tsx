import { useCallback, useMemo, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { GridCellParams, GridColDef } from '@mui/x-data-grid';
import { APPRAISAL_LIST_SORTS, APPRAISAL_STATUSES } from '../../../../shared/contract';
import type { AppraisalListRow, AppraisalStatus } from '../../../../shared/contract';
import { RANK_CLASS_LABELS } from '../../../../shared/ranking';
import { errorMessage, request } from '../../client';
import { AppraisalDetail } from './detail';
import { AppraisalDownloads } from './downloads';
import { AppraisalStatusChip, RELATION_LABELS } from './parts';
import { Loading } from '../../ui/loading';
import { confirmLeave } from '../../hooks/useLeaveGuard';
import { useSession } from '../../session';
import { useDebounced } from '../../hooks/useDebounced';
import { useLoad } from '../../hooks/useLoad';
import { useServerPage } from '../../hooks/useServerPage';
import { formatCount } from '../../format';
import { ChoiceFilter, PeopleQuery } from '../../ui/list-filters';
import { ServerGrid } from '../../ui/server-grid';

const columns: GridColDef<AppraisalListRow>[] = [
  { field: 'staffNo', headerName: '職員番号', width: 100, valueGetter: (_v, r) => r.person.staffNo },
  { field: 'name', headerName: '氏名', width: 130, valueGetter: (_v, r) => r.person.name },
  { field: 'section', headerName: '所属', width: 150, valueGetter: (_v, r) => r.person.section ?? '' },
  { field: 'gradeGroup', headerName: '職層', width: 100, valueGetter: (_v, r) => r.person.gradeGroup },
  {
    field: 'status',
    headerName: '状態',
    width: 110,
    renderCell: (p: GridCellParams<AppraisalListRow>) => <AppraisalStatusChip status={p.row.status} />,
  },
  {
    field: 'relation',
    headerName: '関係',
    width: 110,
    valueGetter: (_v, r) => (r.relation === 'cross' ? `他所属評価（${r.crossGoals}件）` : RELATION_LABELS[r.relation]),
  },
  {
    field: 'myTurn',
    headerName: 'あなたの番',
    width: 110,
    renderCell: (p: GridCellParams<AppraisalListRow>) =>
      p.row.myTurn ? <Chip label="あなたの番" color="warning" size="small" /> : null,
  },
  {
    field: 'score',
    headerName: '絶対評価点',
    width: 100,
    type: 'number',
    valueFormatter: (v: number | null) => (v === null ? '—' : v.toFixed(2)),
  },
  {
    field: 'rankClass',
    headerName: '区分',
    width: 100,
    valueGetter: (_v, r) => (r.rankClass === null ? '' : RANK_CLASS_LABELS[r.rankClass]),
  },
];

function List({ fy, onOpen }: { fy: number; onOpen: (staffNo: string) => void }) {
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<AppraisalStatus | ''>('');
  const [mine, setMine] = useState(false);
  const [section, setSection] = useState('');
  const typed = useDebounced(query.trim(), 300);
  const filters = useMemo(
    () => ({
      ...(typed === '' ? {} : { query: typed }),
      ...(section === '' ? {} : { section }),
      ...(status === '' ? {} : { status }),
      ...(mine ? { mine } : {}),
    }),
    [typed, section, status, mine],
  );
  // The list pages, filters and sorts on the server (docs/lists.md); a new filter starts at page 1.
  const paging = useServerPage(APPRAISAL_LIST_SORTS, JSON.stringify(filters));
  const load = useCallback(
    () => request('appraisal:list', { fy, ...filters, page: paging.page }),
    [fy, filters, paging.page],
  );
  const { data, error, loading } = useLoad(load);
  const { session } = useSession();
  if (error && !data) return <Alert severity="error">{errorMessage(error)}</Alert>;
  if (!data) return <Loading />;
  const all = data.all ?? 0;
  return (
    <Stack spacing={2}>
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
        <PeopleQuery value={query} onChange={setQuery} />
        <ChoiceFilter label="所属" value={section} choices={data.sections ?? []} onChange={setSection} width={200} />
        <ChoiceFilter label="状態" value={status} choices={APPRAISAL_STATUSES} onChange={setStatus} />
        <FormControlLabel
          control={<Checkbox checked={mine} onChange={(e) => setMine(e.target.checked)} />}
          label={`あなたの番だけ（${formatCount(data.turns ?? 0, '件')}）`}
        />
        <Typography sx={{ color: 'text.secondary' }} data-testid="appraisal-list-count">
          {formatCount(data.total ?? 0)}（全{formatCount(all)}）
        </Typography>
      </Box>
      {error ? <Alert severity="error">{errorMessage(error)}</Alert> : null}
      {session.role === 'hr' && all > 0 ? (
        <AppraisalDownloads
          fy={fy}
          title={
            <Typography variant="body2" sx={{ color: 'text.secondary', mr: 0.5 }}>
              Excelへ出力（{section === '' ? '全職員' : section}）:
            </Typography>
          }
          items={[
            {
              id: 'forms',
              label: '人事考課票を出力',
              what: 'forms',
              input: section === '' ? {} : { section },
            },
            {
              id: 'disclosure',
              label: '開示用シートを出力',
              what: 'disclosure',
              input: section === '' ? {} : { section },
            },
          ]}
        />
      ) : null}
      {all === 0 ? (
        <Typography sx={{ color: 'text.secondary' }}>担当する職員の人事考課はありません。</Typography>
      ) : (
        <ServerGrid
          label="人事考課の一覧"
          rows={data.rows}
          total={data.total ?? null}
          loading={loading}
          columns={columns}
          getRowId={(r) => r.person.staffNo}
          paging={paging}
          onOpen={(r) => onOpen(r.person.staffNo)}
        />
      )}
    </Stack>
  );
}

/** 考課一覧: the appraisals the caller rates (or, for HR and personnel, everyone's), and one opened. */
export function AppraisalList({ fy, initialStaffNo }: { fy: number; initialStaffNo: string | null }) {
  const [staffNo, setStaffNo] = useState<string | null>(initialStaffNo);
  if (staffNo === null) return <List fy={fy} onOpen={setStaffNo} />;
  return (
    <Stack spacing={1.5}>
      <Box>
        <Button
          variant="outlined"
          size="small"
          onClick={() => {
            if (confirmLeave()) setStaffNo(null);
          }}
        >
          一覧に戻る
        </Button>
      </Box>
      <AppraisalDetail key={`${fy}-${staffNo}`} fy={fy} staffNo={staffNo} />
    </Stack>
  );
}
