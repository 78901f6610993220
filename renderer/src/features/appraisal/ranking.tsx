import { useCallback, useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { readsAllRankings } from '../../../../shared/access';
import { gradeGroupOfPopulation } from '../../../../shared/appraisal';
import { RANKING_ROW_SORTS } from '../../../../shared/contract';
import { emptyReasonText } from '../../../../shared/ranking';
import type { RankClass } from '../../../../shared/ranking';
import { errorMessage, request } from '../../client';
import { useDeferredLoad } from '../../hooks/useLoad';
import { useServerPage } from '../../hooks/useServerPage';
import { AppraisalDownloads } from './downloads';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { Loading } from '../../ui/loading';
import { MboBlock } from '../mbo/parts';
import { RankingExclusionDialog } from './ranking-exclusion-dialog';
import { Figures, TIE_FIRST, TIE_STEP, TieCard } from './ranking-figures';
import type { RankingResult } from './ranking-figures';
import { ExcludedList, NAMES_FIRST, NAMES_STEP, WaitingList } from './ranking-lists';
import { PopulationPicker } from './ranking-populations';
import { RankedTable, rankedHeight } from './ranking-table';
import { Stage, useStages } from '../../ui/staged';
import { formatCount, formatDateTime } from '../../format';
import { useNotify } from '../../notify';
import { useSession } from '../../session';

type Result = RankingResult;

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
  // How many members of each boundary tie to ask for (a city's tie holds hundreds), likewise per population.
  const [ties, setTies] = useState({ of: '', shown: TIE_FIRST });
  const tieShown = ties.of === (population ?? '') ? ties.shown : TIE_FIRST;
  const moreTies = () => setTies({ of: population ?? '', shown: tieShown + TIE_STEP });
  const load = useCallback(
    () =>
      request('appraisal:ranking', {
        fy,
        ...(population === undefined ? {} : { population }),
        rowsPage,
        namesShown,
        tieShown,
      }),
    [fy, population, rowsPage, namesShown, tieShown],
  );
  const { data: view, error: loadError, loading, drawing, set: setView, reload } = useDeferredLoad(load);
  // A city's population (thousands ranked, hundreds waiting) is drawn in the background, in slices
  // (a deferred value), and the lists and the ranked grid each a task later (docs/city-scale.md).
  const stage = useStages(3, view?.population);
  // What an action (a tie decided, someone included again) failed with; another population clears it.
  const [actionError, setError] = useState<string | null>(null);
  const error = actionError ?? (loadError === undefined ? null : errorMessage(loadError));
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [excluding, setExcluding] = useState<Result['waiting'][number] | null>(null);

  // Opened without a choice: go on to the population that needs the caller (docs/ranking.md). The
  // opening answer stays a spinner until that population's answer comes, not a population drawn in between.
  const suggested = view?.suggested;
  const moving = suggested !== undefined && suggested !== view?.population;
  useEffect(() => {
    if (moving && population === undefined) setPopulation(suggested);
  }, [moving, population, suggested]);

  if (error && !view) return <Alert severity="error">{error}</Alert>;
  if (!view) return <Loading />;
  if (moving && !error) return <Loading />;
  if (view.populations.length === 0) {
    return <Typography>調整者として相対評価を行う母集団はありません。</Typography>;
  }
  const result = view.result;
  // Nobody 調整済 in any population: the screen opens on the first and says why all are empty (docs/ranking.md).
  const nobodyAnywhere = view.populations.every((p) => (p.adjusted ?? 0) === 0);
  const shown = view.populations.find((p) => p.key === view.population);
  const label = shown?.label ?? view.population ?? '';

  const decide = async (staffNo: string, rankClass: RankClass | null) => {
    if (!view.population) return;
    setBusy(true);
    setError(null);
    try {
      setView(
        await request('appraisal:decideTie', {
          fy,
          population: view.population,
          staffNo,
          rankClass,
          rowsPage,
          tieShown,
        }),
      );
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
      setView(await request('appraisal:exclude', { fy, staffNo, reason: null, rowsPage, tieShown }));
      notify.success(`${name}さんを相対評価の対象に戻しました。`);
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
      {nobodyAnywhere ? (
        <Alert severity="info" data-testid="ranking-nobody-adjusted">
          {`どの母集団にも、まだ調整済になった人事考課がありません（${formatCount(
            view.populations.reduce((n, p) => n + p.size - (p.excluded ?? 0), 0),
          )}が評価・調整の途中です）。調整者の調整が済んだ人から、その母集団の順位に入ります。`}
          {result?.canExclude
            ? '休職・育児休業などで今年度の人事考課がない職員は、下の一覧から相対評価の対象外にできます。'
            : ''}
        </Alert>
      ) : null}
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
              {`${formatCount(shown?.size ?? 0)}（順位づけの対象 ${formatCount(result.size)}）`}
            </Box>
          </Typography>
          {result.emptyReason ? (
            <Alert severity="info" data-testid="ranking-empty">
              {emptyReasonText(
                result.emptyReason,
                gradeGroupOfPopulation(view.population ?? '') ?? '',
                result.waitingTotal ?? result.waiting.length,
              )}
            </Alert>
          ) : null}
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
                  shown={tieShown}
                  onDecide={(no, c) => void decide(no, c)}
                  onMore={moreTies}
                />
              ))}
            </MboBlock>
          ) : null}
          {result.waiting.length > 0 ? (
            <Stage index={1} shown={stage} height={240}>
              <WaitingList
                key={`waiting-${view.population ?? ''}`}
                result={result}
                busy={busy}
                onExclude={setExcluding}
                onMore={moreNames}
              />
            </Stage>
          ) : null}
          {result.excluded.length > 0 ? (
            <Stage index={1} shown={stage} height={160}>
              <ExcludedList
                key={view.population}
                result={result}
                busy={busy}
                onInclude={(no, name) => void include(no, name)}
                onMore={moreNames}
              />
            </Stage>
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
          <Stage index={2} shown={stage} height={rankedHeight(result)}>
            <RankedTable result={result} paging={paging} loading={loading || drawing} onOpen={onOpen} />
          </Stage>
        </>
      )}
      <ConfirmDialog
        open={confirming}
        title="相対評価を確定"
        message={`${label}の${formatCount(result?.size ?? 0)}の区分を確定します。各人の人事考課は「確定」になり、変更するには人事担当による確定の解除が必要です。`}
        confirmLabel="確定する"
        onConfirm={async () => {
          if (!view.population) return;
          setView(await request('appraisal:confirmRanking', { fy, population: view.population, rowsPage, tieShown }));
          notify.success('相対評価を確定しました。');
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
            notify.success(`${excluding.name}さんを相対評価の対象外にしました。`);
          }}
        />
      ) : null}
    </Stack>
  );
}
