import { useCallback, useState } from 'react';
import type { ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { trainingCourseSortFields } from '../../../../shared/api/training';
import { TRAINING_CATEGORIES } from '../../../../shared/training';
import type { TrainingCategory } from '../../../../shared/training';
import type { TrainingCourseRow, TrainingYearView } from '../../../../shared/contract';
import { errorMessage, request } from '../../client';
import { useFiscalYear } from '../../fiscal-year';
import { useLoad } from '../../hooks/useLoad';
import { useServerPage } from '../../hooks/useServerPage';
import { useNotify } from '../../notify';
import { useSession } from '../../session';
import { ClosedYearNotice } from '../../ui/closed-year-notice';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { Loading } from '../../ui/loading';
import { PageHeading } from '../../ui/page-heading';
import { AttendanceDialog } from './attendance-dialog';
import { CourseFormDialog } from './course-dialog';
import { CoursesTable } from './courses-table';
import type { CourseAction } from './courses-table';
import { KpiCards } from '../../ui/kpi-cards';
import { StudyTable } from './study-table';
import { formatCount, formatNumber } from '../../format';

type Open = { action: 'create' } | { action: CourseAction; course: TrainingCourseRow } | null;

/** Whose attendance the list shows, in one line (the core decides the scope, docs/access.md). */
const scopeNotes: Record<TrainingYearView['scope'], string> = {
  all: 'すべての職員の受講記録を表示しています。',
  team: 'あなたと、あなたが評価する職員の受講記録を表示しています。受講者数は全体の人数です。',
  self: 'あなたの受講記録のみ表示しています。受講者数は全体の人数です。',
};

function Heading({ children, note }: { children: ReactNode; note?: ReactNode }) {
  return (
    <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 2, flexWrap: 'wrap', mt: 1 }}>
      <Typography variant="h2">{children}</Typography>
      {note}
    </Box>
  );
}

/** The 研修 section (docs/training.md): the plan's training targets, the year's courses and who attended. */
export function TrainingScreen() {
  const { session } = useSession();
  const { fy } = useFiscalYear();
  const notify = useNotify();
  const canEdit = session.role === 'hr';
  const [category, setCategory] = useState<TrainingCategory | ''>('');
  const paging = useServerPage(trainingCourseSortFields, `${fy}|${category}`);
  const { page } = paging;
  // The list on screen, as training:list and the saves are asked for it (docs/lists.md).
  const list = category === '' ? { page } : { page, category };
  const listKey = JSON.stringify(list);
  const load = useCallback(
    () => (fy === null ? Promise.resolve(null) : request('training:list', { fy, ...(JSON.parse(listKey) as object) })),
    [fy, listKey],
  );
  const { data, error, loading, set } = useLoad(load);
  const [open, setOpen] = useState<Open>(null);

  const view = data && data.fy === fy ? data : null;
  const courses = view?.courses ?? [];

  /** A save answers the year's view, paged as the list on screen: it replaces the one on screen. */
  const done = (next: TrainingYearView, message: string) => {
    set(next);
    setOpen(null);
    notify.success(message);
  };

  return (
    <>
      <PageHeading
        title="研修"
        showYear
        actions={
          canEdit && fy !== null ? (
            <Button variant="contained" onClick={() => setOpen({ action: 'create' })}>
              研修を追加
            </Button>
          ) : null
        }
      />
      <ClosedYearNotice />
      {fy === null ? (
        <Typography>評価期間（年度）がまだ作成されていません。</Typography>
      ) : error && view === null ? (
        <Alert severity="error">{errorMessage(error)}</Alert>
      ) : loading && view === null ? (
        <Loading />
      ) : view ? (
        <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
          <Typography sx={{ fontSize: 13, color: 'text.secondary' }} data-testid="training-scope">
            {scopeNotes[view.scope]}
          </Typography>
          {view.kpis.length > 0 ? (
            <>
              <Heading>研修の目標</Heading>
              <KpiCards kpis={view.kpis} label="研修の目標" />
            </>
          ) : null}
          <Heading
            note={
              <Typography sx={{ color: 'text.secondary' }} aria-live="polite" data-testid="course-total">
                {formatCount(view.total ?? courses.length, '件')}
              </Typography>
            }
          >
            研修一覧
          </Heading>
          <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
            <TextField
              select
              label="研修区分"
              value={category}
              onChange={(e) => setCategory(e.target.value as TrainingCategory | '')}
              size="small"
              sx={{ width: 240 }}
              slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
            >
              <MenuItem value="">すべて</MenuItem>
              {TRAINING_CATEGORIES.map((c) => (
                <MenuItem key={c} value={c}>
                  {c}
                </MenuItem>
              ))}
            </TextField>
            <Typography sx={{ fontSize: 13, color: 'text.secondary' }}>
              受講者数を押すと受講者の一覧が開きます。
            </Typography>
          </Box>
          <CoursesTable
            courses={courses}
            total={view.total ?? courses.length}
            paging={paging}
            canEdit={canEdit}
            onAction={(action, course) => setOpen({ action, course })}
          />
          <Heading>担当内勉強会（OJT）</Heading>
          <StudyTable rows={view.studyByLine} />
        </Box>
      ) : null}
      {fy !== null && open?.action === 'create' ? (
        <CourseFormDialog
          fy={fy}
          list={list}
          course={null}
          onClose={() => setOpen(null)}
          onSaved={(next, title) => done(next, `「${title}」を追加しました。受講者を登録してください。`)}
        />
      ) : null}
      {fy !== null && open?.action === 'edit' ? (
        <CourseFormDialog
          fy={fy}
          list={list}
          course={open.course}
          onClose={() => setOpen(null)}
          onSaved={(next, title) => done(next, `「${title}」を保存しました。`)}
        />
      ) : null}
      {fy !== null && open?.action === 'attendance' ? (
        <AttendanceDialog
          fy={fy}
          list={list}
          course={open.course}
          onClose={() => setOpen(null)}
          onSaved={(next, people) =>
            done(next, `「${open.course.title}」の受講者（${formatNumber(people)}人）を保存しました。`)
          }
        />
      ) : null}
      {fy !== null && open?.action === 'delete' ? (
        <ConfirmDialog
          open
          title="研修を削除しますか"
          message={`「${open.course.title}」を削除します。受講記録（${formatNumber(open.course.attendeeCount)}人）も一緒に削除されます。この操作は元に戻せません。`}
          confirmLabel="削除"
          danger
          onConfirm={async () => {
            const next = await request('training:deleteCourse', { fy, id: open.course.id, list });
            set(next);
            notify.success(`「${open.course.title}」を削除しました。`);
          }}
          onClose={() => setOpen(null)}
        />
      ) : null}
    </>
  );
}
