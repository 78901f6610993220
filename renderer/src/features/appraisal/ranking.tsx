import { Fragment, useCallback, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import Paper from '@mui/material/Paper';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import { alpha } from '@mui/material/styles';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { readsAllRankings } from '../../../../shared/access';
import { gradeGroupOfPopulation, sectionOfPopulation } from '../../../../shared/appraisal';
import { RANKING_ROW_SORTS } from '../../../../shared/contract';
import type { RankingRow, RankingView } from '../../../../shared/contract';
import { gradeGroups } from '../../../../shared/org';
import { RANK_CLASS_LABELS } from '../../../../shared/ranking';
import type { ClassFigure, RankClass, RankTie } from '../../../../shared/ranking';
import type { GridCellParams, GridColDef } from '@mui/x-data-grid';
import { errorMessage, request } from '../../client';
import { useLoad } from '../../hooks/useLoad';
import { useServerPage } from '../../hooks/useServerPage';
import type { ServerPaging } from '../../hooks/useServerPage';
import { ServerGrid } from '../../ui/server-grid';
import { AppraisalDownloads } from './downloads';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { Loading } from '../../ui/loading';
import { MboBlock } from '../mbo/parts';
import { RankingExclusionDialog } from './ranking-exclusion-dialog';
import { formatCount, formatDateTime, formatNumber } from '../../format';
import { useNotify } from '../../notify';
import { useSession } from '../../session';

type Result = NonNullable<RankingView['result']>;

/** Quota and current count per class as two bars, drawn with plain boxes. */
function FigureBars({ figures }: { figures: ClassFigure[] }) {
  const max = Math.max(1, ...figures.map((f) => Math.max(f.quota, f.placed)));
  const bar = (n: number, color: string, label: string) => (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
      {n > 0 ? (
        <Box aria-hidden sx={{ height: 10, width: `${(n / max) * 100}%`, bgcolor: color, borderRadius: 0.5 }} />
      ) : null}
      <Typography variant="caption" sx={{ whiteSpace: 'nowrap', color: 'text.secondary' }}>
        {label} {formatNumber(n)}
      </Typography>
    </Box>
  );
  return (
    <Box role="img" aria-label="区分ごとの定数と現在の人数のグラフ" sx={{ display: 'grid', gap: 1, minWidth: 0 }}>
      {figures.map((f) => (
        <Box
          key={f.class}
          sx={{ display: 'grid', gridTemplateColumns: '72px minmax(0, 1fr)', alignItems: 'center', gap: 1 }}
        >
          <Typography variant="body2">{RANK_CLASS_LABELS[f.class]}</Typography>
          <Box sx={{ display: 'grid', gap: 0.25 }}>
            {bar(f.quota, 'grey.400', '定数')}
            {bar(f.placed, f.placed === f.quota ? 'primary.main' : 'warning.main', '現在')}
          </Box>
        </Box>
      ))}
    </Box>
  );
}

function Figures({ result }: { result: Result }) {
  return (
    <MboBlock title="区分ごとの定数と現在の人数" testId="ranking-figures">
      <Box
        sx={{ display: 'grid', gap: 3, gridTemplateColumns: 'minmax(0, 560px) minmax(0, 1fr)', alignItems: 'start' }}
      >
        <Table size="small" aria-label="区分ごとの定数">
          <TableHead>
            <TableRow>
              <TableCell>区分</TableCell>
              <TableCell align="right">割合</TableCell>
              <TableCell align="right">計算上の人数</TableCell>
              <TableCell align="right">定数</TableCell>
              <TableCell align="right">現在</TableCell>
              <TableCell align="right">差</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {result.figures.map((f) => {
              const diff = f.placed - f.quota;
              return (
                <TableRow key={f.class} data-testid="ranking-figure">
                  <TableCell component="th" scope="row">
                    {RANK_CLASS_LABELS[f.class]}
                  </TableCell>
                  <TableCell align="right">
                    {result.size > 0 ? `${Math.round((f.exact / result.size) * 1000) / 10}%` : '—'}
                  </TableCell>
                  <TableCell align="right">{f.exact.toFixed(2)}</TableCell>
                  <TableCell align="right" data-testid="ranking-quota">
                    {formatNumber(f.quota)}
                  </TableCell>
                  <TableCell align="right">{formatNumber(f.placed)}</TableCell>
                  <TableCell align="right" sx={{ color: diff === 0 ? 'text.secondary' : 'warning.dark' }}>
                    {diff === 0 ? '±0' : diff > 0 ? `+${formatNumber(diff)}` : formatNumber(diff)}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
        <FigureBars figures={result.figures} />
      </Box>
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        定数は最大剰余法で決めています（各区分に人数×割合の整数部分を割り当て、残りを端数の大きい区分へ）。
      </Typography>
      {result.notes.map((n) => (
        <Alert key={n} severity="info">
          {n}
        </Alert>
      ))}
    </MboBlock>
  );
}

function TieCard({
  tie,
  result,
  busy,
  onDecide,
}: {
  tie: RankTie;
  result: Result;
  busy: boolean;
  onDecide: (staffNo: string, rankClass: RankClass | null) => void;
}) {
  const seats = tie.classes.map((c, i) => `${RANK_CLASS_LABELS[c]}に${tie.seats[i] ?? 0}人`).join('、');
  const title = `絶対評価点 ${tie.score.toFixed(2)} の同点（${formatCount(tie.ids.length)}）`;
  return (
    <Paper
      variant="outlined"
      component="section"
      aria-label={title}
      data-testid="ranking-tie"
      sx={{ p: 2, borderColor: tie.resolved ? 'divider' : 'warning.main' }}
    >
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 1 }}>
        <Typography variant="h3" component="h3" sx={{ fontSize: '1rem', fontWeight: 600 }}>
          {title}
        </Typography>
        <Chip size="small" label={tie.resolved ? '決定済み' : '要判断'} color={tie.resolved ? 'success' : 'warning'} />
      </Box>
      <Typography variant="body2" sx={{ mb: 1 }}>
        {result.confirmed
          ? `区分の境界で同点でした（空きは ${seats}）。`
          : `区分の境界で同点です。空きは ${seats} です。一人ずつ区分を決めてください。`}
      </Typography>
      <Stack spacing={1}>
        {tie.ids.map((no) => {
          const row = (result.tieRows ?? result.rows).find((r) => r.staffNo === no);
          const value = row?.decided && row.rankClass ? String(row.rankClass) : '';
          const name = row ? `${row.staffNo} ${row.name}` : no;
          return (
            <Box key={no} sx={{ display: 'grid', gridTemplateColumns: '280px minmax(0, 1fr)', alignItems: 'center' }}>
              <Typography id={`tie-${no}`}>
                {name}
                <Box component="span" sx={{ color: 'text.secondary', ml: 1 }}>
                  {row?.section ?? ''}
                </Box>
              </Typography>
              <RadioGroup
                row
                aria-label={`${row?.name ?? no}の区分`}
                value={value}
                onChange={(e) => onDecide(no, e.target.value === '' ? null : (Number(e.target.value) as RankClass))}
              >
                {tie.classes.map((c) => (
                  <FormControlLabel
                    key={c}
                    value={String(c)}
                    control={<Radio size="small" />}
                    label={RANK_CLASS_LABELS[c]}
                    disabled={busy || !result.canDecide}
                  />
                ))}
                <FormControlLabel
                  value=""
                  control={<Radio size="small" />}
                  label="未定"
                  disabled={busy || !result.canDecide}
                />
              </RadioGroup>
            </Box>
          );
        })}
      </Stack>
    </Paper>
  );
}

/** A tie's cells are tinted, as its row was in the plain table. */
const tieCell = (p: GridCellParams<RankingRow>) => (p.row.tie ? 'ranking-tie' : '');

const rankedColumns: GridColDef<RankingRow>[] = [
  {
    field: 'position',
    headerName: '順位',
    width: 80,
    type: 'number',
    cellClassName: tieCell,
    // The e2e tests count ranked rows (and tied ones) by this mark, one per row.
    renderCell: (p: GridCellParams<RankingRow>) => (
      <span data-testid="ranking-row" data-tie={p.row.tie ? 'true' : undefined}>
        {formatNumber(p.row.position)}
      </span>
    ),
  },
  { field: 'staffNo', headerName: '職員番号', width: 110, cellClassName: tieCell },
  { field: 'name', headerName: '氏名', width: 150, cellClassName: tieCell },
  { field: 'section', headerName: '所属', width: 170, cellClassName: tieCell, valueGetter: (_v, r) => r.section ?? '' },
  {
    field: 'score',
    headerName: '絶対評価点',
    width: 110,
    type: 'number',
    cellClassName: tieCell,
    valueFormatter: (v: number) => v.toFixed(2),
  },
  {
    field: 'rankClass',
    headerName: '区分',
    minWidth: 220,
    flex: 1,
    cellClassName: tieCell,
    renderCell: (p: GridCellParams<RankingRow>) => (
      <>
        {p.row.rankClass ? RANK_CLASS_LABELS[p.row.rankClass] : '未定'}
        {p.row.tie ? (
          <Chip
            size="small"
            label={p.row.decided ? '同点・決定済み' : '同点・要判断'}
            color={p.row.decided ? 'default' : 'warning'}
            variant="outlined"
            sx={{ ml: 1 }}
          />
        ) : null}
      </>
    ),
  },
];

/**
 * The ranked members, one page at a time from the server (docs/lists.md): a city's 20,000 ranked
 * people cost what 50 do. The grid is as tall as its page, so the page scrolls, not the grid.
 */
function RankedTable({
  result,
  paging,
  loading,
  onOpen,
}: {
  result: Result;
  paging: ServerPaging<(typeof RANKING_ROW_SORTS)[number]>;
  loading: boolean;
  onOpen: (staffNo: string) => void;
}) {
  const total = result.rowsTotal ?? result.rows.length;
  // Compact rows are 36px; the header and the footer about 40 and 52.
  const height = 40 + 56 + Math.max(3, result.rows.length) * 36;
  return (
    <MboBlock title={`順位（${formatCount(total)}）`} testId="ranking-rows">
      <Box sx={{ '& .ranking-tie': { bgcolor: (t) => alpha(t.palette.warning.main, 0.12) } }}>
        <ServerGrid
          label="相対評価の順位"
          rows={result.rows}
          total={total}
          loading={loading}
          columns={rankedColumns}
          getRowId={(r) => r.staffNo}
          paging={paging}
          onOpen={(r) => onOpen(r.staffNo)}
          emptyText="順位づけの対象はまだいません"
          height={height}
        />
      </Box>
    </MboBlock>
  );
}

/** How many waiting and excluded names are drawn first, and how many more 「さらに表示」 asks the server for. */
const NAMES_FIRST = 100;
const NAMES_STEP = 500;

/** The button under a list the server sent in part: how many remain, and a click asks for more. */
function MoreNames({ shown, total, onMore }: { shown: number; total: number; onMore: () => void }) {
  const rest = total - shown;
  return rest > 0 ? (
    <Button size="small" onClick={onMore} sx={{ alignSelf: 'flex-start' }}>
      {`さらに表示（残り ${formatCount(rest)}）`}
    </Button>
  ) : null;
}

type PopulationItem = RankingView['populations'][number];

/**
 * The populations, one row per grade group: the grade group ranked 区全体 is one button; ranked per
 * 課 it is a button per section (a ward has ~10 sections, so up to ~40 buttons in four rows).
 */
function PopulationPicker({ view, onPick }: { view: RankingView; onPick: (key: string) => void }) {
  const rows = gradeGroups
    .map((g) => ({ group: g, items: view.populations.filter((p) => gradeGroupOfPopulation(p.key) === g) }))
    .filter((r) => r.items.length > 0);
  const button = (p: PopulationItem) => {
    const section = sectionOfPopulation(p.key);
    return (
      <ToggleButton
        key={p.key}
        value={p.key}
        sx={{ gap: 1, py: 0.5 }}
        // A section's button shows the section; its name says the whole population.
        aria-label={section === null ? undefined : `${p.label} ${formatCount(p.size)}${p.confirmed ? ' 確定' : ''}`}
      >
        {section ?? p.label}
        <Box component="span" sx={{ color: 'text.secondary' }}>
          {formatCount(p.size)}
        </Box>
        {p.confirmed ? <Chip size="small" color="success" label="確定" sx={{ height: 20 }} /> : null}
      </ToggleButton>
    );
  };
  return (
    <Box
      role="group"
      aria-labelledby="population-label"
      sx={{ display: 'grid', gridTemplateColumns: 'max-content minmax(0, 1fr)', gap: 1, alignItems: 'start' }}
    >
      {rows.map(({ group, items }) => {
        const perSection = items.some((p) => sectionOfPopulation(p.key) !== null);
        const labelId = `population-row-${group}`;
        return (
          <Fragment key={group}>
            <Typography id={labelId} variant="body2" sx={{ pt: 0.75, whiteSpace: 'nowrap' }}>
              {group}
              {perSection ? (
                <Box component="span" sx={{ color: 'text.secondary' }}>
                  {`（課ごと ${items.length}）`}
                </Box>
              ) : null}
            </Typography>
            <ToggleButtonGroup
              exclusive
              size="small"
              aria-labelledby={labelId}
              value={items.some((p) => p.key === view.population) ? view.population : null}
              onChange={(_e, v: string | null) => {
                if (v !== null) onPick(v);
              }}
              sx={{
                flexWrap: 'wrap',
                // Wrapped buttons keep their own borders (a group's joined borders break across lines).
                '& .MuiToggleButtonGroup-grouped': {
                  border: 1,
                  borderColor: 'divider',
                  borderRadius: 1,
                  m: 0.25,
                },
                '& .MuiToggleButtonGroup-grouped:not(:first-of-type)': {
                  borderLeft: 1,
                  borderColor: 'divider',
                  ml: 0.25,
                },
                '& .MuiToggleButtonGroup-grouped.Mui-selected': {
                  borderColor: 'primary.main',
                  color: 'primary.main',
                  bgcolor: (t) => alpha(t.palette.primary.main, 0.1),
                },
              }}
            >
              {items.map(button)}
            </ToggleButtonGroup>
          </Fragment>
        );
      })}
    </Box>
  );
}

type Waiting = Result['waiting'][number];

/** Who is not 調整済 yet: the first names drawn, the rest a click away (a city's list runs to thousands). */
function WaitingList({
  result,
  busy,
  onExclude,
  onMore,
}: {
  result: Result;
  busy: boolean;
  onExclude: (w: Waiting) => void;
  onMore: () => void;
}) {
  const items = result.waiting;
  const total = result.waitingTotal ?? items.length;
  return (
    <MboBlock title={`まだ調整済になっていない職員（${formatCount(total)}）`} testId="ranking-waiting">
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        全員が調整済になるまで、相対評価は確定できません。
        {result.canExclude
          ? '休職・育児休業や年度途中の採用などで今年度の人事考課がない職員は、理由を記録して相対評価の対象外にできます。'
          : ''}
      </Typography>
      <Box component="ul" sx={{ m: 0, pl: 2.5, columns: result.canExclude ? 2 : 3 }}>
        {items.map((w) => (
          <Typography component="li" variant="body2" key={w.staffNo} data-testid="ranking-waiting-person">
            {w.staffNo} {w.name}（{w.status}）
            {result.canExclude ? (
              <Button
                size="small"
                disabled={busy}
                onClick={() => onExclude(w)}
                aria-label={`${w.name}を対象外にする`}
                sx={{ ml: 1, py: 0, minWidth: 0 }}
              >
                対象外にする
              </Button>
            ) : null}
          </Typography>
        ))}
      </Box>
      <MoreNames shown={items.length} total={total} onMore={onMore} />
    </MboBlock>
  );
}

/** The members HR took out of the year's ranking, drawn a step at a time like the waiting list. */
function ExcludedList({
  result,
  busy,
  onInclude,
  onMore,
}: {
  result: Result;
  busy: boolean;
  onInclude: (staffNo: string, name: string) => void;
  onMore: () => void;
}) {
  const items = result.excluded;
  const total = result.excludedTotal ?? items.length;
  return (
    <MboBlock title={`相対評価の対象外（${formatCount(total)}）`} testId="ranking-excluded">
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        人事担当が今年度の相対評価から外した職員です。順位と区分の定数に含まれません。
      </Typography>
      <Table size="small" aria-label="相対評価の対象外の職員">
        <TableHead>
          <TableRow>
            <TableCell>職員番号</TableCell>
            <TableCell>氏名</TableCell>
            <TableCell>状態</TableCell>
            <TableCell>理由</TableCell>
            {result.canExclude ? <TableCell /> : null}
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map((x) => (
            <TableRow key={x.staffNo} data-testid="ranking-excluded-person">
              <TableCell>{x.staffNo}</TableCell>
              <TableCell>{x.name}</TableCell>
              <TableCell>{x.status}</TableCell>
              <TableCell sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{x.reason}</TableCell>
              {result.canExclude ? (
                <TableCell align="right">
                  <Button
                    size="small"
                    disabled={busy}
                    onClick={() => onInclude(x.staffNo, x.name)}
                    aria-label={`${x.name}を対象に戻す`}
                  >
                    対象に戻す
                  </Button>
                </TableCell>
              ) : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <MoreNames shown={items.length} total={total} onMore={onMore} />
    </MboBlock>
  );
}

/** 相対評価: per population, quotas vs current, the boundary ties to decide, the ranked list and confirmation. */
export function AppraisalRanking({ fy, onOpen }: { fy: number; onOpen: (staffNo: string) => void }) {
  const notify = useNotify();
  const { session } = useSession();
  const [population, setPopulation] = useState<string | undefined>(undefined);
  // The ranked rows page on the server (docs/lists.md); another population starts at its first page.
  const paging = useServerPage(RANKING_ROW_SORTS, population ?? '');
  const rowsPage = paging.page;
  // How many waiting / excluded names to ask for; another population starts again at the first step.
  const [names, setNames] = useState({ of: '', shown: NAMES_FIRST });
  const namesShown = names.of === (population ?? '') ? names.shown : NAMES_FIRST;
  const moreNames = () => setNames({ of: population ?? '', shown: namesShown + NAMES_STEP });
  const load = useCallback(
    () =>
      request('appraisal:ranking', {
        fy,
        ...(population === undefined ? {} : { population }),
        rowsPage,
        namesShown,
      }),
    [fy, population, rowsPage, namesShown],
  );
  const { data: view, error: loadError, loading, set: setView, reload } = useLoad(load);
  // What an action (a tie decided, someone included again) failed with; another population clears it.
  const [actionError, setError] = useState<string | null>(null);
  const error = actionError ?? (loadError === undefined ? null : errorMessage(loadError));
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [excluding, setExcluding] = useState<Result['waiting'][number] | null>(null);

  if (error && !view) return <Alert severity="error">{error}</Alert>;
  if (!view) return <Loading />;
  if (view.populations.length === 0) {
    return <Typography>調整者として相対評価を行う母集団はありません。</Typography>;
  }
  const result = view.result;
  const label = view.populations.find((p) => p.key === view.population)?.label ?? view.population ?? '';

  const decide = async (staffNo: string, rankClass: RankClass | null) => {
    if (!view.population) return;
    setBusy(true);
    setError(null);
    try {
      setView(await request('appraisal:decideTie', { fy, population: view.population, staffNo, rankClass, rowsPage }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const include = async (staffNo: string, name: string) => {
    setBusy(true);
    setError(null);
    try {
      setView(await request('appraisal:exclude', { fy, staffNo, reason: null, rowsPage }));
      notify.success(`${name}さんを相対評価の対象に戻しました`);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack spacing={2.5} sx={{ maxWidth: 1080 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap' }}>
        <Typography component="h2" variant="h6" id="population-label">
          母集団
        </Typography>
        {/* The export follows the screen's rule: whoever reads every population prints it (docs/access.md). */}
        {readsAllRankings(session.role) && view.population ? (
          <AppraisalDownloads
            fy={fy}
            sx={{ ml: 'auto' }}
            items={[
              {
                id: 'ranking',
                label: '順位表を出力',
                ariaLabel: `順位表を出力（${label}）`,
                what: 'ranking',
                input: { population: view.population },
              },
            ]}
          />
        ) : null}
      </Box>
      <PopulationPicker
        view={view}
        onPick={(p) => {
          setError(null);
          setPopulation(p);
        }}
      />
      {error ? <Alert severity="error">{error}</Alert> : null}
      {result === null ? null : (
        <>
          {result.confirmed ? (
            <Alert severity="success" data-testid="ranking-confirmed">
              {label}の相対評価は確定しています（{result.confirmed.by}、{formatDateTime(result.confirmed.at)}）。
            </Alert>
          ) : null}
          <Typography component="h2" variant="h6" data-testid="ranking-population">
            {label}
            <Box component="span" sx={{ color: 'text.secondary', fontSize: '0.9rem', ml: 1.5 }}>
              {`${formatCount(view.populations.find((p) => p.key === view.population)?.size ?? 0)}（順位づけの対象 ${formatCount(result.size)}）`}
            </Box>
          </Typography>
          <Figures result={result} />
          {result.ties.length > 0 ? (
            <MboBlock
              title="区分の境界での同点"
              testId="ranking-ties"
              note={
                result.undecided > 0 ? (
                  <Chip size="small" color="warning" label={`未決定 ${formatCount(result.undecided)}`} />
                ) : (
                  <Chip size="small" color="success" label="すべて決定済み" />
                )
              }
            >
              {result.ties.map((t) => (
                <TieCard
                  key={`${t.score}-${t.ids.join(',')}`}
                  tie={t}
                  result={result}
                  busy={busy}
                  onDecide={(no, c) => void decide(no, c)}
                />
              ))}
            </MboBlock>
          ) : null}
          {result.waiting.length > 0 ? (
            <WaitingList
              key={`waiting-${view.population ?? ''}`}
              result={result}
              busy={busy}
              onExclude={setExcluding}
              onMore={moreNames}
            />
          ) : null}
          {result.excluded.length > 0 ? (
            <ExcludedList
              key={view.population}
              result={result}
              busy={busy}
              onInclude={(no, name) => void include(no, name)}
              onMore={moreNames}
            />
          ) : null}
          {result.confirmed ? null : (
            <Box sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
              <Button variant="contained" disabled={!result.canConfirm || busy} onClick={() => setConfirming(true)}>
                相対評価を確定
              </Button>
              <Typography variant="body2" sx={{ color: 'text.secondary' }}>
                {result.canConfirm
                  ? '確定すると、全員の区分が決まり、人事考課は「確定」になります。'
                  : !result.canDecide
                    ? 'この母集団を確定できるのは、全員の調整者または人事担当です。'
                    : result.waiting.length > 0
                      ? '調整済になっていない職員がいるため、まだ確定できません。'
                      : '同点の職員の区分を決めると確定できます。'}
              </Typography>
            </Box>
          )}
          <RankedTable result={result} paging={paging} loading={loading} onOpen={onOpen} />
        </>
      )}
      <ConfirmDialog
        open={confirming}
        title="相対評価を確定"
        message={`${label}の${formatCount(result?.size ?? 0)}の区分を確定します。各人の人事考課は「確定」になり、変更するには人事担当による確定の解除が必要です。`}
        confirmLabel="確定する"
        onConfirm={async () => {
          if (!view.population) return;
          setView(await request('appraisal:confirmRanking', { fy, population: view.population, rowsPage }));
          notify.success('相対評価を確定しました');
        }}
        onClose={() => setConfirming(false)}
      />
      {excluding ? (
        <RankingExclusionDialog
          fy={fy}
          person={excluding}
          onClose={() => setExcluding(null)}
          onSaved={() => {
            // The dialog's answer carries every ranked row: the screen reads its own page again.
            reload();
            setExcluding(null);
            notify.success(`${excluding.name}さんを相対評価の対象外にしました`);
          }}
        />
      ) : null}
    </Stack>
  );
}
