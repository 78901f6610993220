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
import { APPRAISAL_STATUSES } from '../../../../shared/contract';
import type { AppraisalListRow, AppraisalStatus } from '../../../../shared/contract';
import { RANK_CLASS_LABELS } from '../../../../shared/ranking';
import { errorMessage, request } from '../../client';
import { AppraisalDetail } from './detail';
import { AppraisalDownloads } from './downloads';
import { AppraisalStatusChip, RELATION_LABELS } from './parts';
import { Loading } from '../../ui/loading';
import { confirmLeave } from '../../hooks/useLeaveGuard';
import { useSession } from '../../session';
import { useLoad } from '../../hooks/useLoad';
import { ChoiceFilter, PeopleQuery } from '../../ui/list-filters';
import { PeopleGrid } from '../../ui/people-grid';

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
  const load = useCallback(() => request('appraisal:list', { fy }), [fy]);
  const { data, error, loading } = useLoad(load);
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<AppraisalStatus | ''>('');
  const [mine, setMine] = useState(false);
  const [section, setSection] = useState('');
  const { session } = useSession();
  const turns = data?.rows.filter((r) => r.myTurn).length ?? 0;
  // The sections in the list's own order (organisation order), each once.
  const sections = useMemo(
    () => [...new Set((data?.rows ?? []).map((r) => r.person.section).filter((x): x is string => !!x))],
    [data],
  );
  const rows = useMemo(() => {
    const q = query.trim().replace(/\s/gu, '');
    return (data?.rows ?? []).filter(
      (r) =>
        (section === '' || r.person.section === section) &&
        (status === '' || r.status === status) &&
        (!mine || r.myTurn) &&
        (q === '' ||
          r.person.staffNo.includes(q) ||
          r.person.name.replace(/\s/gu, '').includes(q) ||
          (r.person.section ?? '').includes(q)),
    );
  }, [data, query, section, status, mine]);
  if (error) return <Alert severity="error">{errorMessage(error)}</Alert>;
  if (loading || !data) return <Loading />;
  return (
    <Stack spacing={2}>
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
        <PeopleQuery value={query} onChange={setQuery} />
        <ChoiceFilter label="所属" value={section} choices={sections} onChange={setSection} width={200} />
        <ChoiceFilter label="状態" value={status} choices={APPRAISAL_STATUSES} onChange={setStatus} />
        <FormControlLabel
          control={<Checkbox checked={mine} onChange={(e) => setMine(e.target.checked)} />}
          label={`あなたの番だけ（${turns}件）`}
        />
        <Typography sx={{ color: 'text.secondary' }}>
          {rows.length}人（全{data.rows.length}人）
        </Typography>
      </Box>
      {session.role === 'hr' && data.rows.length > 0 ? (
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
      {data.rows.length === 0 ? (
        <Typography sx={{ color: 'text.secondary' }}>担当する職員の人事考課はありません。</Typography>
      ) : (
        <PeopleGrid label="人事考課の一覧" rows={rows} columns={columns} onOpen={onOpen} />
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
