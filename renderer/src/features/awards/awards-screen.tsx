import { useCallback, useMemo, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import ListSubheader from '@mui/material/ListSubheader';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { seesAllAwards } from '../../../../shared/access';
import { AWARD_CATEGORIES, AWARD_STATUSES, awardKindOf } from '../../../../shared/contract';
import type { AwardCategory, AwardRow, AwardStatus } from '../../../../shared/contract';
import { AWARD_KIND_LABELS } from '../../../../shared/appraisal';
import type { AwardKind } from '../../../../shared/appraisal';
import { errorMessage, request } from '../../client';
import { AwardDecideDialog, AwardFormDialog, AwardRevokeDialog } from './dialogs';
import { AwardsTable, defaultAwardRule, linkageRule } from './table';
import type { AwardAction } from './table';
import { Loading } from '../../ui/loading';
import { PageHeading } from '../../ui/page-heading';
import { useFiscalYear } from '../../fiscal-year';
import { useNotify } from '../../notify';
import { useSession } from '../../session';
import { useLoad } from '../../hooks/useLoad';
import { formatCount } from '../../format';

/** 区分 filter: a kind (職場内表彰 / 人材開発センター表彰) or one of the plan's categories. */
type CategoryFilter = '' | `kind:${AwardKind}` | AwardCategory;

function matchesCategory(a: AwardRow, f: CategoryFilter): boolean {
  if (f === '') return true;
  if (f.startsWith('kind:')) return `kind:${a.kind}` === f;
  return a.category === f;
}

type Open = { action: 'create' } | { action: AwardAction; award: AwardRow } | null;

/** The 表彰 section (docs/scores.md): the year's awards; HR registers, records the committee's decision, revokes. */
export function AwardsScreen() {
  const { session } = useSession();
  const { fy } = useFiscalYear();
  const notify = useNotify();
  const canEdit = session.role === 'hr';
  // Everyone else gets only the decided awards, without reasons (docs/access.md).
  const seesAll = seesAllAwards(session.role);
  const load = useCallback(() => (fy === null ? Promise.resolve(null) : request('awards:list', { fy })), [fy]);
  const { data, error, loading } = useLoad(load);
  // The year's own rule (HR may configure it per cycle in 設定); the defaults until it has loaded.
  const loadConfig = useCallback(
    () => (fy === null ? Promise.resolve(null) : request('appraisal:config', { fy })),
    [fy],
  );
  const rule = useLoad(loadConfig).data?.config.award ?? defaultAwardRule;
  const [saved, setSaved] = useState<{ fy: number; rows: AwardRow[] } | null>(null);
  const [category, setCategory] = useState<CategoryFilter>('');
  const [status, setStatus] = useState<AwardStatus | ''>('');
  const [open, setOpen] = useState<Open>(null);

  // After a save the list the app returned is shown (it is the year's full list).
  const all = saved !== null && saved.fy === fy ? saved.rows : (data ?? null);
  const rows = useMemo(
    () => (all ?? []).filter((a) => matchesCategory(a, category) && (status === '' || a.status === status)),
    [all, category, status],
  );

  const done = (next: AwardRow[], message: string) => {
    if (fy !== null) setSaved({ fy, rows: next });
    setOpen(null);
    notify.success(message);
  };

  const internal = AWARD_CATEGORIES.filter((c) => awardKindOf(c) === 'internal');
  return (
    <>
      <PageHeading
        title="表彰"
        showYear
        actions={
          canEdit && fy !== null ? (
            <Button variant="contained" onClick={() => setOpen({ action: 'create' })}>
              表彰を登録
            </Button>
          ) : null
        }
      />
      <Alert severity="info" sx={{ mb: 2 }} data-testid="award-rule">
        <Typography sx={{ fontWeight: 600, fontSize: 14 }}>人事考課への加点</Typography>
        <Typography sx={{ fontSize: 14 }}>{linkageRule(rule)}。</Typography>
        <Typography sx={{ fontSize: 13, color: 'text.secondary' }}>
          職場内表彰は「地域担当制の活用」「能力開発・向上」「主体性を高める仕組みづくり」「風通しのよい職場づくり」の4つの取組みが対象です。取り消した表彰は加点しません。
        </Typography>
      </Alert>
      {fy === null ? (
        <Typography>評価期間（年度）がまだ作成されていません。</Typography>
      ) : error && all === null ? (
        <Alert severity="error">{errorMessage(error)}</Alert>
      ) : loading && all === null ? (
        <Loading />
      ) : (
        <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
          <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
            <TextField
              select
              label="区分"
              value={category}
              onChange={(e) => setCategory(e.target.value as CategoryFilter)}
              size="small"
              sx={{ width: 260 }}
              slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
            >
              <MenuItem value="">すべて</MenuItem>
              <MenuItem value="kind:internal">{AWARD_KIND_LABELS.internal}（すべての取組み）</MenuItem>
              {internal.map((c) => (
                <MenuItem key={c} value={c} sx={{ pl: 4 }}>
                  {c}
                </MenuItem>
              ))}
              <ListSubheader>外部の表彰</ListSubheader>
              <MenuItem value="kind:external">{AWARD_KIND_LABELS.external}</MenuItem>
            </TextField>
            {seesAll ? (
              <TextField
                select
                label="状態"
                value={status}
                onChange={(e) => setStatus(e.target.value as AwardStatus | '')}
                size="small"
                sx={{ width: 160 }}
                slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
              >
                <MenuItem value="">すべて</MenuItem>
                {AWARD_STATUSES.map((s) => (
                  <MenuItem key={s} value={s}>
                    {s}
                  </MenuItem>
                ))}
              </TextField>
            ) : null}
            <Typography sx={{ color: 'text.secondary' }} aria-live="polite">
              {formatCount(rows.length, '件')}
            </Typography>
          </Box>
          {seesAll ? null : (
            <Typography sx={{ fontSize: 13, color: 'text.secondary' }} data-testid="awards-decided-only">
              表彰委員会で決定した表彰を表示しています。推薦中の表彰と取り消した表彰は、人事担当だけが見られます。
            </Typography>
          )}
          <AwardsTable
            rows={rows}
            rule={rule}
            canEdit={canEdit}
            onAction={(action, award) => setOpen({ action, award })}
          />
        </Box>
      )}
      {fy !== null && open?.action === 'create' ? (
        <AwardFormDialog
          fy={fy}
          award={null}
          onClose={() => setOpen(null)}
          onSaved={(next, title) => done(next, `「${title}」を登録しました（推薦中）。`)}
        />
      ) : null}
      {fy !== null && open?.action === 'edit' ? (
        <AwardFormDialog
          fy={fy}
          award={open.award}
          onClose={() => setOpen(null)}
          onSaved={(next, title) => done(next, `「${title}」を保存しました。`)}
        />
      ) : null}
      {open?.action === 'decide' ? (
        <AwardDecideDialog
          award={open.award}
          onClose={() => setOpen(null)}
          onSaved={(next) => done(next, `「${open.award.title}」の決定を記録しました。`)}
        />
      ) : null}
      {open?.action === 'revoke' ? (
        <AwardRevokeDialog
          award={open.award}
          onClose={() => setOpen(null)}
          onSaved={(next) => done(next, `「${open.award.title}」を取り消しました。`)}
        />
      ) : null}
    </>
  );
}
