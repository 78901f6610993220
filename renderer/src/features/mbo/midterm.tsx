import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { MboSheetView } from '../../../../shared/contract';
import { COMMENT_MAX_CHARS, PROGRESS_MAX } from '../../../../shared/mbo';
import { numberOrNull } from './draft';
import type { BodyDraft, GoalUpdateDraft } from './draft';
import { CommentField, MboBlock } from './parts';

type Props = {
  view: MboSheetView;
  draft: BodyDraft;
  onUpdate: (goalId: number, patch: Partial<GoalUpdateDraft>) => void;
  onComment: (field: 'selfMid' | 'firstMid', value: string) => void;
};

function progressIssue(p: number | null): string | undefined {
  if (p === null) return undefined;
  return Number.isInteger(p) && p >= 0 && p <= PROGRESS_MAX
    ? undefined
    : `進捗率は0〜${PROGRESS_MAX}の整数で入力してください`;
}

/** 中間: per goal the progress and what has been done, the person's and the 1次's comments. */
export function MboMidterm({ view, draft, onUpdate, onComment }: Props) {
  const editable = view.can.midterm;
  return (
    <MboBlock title="中間（進捗状況）" testId="mbo-midterm">
      {view.goals.map((g, i) => {
        const u = draft.updates[g.id];
        if (!u) return null;
        const issue = progressIssue(u.progress);
        return (
          <Box
            key={g.id}
            component="section"
            aria-label={`目標${i + 1}の中間`}
            sx={{ borderBottom: 1, borderColor: 'divider', pb: 2 }}
          >
            <Typography sx={{ fontWeight: 600, mb: 1, overflowWrap: 'anywhere' }}>
              {`目標${i + 1}　${g.title}`}
            </Typography>
            {editable ? (
              <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '160px minmax(0, 1fr)' } }}>
                <TextField
                  label="進捗率（%）"
                  type="number"
                  value={u.progress ?? ''}
                  onChange={(e) => onUpdate(g.id, { progress: numberOrNull(e.target.value) })}
                  error={issue !== undefined}
                  helperText={issue ?? '0〜100'}
                  slotProps={{ htmlInput: { min: 0, max: PROGRESS_MAX, step: 10, inputMode: 'numeric' } }}
                />
                <TextField
                  label="取組状況"
                  value={u.midNote}
                  onChange={(e) => onUpdate(g.id, { midNote: e.target.value })}
                  multiline
                  minRows={2}
                  fullWidth
                  helperText={`${[...u.midNote].length} / ${COMMENT_MAX_CHARS}文字`}
                  slotProps={{ htmlInput: { maxLength: COMMENT_MAX_CHARS } }}
                />
              </Box>
            ) : (
              <Stack spacing={0.5}>
                <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5 }}>
                  <Typography variant="body2" sx={{ width: 110 }}>
                    進捗率 {g.progress === null ? '—' : `${g.progress}%`}
                  </Typography>
                  <LinearProgress
                    variant="determinate"
                    value={g.progress ?? 0}
                    aria-label={`目標${i + 1}の進捗率`}
                    sx={{ width: 200, height: 8, borderRadius: 1 }}
                  />
                </Box>
                <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  取組状況: {g.midNote || '—'}
                </Typography>
              </Stack>
            )}
          </Box>
        );
      })}
      <CommentField
        label="中間の自己コメント"
        value={editable ? draft.selfMid : view.comments.selfMid}
        editable={editable}
        onChange={(v) => onComment('selfMid', v)}
      />
      <CommentField
        label="中間の1次評価者コメント"
        value={view.can.firstMid ? draft.firstMid : view.comments.firstMid}
        editable={view.can.firstMid}
        onChange={(v) => onComment('firstMid', v)}
      />
    </MboBlock>
  );
}
