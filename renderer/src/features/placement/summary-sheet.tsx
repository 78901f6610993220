import type { ReactNode } from 'react';
import { useId } from 'react';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { LabelledText, PlacementSummary } from '../../../../shared/api/placement';
import { fiscalYearLabel } from '../../../../shared/fiscal-year';
import { formatDay } from '../../format';
import { classText, eraFy, yearsText } from './format';

/** A titled block of the sheet, as the printed page heads its parts. */
function Part({ title, children, testId }: { title: string; children: ReactNode; testId: string }) {
  const id = useId();
  return (
    <Box component="section" aria-labelledby={id} data-testid={testId} sx={{ breakInside: 'avoid' }}>
      <Typography
        id={id}
        component="h3"
        sx={{ fontSize: 14, fontWeight: 700, borderBottom: 2, borderColor: 'primary.main', pb: 0.25, mb: 0.75 }}
      >
        {title}
      </Typography>
      {children}
    </Box>
  );
}

function None({ children }: { children: ReactNode }) {
  return <Typography sx={{ fontSize: 13, color: 'text.secondary' }}>{children}</Typography>;
}

/** A small table with a header row; `rows` are arrays of cells. */
function Grid({
  label,
  head,
  rows,
  widths,
}: {
  label: string;
  head: string[];
  rows: ReactNode[][];
  widths?: (number | undefined)[];
}) {
  return (
    <Table size="small" aria-label={label} sx={{ '& td, & th': { fontSize: 13, px: 1, py: 0.5 } }}>
      <TableHead>
        <TableRow>
          {head.map((h, i) => (
            <TableCell key={`${h}-${i}`} sx={{ width: widths?.[i], color: 'text.secondary', whiteSpace: 'nowrap' }}>
              {h}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((cells, r) => (
          <TableRow key={r}>
            {cells.map((c, i) => (
              <TableCell key={i}>{c}</TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function Texts({ items, empty }: { items: LabelledText[]; empty: string }) {
  if (items.length === 0) return <None>{empty}</None>;
  return (
    <Box component="dl" sx={{ m: 0, display: 'grid', gridTemplateColumns: '11em 1fr', columnGap: 2, rowGap: 0.75 }}>
      {items.map((t, i) => (
        <Box key={`${t.label}-${i}`} sx={{ display: 'contents' }}>
          <Typography component="dt" sx={{ fontSize: 12, color: 'text.secondary', pt: '1px' }}>
            {t.label}
          </Typography>
          <Typography component="dd" sx={{ m: 0, fontSize: 13, whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
            {t.text || '—'}
          </Typography>
        </Box>
      ))}
    </Box>
  );
}

/**
 * One person's 人事配置資料 on screen, laid out as the printed A4 page: the person, 異動履歴 and
 * 資格, the self-report's wishes (never its confidential sections), three years' results, awards,
 * training, applications and the 所属長所見.
 */
export function SummarySheet({ summary }: { summary: PlacementSummary }) {
  const p = summary.person;
  // The printed page's person table: two pairs of label and value a row.
  const facts: [string, ReactNode, string, ReactNode][] = [
    ['ふりがな', p.kana, '職員番号', p.staffNo],
    [
      '氏名',
      <Typography key="n" component="span" sx={{ fontSize: 18, fontWeight: 700 }}>
        {p.name}
      </Typography>,
      '職種',
      p.jobType || '—',
    ],
    ['所属・担当', `${p.section ?? '—'}・${p.line ?? '—'}`, '雇用区分', p.employment],
    [
      '職位・職層',
      `${p.position}・${p.gradeGroup}`,
      '採用日',
      p.hiredOn ? `${formatDay(p.hiredOn)}（在職${yearsText(p.yearsOfService)}）` : '—',
    ],
    [
      '資格',
      p.qualifications || '—',
      '現所属配属日',
      p.postedOn ? `${formatDay(p.postedOn)}（在課${yearsText(p.yearsInPost)}）` : '—',
    ],
  ];
  const label = { bgcolor: 'grey.100', color: 'text.secondary', fontSize: 12, width: '7.5em', whiteSpace: 'nowrap' };
  return (
    <Paper
      variant="outlined"
      data-testid="placement-summary"
      sx={{ p: 3, maxWidth: 1000, mx: 'auto', display: 'flex', flexDirection: 'column', gap: 2 }}
    >
      <Box
        sx={{ display: 'flex', alignItems: 'baseline', gap: 2, borderBottom: 2, borderColor: 'text.primary', pb: 0.5 }}
      >
        <Typography component="h2" sx={{ fontSize: 20, fontWeight: 700 }}>
          人事配置資料
        </Typography>
        <Typography sx={{ fontSize: 13 }}>{fiscalYearLabel(summary.fy)}</Typography>
      </Box>

      <Table
        size="small"
        aria-label="職員の情報"
        sx={{ '& td': { border: 1, borderColor: 'divider', fontSize: 13, px: 1, py: 0.5, wordBreak: 'break-word' } }}
      >
        <TableBody>
          {facts.map(([l1, v1, l2, v2]) => (
            <TableRow key={l1}>
              <TableCell component="th" scope="row" sx={label}>
                {l1}
              </TableCell>
              <TableCell>{v1}</TableCell>
              <TableCell component="th" scope="row" sx={label}>
                {l2}
              </TableCell>
              <TableCell>{v2}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>

      <Box sx={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 2.5, alignItems: 'start' }}>
        <Part title="異動履歴" testId="summary-transfers">
          {summary.transfers.length === 0 ? (
            <None>異動の記録はありません。</None>
          ) : (
            <Grid
              label="異動履歴"
              head={['異動日', '異動前', '異動後']}
              widths={[150]}
              rows={summary.transfers.map((t) => [formatDay(t.onDate), t.from || '—', t.to || '—'])}
            />
          )}
        </Part>
        <Part title="人事考課（直近3年度）" testId="summary-results">
          <Grid
            label="人事考課（直近3年度）"
            head={['年度', '区分', '絶対評価点']}
            widths={[150, 130]}
            rows={summary.results.map((r) => [
              `${eraFy(r.fy)}（${r.fy}）`,
              `${classText(r)}${r.source === 'imported' ? '（取込）' : ''}`,
              r.score === null ? '—' : r.score.toLocaleString('ja-JP', { maximumFractionDigits: 2 }),
            ])}
          />
          {summary.results.some((r) => r.source === 'imported') ? (
            <Typography sx={{ mt: 0.5, fontSize: 12, color: 'text.secondary' }}>
              （取込）：人事考課結果の取り込みによる年度
            </Typography>
          ) : null}
        </Part>
        <Box sx={{ gridColumn: '1 / -1' }}>
          <Part title="本人の希望（自己申告）" testId="summary-wishes">
            <Texts items={summary.wishes} empty="この年度の自己申告はありません。" />
          </Part>
        </Box>
        <Part title="表彰（直近3年度）" testId="summary-awards">
          {summary.awards.length === 0 ? (
            <None>表彰はありません。</None>
          ) : (
            <Grid
              label="表彰（直近3年度）"
              head={['年度', '表彰', '表彰日']}
              rows={summary.awards.map((a) => [eraFy(a.fy), `${a.title}（${a.category}）`, formatDay(a.awardedOn)])}
            />
          )}
        </Part>
        <Part title="庁内公募" testId="summary-applications">
          {summary.applications.length === 0 ? (
            <None>応募はありません。</None>
          ) : (
            <Grid
              label="庁内公募"
              head={['年度', '募集', '結果']}
              rows={summary.applications.map((a) => [
                eraFy(a.fy),
                `［${a.kind}］${a.title}`,
                `${a.status}（${formatDay(a.appliedAt)}）`,
              ])}
            />
          )}
        </Part>
        <Box sx={{ gridColumn: '1 / -1' }}>
          <Part title="研修（直近3年度）" testId="summary-training">
            {summary.training.length === 0 ? (
              <None>研修の受講記録はありません。</None>
            ) : (
              <Grid
                label="研修（直近3年度）"
                head={['年度', '研修', '区分', '受講日', '時間']}
                widths={[110, undefined, 170, 110, 80]}
                rows={summary.training.map((t) => [
                  eraFy(t.fy),
                  t.title,
                  t.category,
                  formatDay(t.attendedOn),
                  `${t.hours}時間`,
                ])}
              />
            )}
          </Part>
        </Box>
        <Box sx={{ gridColumn: '1 / -1' }}>
          <Part title="所属長所見" testId="summary-comments">
            <Texts items={summary.comments} empty="所見はまだありません。" />
          </Part>
        </Box>
      </Box>
    </Paper>
  );
}
