import MenuItem from '@mui/material/MenuItem';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { AppraisalView } from '../../../../shared/contract';
import { RATING_LABELS, RATING_VALUES, STAGE_SHORT, problemAt } from './draft';
import type { AppraisalDraft, Problem } from './draft';
import { MboBlock } from '../mbo/parts';
import { placeholder } from './goals';

const ratingText = (n: number | null) => (n === null ? '—' : `${n}（${RATING_LABELS[n] ?? ''}）`);

type Props = {
  view: AppraisalView;
  draft: AppraisalDraft;
  problems: readonly Problem[];
  showErrors: boolean;
  onRating: (item: string, value: number | null) => void;
};

/** 能力評価: each item rated 1–5 by the person, the 1次 and the 2次; the caller's own column is editable. */
export function AppraisalRatings({ view, draft, problems, showErrors, onRating }: Props) {
  const stage = view.can.stage;
  const stages = ['self', 'first', 'second'] as const;
  return (
    <MboBlock
      title="能力評価"
      testId="appraisal-ratings"
      note={
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          5 大変優れている・4 優れている・3 標準・2 やや劣る・1 大変劣る
        </Typography>
      }
    >
      <Table size="small" aria-label="能力評価の項目" sx={{ tableLayout: 'fixed' }}>
        <TableHead>
          <TableRow>
            <TableCell sx={{ width: '22%' }}>項目</TableCell>
            {stages.map((st) => (
              <TableCell key={st} sx={{ width: '26%' }}>
                {STAGE_SHORT[st]}
                {st !== 'self' ? '評価者' : ''}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {view.ratings.map((r) => (
            <TableRow key={r.item}>
              <TableCell component="th" scope="row">
                {r.item}
              </TableCell>
              {stages.map((st) => {
                if (st !== stage) return <TableCell key={st}>{ratingText(r[st])}</TableCell>;
                const error = showErrors ? problemAt(problems, `ratings.${r.item}`) : undefined;
                const value = draft.ratings[r.item] ?? null;
                return (
                  <TableCell key={st}>
                    <TextField
                      select
                      size="small"
                      fullWidth
                      value={value === null ? '' : String(value)}
                      onChange={(e) => onRating(r.item, e.target.value === '' ? null : Number(e.target.value))}
                      error={error !== undefined}
                      helperText={error}
                      slotProps={{
                        htmlInput: { 'aria-label': `${r.item}の${STAGE_SHORT[st]}評価` },
                        select: {
                          displayEmpty: true,
                          renderValue: (v) =>
                            v === '' ? placeholder : `${String(v)}　${RATING_LABELS[Number(v)] ?? ''}`,
                        },
                      }}
                    >
                      <MenuItem value="">（未選択に戻す）</MenuItem>
                      {RATING_VALUES.map((n) => (
                        <MenuItem key={n} value={String(n)}>
                          {`${n}　${RATING_LABELS[n]}`}
                        </MenuItem>
                      ))}
                    </TextField>
                  </TableCell>
                );
              })}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </MboBlock>
  );
}
