import { Fragment, useId, useState } from 'react';
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
import Typography from '@mui/material/Typography';
import type { TrainingAttendee, TrainingCourseRow } from '../../../../shared/contract';
import { STUDY_SESSION } from '../../../../shared/training';
import { formatNumber, slashDate } from '../../format';

export type CourseAction = 'edit' | 'attendance' | 'delete';

/** 5 / 7.5 (hours as entered, without trailing zeros). */
export function hoursText(h: number): string {
  return h.toLocaleString('ja-JP', { maximumFractionDigits: 2 });
}

function Attendees({ course, id }: { course: TrainingCourseRow; id: string }) {
  const hidden = course.attendeeCount - course.attendees.length;
  return (
    <Box id={id} sx={{ py: 1.5, pl: 4 }}>
      {course.attendees.length === 0 ? (
        <Typography sx={{ fontSize: 14, color: 'text.secondary' }}>
          {course.attendeeCount === 0 ? '受講者はまだ登録されていません。' : '表示できる受講記録はありません。'}
        </Typography>
      ) : (
        <Table size="small" aria-label={`「${course.title}」の受講者`} sx={{ maxWidth: 900 }}>
          <TableHead>
            <TableRow>
              <TableCell>氏名</TableCell>
              <TableCell>所属</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>受講日</TableCell>
              <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                時間数
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>修了</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>報告・共有</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {course.attendees.map((a: TrainingAttendee) => (
              <TableRow key={a.staffNo} data-testid="attendee-row">
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  {a.name}
                  <Typography component="span" sx={{ ml: 1, fontSize: 12, color: 'text.secondary' }}>
                    {a.staffNo}
                  </Typography>
                </TableCell>
                <TableCell>{[a.section, a.line].filter(Boolean).join(' ') || '—'}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{slashDate(a.attendedOn)}</TableCell>
                <TableCell align="right">{hoursText(a.hours)}</TableCell>
                <TableCell>{a.completed ? '修了' : '未修了'}</TableCell>
                <TableCell>{a.shared ? '済' : '—'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {hidden > 0 && course.attendees.length > 0 ? (
        <Typography sx={{ fontSize: 12, color: 'text.secondary', mt: 0.5 }}>
          ほかに{formatNumber(hidden)}人が受講しています（閲覧の範囲外）。
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
            aria-label={`「${course.title}」の受講者 ${course.attendeeCount}人`}
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

/** 研修一覧: the year's courses; a row's count opens its attendees, HR gets the actions. */
export function CoursesTable({
  courses,
  canEdit,
  onAction,
}: {
  courses: TrainingCourseRow[];
  canEdit: boolean;
  onAction: (action: CourseAction, course: TrainingCourseRow) => void;
}) {
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
    </Paper>
  );
}
