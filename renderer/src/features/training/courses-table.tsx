import { Fragment, useCallback, useId, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Collapse from '@mui/material/Collapse';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TablePagination from '@mui/material/TablePagination';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { GridColDef } from '@mui/x-data-grid';
import { trainingAttendeeSortFields } from '../../../../shared/api/training';
import type { TrainingAttendee, TrainingCourseRow } from '../../../../shared/contract';
import { STUDY_SESSION } from '../../../../shared/training';
import { errorMessage, request } from '../../client';
import { formatCount, formatNumber, formatDay } from '../../format';
import { useDebounced } from '../../hooks/useDebounced';
import { useLoad } from '../../hooks/useLoad';
import { useServerPage } from '../../hooks/useServerPage';
import type { ServerPaging } from '../../hooks/useServerPage';
import { Loading } from '../../ui/loading';
import { ServerGrid } from '../../ui/server-grid';

export type CourseAction = 'edit' | 'attendance' | 'delete';

/** 5 / 7.5 (hours as entered, without trailing zeros). */
export function hoursText(h: number): string {
  return h.toLocaleString('ja-JP', { maximumFractionDigits: 2 });
}

const attendeeColumns: GridColDef<TrainingAttendee>[] = [
  {
    field: 'name',
    headerName: '氏名',
    flex: 1.2,
    minWidth: 170,
    renderCell: (p) => (
      <>
        {p.row.name}
        <Typography component="span" sx={{ ml: 1, fontSize: 12, color: 'text.secondary' }}>
          {p.row.staffNo}
        </Typography>
      </>
    ),
  },
  {
    field: 'section',
    headerName: '所属',
    flex: 1.5,
    minWidth: 160,
    valueGetter: (_v, r) => [r.section, r.line].filter(Boolean).join(' ') || '—',
  },
  { field: 'attendedOn', headerName: '受講日', width: 110, valueFormatter: (v: string) => formatDay(v) },
  { field: 'hours', headerName: '時間数', width: 80, align: 'right', headerAlign: 'right', valueFormatter: hoursText },
  { field: 'completed', headerName: '修了', width: 80, valueFormatter: (v: boolean) => (v ? '修了' : '未修了') },
  { field: 'shared', headerName: '報告・共有', width: 100, valueFormatter: (v: boolean) => (v ? '済' : '—') },
];

/**
 * A course's attendees the viewer may see, a page at a time from training:attendees (docs/lists.md),
 * loaded when the course is opened; searchable by 職員番号, 氏名 or 所属.
 */
function Attendees({ course, id }: { course: TrainingCourseRow; id: string }) {
  const [query, setQuery] = useState('');
  const q = useDebounced(query.trim(), 300);
  const paging = useServerPage(trainingAttendeeSortFields, `${course.id}|${q}`, { pageSize: 25 });
  const { page } = paging;
  const load = useCallback(
    () =>
      course.attendeeCount === 0
        ? Promise.resolve(null)
        : request('training:attendees', {
            fy: course.fy,
            courseId: course.id,
            page,
            ...(q === '' ? {} : { query: q }),
          }),
    [course.fy, course.id, course.attendeeCount, page, q],
  );
  const { data, error, loading } = useLoad(load);
  const hidden = data && q === '' ? course.attendeeCount - data.total : 0;
  return (
    <Box id={id} sx={{ py: 1.5, pl: 4, maxWidth: 960 }}>
      {course.attendeeCount === 0 ? (
        <Typography sx={{ fontSize: 14, color: 'text.secondary' }}>受講者はまだ登録されていません。</Typography>
      ) : error ? (
        <Alert severity="error">{errorMessage(error)}</Alert>
      ) : data === undefined ? (
        <Loading />
      ) : data === null || (data.total === 0 && q === '') ? (
        <Typography sx={{ fontSize: 14, color: 'text.secondary' }}>表示できる受講記録はありません。</Typography>
      ) : (
        <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
          <Box sx={{ display: 'flex', gap: 2, alignItems: 'center' }}>
            <TextField
              size="small"
              label="受講者を検索（職員番号・氏名・所属）"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              sx={{ width: 320 }}
            />
            <Typography sx={{ fontSize: 13, color: 'text.secondary' }} data-testid="attendee-total">
              {formatCount(data.total)}
            </Typography>
          </Box>
          <ServerGrid
            label={`「${course.title}」の受講者`}
            rows={data.rows}
            total={data.total}
            loading={loading}
            columns={attendeeColumns}
            getRowId={(r) => `${r.staffNo}|${r.attendedOn}`}
            paging={paging}
            emptyText="条件に合う受講者はいません"
            height={420}
            testId="attendee-grid"
          />
        </Box>
      )}
      {hidden > 0 ? (
        <Typography sx={{ fontSize: 12, color: 'text.secondary', mt: 0.5 }}>
          ほかに{formatCount(hidden)}が受講しています（閲覧の範囲外）。
        </Typography>
      ) : null}
    </Box>
  );
}

/** HR's actions on one course, in a menu so that the table fits the window. */
function RowActions({
  course,
  onAction,
}: {
  course: TrainingCourseRow;
  onAction: (action: CourseAction, course: TrainingCourseRow) => void;
}) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const menuId = useId();
  const choose = (action: CourseAction) => {
    setAnchor(null);
    onAction(action, course);
  };
  return (
    <>
      <Button
        size="small"
        variant="outlined"
        aria-haspopup="menu"
        aria-controls={anchor ? menuId : undefined}
        aria-expanded={anchor ? 'true' : undefined}
        aria-label={`「${course.title}」の操作`}
        onClick={(e) => setAnchor(e.currentTarget)}
        sx={{ whiteSpace: 'nowrap' }}
      >
        操作 ▾
      </Button>
      <Menu id={menuId} anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)}>
        <MenuItem onClick={() => choose('attendance')}>受講者を編集</MenuItem>
        <MenuItem onClick={() => choose('edit')}>研修を編集</MenuItem>
        <MenuItem onClick={() => choose('delete')} sx={{ color: 'error.main' }}>
          削除
        </MenuItem>
      </Menu>
    </>
  );
}

function CourseLine({
  course,
  canEdit,
  onAction,
}: {
  course: TrainingCourseRow;
  canEdit: boolean;
  onAction: (action: CourseAction, course: TrainingCourseRow) => void;
}) {
  const [expanded, setExpanded] = useState(false);
  const detailsId = useId();
  const columns = canEdit ? 8 : 7;
  return (
    <Fragment>
      <TableRow
        hover
        data-testid="course-row"
        sx={{ verticalAlign: 'top', '& > td': { borderBottom: expanded ? 'none' : undefined } }}
      >
        <TableCell>
          <Typography sx={{ fontWeight: 600, fontSize: 14 }}>{course.title}</Typography>
        </TableCell>
        <TableCell sx={{ whiteSpace: 'nowrap' }}>
          <Chip size="small" variant="outlined" label={course.category} data-testid="course-category" />
        </TableCell>
        <TableCell sx={{ wordBreak: 'keep-all' }}>{course.provider || '—'}</TableCell>
        <TableCell sx={{ whiteSpace: 'nowrap' }}>{course.audience}</TableCell>
        <TableCell sx={{ whiteSpace: 'nowrap' }}>{course.usefulForWard ? 'はい' : 'いいえ'}</TableCell>
        <TableCell sx={{ wordBreak: 'keep-all' }}>
          {course.category === STUDY_SESSION && course.line ? (
            <>
              <Typography sx={{ fontSize: 14 }}>{course.line}</Typography>
              <Typography sx={{ fontSize: 12, color: 'text.secondary' }}>{course.section}</Typography>
            </>
          ) : (
            '—'
          )}
        </TableCell>
        <TableCell sx={{ whiteSpace: 'nowrap' }}>
          <Button
            size="small"
            aria-expanded={expanded}
            aria-controls={detailsId}
            aria-label={`「${course.title}」の受講者 ${formatCount(course.attendeeCount)}`}
            onClick={() => setExpanded((x) => !x)}
            data-testid="course-count"
            sx={{ minWidth: 0, whiteSpace: 'nowrap' }}
          >
            {formatNumber(course.attendeeCount)}人 {expanded ? '▴' : '▾'}
          </Button>
        </TableCell>
        {canEdit ? (
          <TableCell>
            <RowActions course={course} onAction={onAction} />
          </TableCell>
        ) : null}
      </TableRow>
      <TableRow>
        <TableCell colSpan={columns} sx={{ py: 0, borderBottom: expanded ? undefined : 'none' }}>
          <Collapse in={expanded} unmountOnExit>
            <Attendees course={course} id={detailsId} />
          </Collapse>
        </TableCell>
      </TableRow>
    </Fragment>
  );
}

/**
 * 研修一覧: a page of the year's courses (training:list with `page`, docs/lists.md); a row's count
 * opens its attendees, HR gets the actions.
 */
export function CoursesTable({
  courses,
  total,
  paging,
  canEdit,
  onAction,
}: {
  courses: TrainingCourseRow[];
  total: number;
  paging: ServerPaging<string>;
  canEdit: boolean;
  onAction: (action: CourseAction, course: TrainingCourseRow) => void;
}) {
  const { page, pageSize } = paging.paginationModel;
  return (
    <Paper variant="outlined" sx={{ overflowX: 'auto' }}>
      <Table
        size="small"
        aria-label="研修一覧"
        data-testid="courses-table"
        sx={{ '& td, & th': { px: 1.25 }, '& td:first-of-type, & th:first-of-type': { pl: 2 } }}
      >
        <TableHead>
          <TableRow>
            <TableCell sx={{ minWidth: 200 }}>研修名</TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>研修区分</TableCell>
            <TableCell sx={{ minWidth: 120 }}>実施機関</TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>対象</TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>区政に活かせる</TableCell>
            <TableCell sx={{ minWidth: 110 }}>担当</TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>受講者数</TableCell>
            {canEdit ? <TableCell>操作</TableCell> : null}
          </TableRow>
        </TableHead>
        <TableBody>
          {courses.length === 0 ? (
            <TableRow>
              <TableCell colSpan={canEdit ? 8 : 7}>
                <Typography sx={{ color: 'text.secondary', py: 2 }}>該当する研修はありません。</Typography>
              </TableCell>
            </TableRow>
          ) : null}
          {courses.map((c) => (
            <CourseLine key={c.id} course={c} canEdit={canEdit} onAction={onAction} />
          ))}
        </TableBody>
      </Table>
      {total > pageSize || page > 0 ? (
        <TablePagination
          component="div"
          count={total}
          page={page}
          rowsPerPage={pageSize}
          rowsPerPageOptions={[25, 50, 100]}
          onPageChange={(_e, next) => paging.onPaginationModelChange({ page: next, pageSize })}
          onRowsPerPageChange={(e) => paging.onPaginationModelChange({ page: 0, pageSize: Number(e.target.value) })}
          labelRowsPerPage="表示件数"
          labelDisplayedRows={({ from, to, count }) =>
            `${formatNumber(from)}〜${formatNumber(to)}件 / 全${formatNumber(count)}件`
          }
        />
      ) : null}
    </Paper>
  );
}
