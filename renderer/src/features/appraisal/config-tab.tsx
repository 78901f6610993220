import { useCallback, useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import Paper from '@mui/material/Paper';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { AWARD_KIND_LABELS, RANKING_UNITS } from '../../../../shared/appraisal';
import type { AppraisalConfig, RankingUnit } from '../../../../shared/appraisal';
import {
  CONFIG_LIMITS,
  difficultyFieldLabel,
  distributionTotal,
  validateAppraisalConfig,
} from '../../../../shared/appraisal-config';
import type { AppraisalConfigView } from '../../../../shared/appraisal-config';
import { fiscalYearLabel } from '../../../../shared/fiscal-year';
import { DIFFICULTIES, coefficientText } from '../../../../shared/mbo';
import type { Difficulty } from '../../../../shared/mbo';
import { gradeGroups } from '../../../../shared/org';
import type { GradeGroup } from '../../../../shared/org';
import { RANK_CLASS_LABELS, RANK_CLASSES } from '../../../../shared/ranking';
import { errorField, errorMessage, request } from '../../client';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { Loading } from '../../ui/loading';
import { useFiscalYear } from '../../fiscal-year';
import { useNotify } from '../../notify';
import { useSession } from '../../session';
import { useLoad } from '../../hooks/useLoad';

/*
 * 設定 → 人事考課の設定 (docs/scores.md): the selected year's competency items and weights per grade group,
 * the ranking unit per grade group (区全体 / 課), the award bonus rule, the ranking distribution and
 * the MBO goals' difficulty coefficients (難易度係数). HR edits them until the year's appraisals
 * start; then (and for everyone else) the tab is read-only with the reason. Numbers are typed as
 * text and checked with the same validator as the main process, each problem at its field.
 */

/** The form's state: numbers as typed. */
type Draft = {
  items: Record<GradeGroup, string[]>;
  weights: Record<GradeGroup, { performance: string; competency: string }>;
  award: { internal: string; external: string; yearlyCap: string; eligible: GradeGroup[] };
  distribution: string[];
  rankingUnits: Record<GradeGroup, RankingUnit>;
  coefficients: Record<Difficulty, string>;
};

function toDraft(c: AppraisalConfig): Draft {
  const items = {} as Draft['items'];
  const weights = {} as Draft['weights'];
  const coefficients = {} as Draft['coefficients'];
  for (const d of DIFFICULTIES) coefficients[d] = coefficientText(c.difficultyCoefficients[d]);
  for (const g of gradeGroups) {
    items[g] = [...c.competencyItems[g]];
    weights[g] = { performance: String(c.weights[g].performance), competency: String(c.weights[g].competency) };
  }
  return {
    items,
    weights,
    award: {
      internal: String(c.award.internal),
      external: String(c.award.external),
      yearlyCap: String(c.award.yearlyCap),
      eligible: [...c.award.eligible],
    },
    distribution: c.distribution.map(String),
    rankingUnits: { ...c.rankingUnits },
    coefficients,
  };
}

/** A typed number; blank or not a number is NaN, which the validator refuses at its field. */
const num = (s: string): number => (s.trim() === '' ? Number.NaN : Number(s.trim()));

function toConfig(d: Draft): AppraisalConfig {
  const weights = {} as Record<GradeGroup, { performance: number; competency: number }>;
  for (const g of gradeGroups) {
    weights[g] = { performance: num(d.weights[g].performance), competency: num(d.weights[g].competency) };
  }
  const difficultyCoefficients = {} as Record<Difficulty, number>;
  for (const k of DIFFICULTIES) difficultyCoefficients[k] = num(d.coefficients[k]);
  return {
    competencyItems: d.items,
    weights,
    award: {
      internal: num(d.award.internal),
      external: num(d.award.external),
      yearlyCap: num(d.award.yearlyCap),
      eligible: gradeGroups.filter((g) => d.award.eligible.includes(g)),
    },
    distribution: d.distribution.map(num),
    rankingUnits: d.rankingUnits,
    difficultyCoefficients,
  };
}

/** The problems per field; a field also shows the problems of the fields inside it (weights.係員級.performance). */
type Errors = Record<string, string>;

function errorsOf(config: AppraisalConfig): Errors {
  const out: Errors = {};
  for (const p of validateAppraisalConfig(config)) out[p.field] ??= p.message;
  return out;
}

const numberInput = { htmlInput: { inputMode: 'decimal' as const } };

/**
 * A read-only field looks read-only: grey, with a dotted outline that neither hover nor focus
 * brightens (a white box with a solid outline reads as editable).
 */
function readOnlySx(readOnly: boolean) {
  if (!readOnly) return {};
  return {
    '& .MuiInputBase-root': { bgcolor: 'action.hover', color: 'text.secondary', cursor: 'default' },
    '& .MuiInputBase-input': { cursor: 'default' },
    '& .MuiOutlinedInput-notchedOutline, & .MuiInputBase-root:hover .MuiOutlinedInput-notchedOutline, & .MuiInputBase-root.Mui-focused .MuiOutlinedInput-notchedOutline':
      { borderStyle: 'dotted', borderColor: 'divider', borderWidth: 1 },
  };
}

function ItemsEditor({
  group,
  items,
  errors,
  readOnly,
  onChange,
}: {
  group: GradeGroup;
  items: string[];
  errors: Errors;
  readOnly: boolean;
  onChange: (items: string[]) => void;
}) {
  const set = (i: number, v: string) => onChange(items.map((x, k) => (k === i ? v : x)));
  const move = (i: number, by: number) => {
    const next = [...items];
    const [x] = next.splice(i, 1);
    next.splice(i + by, 0, x!);
    onChange(next);
  };
  const listError = errors[`competencyItems.${group}`];
  return (
    <Box>
      <Typography component="h4" sx={{ fontWeight: 500, mb: 1 }}>
        能力評価の項目（{CONFIG_LIMITS.minItems}〜{CONFIG_LIMITS.maxItems}個、各{CONFIG_LIMITS.itemMaxChars}文字以内）
      </Typography>
      <Stack spacing={1}>
        {items.map((item, i) => {
          const err = errors[`competencyItems.${group}.${i}`];
          return (
            <Stack key={i} direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
              <TextField
                size="small"
                label={`項目${i + 1}`}
                value={item}
                onChange={(e) => set(i, e.target.value)}
                error={Boolean(err)}
                helperText={err}
                slotProps={{ htmlInput: { readOnly, maxLength: 40 } }}
                sx={{ flex: 1, maxWidth: 360, ...readOnlySx(readOnly) }}
              />
              {readOnly ? null : (
                <>
                  <Button
                    size="small"
                    onClick={() => move(i, -1)}
                    disabled={i === 0}
                    aria-label={`${group}の項目${i + 1}を上へ`}
                  >
                    ↑
                  </Button>
                  <Button
                    size="small"
                    onClick={() => move(i, 1)}
                    disabled={i === items.length - 1}
                    aria-label={`${group}の項目${i + 1}を下へ`}
                  >
                    ↓
                  </Button>
                  <Button
                    size="small"
                    color="error"
                    onClick={() => onChange(items.filter((_x, k) => k !== i))}
                    aria-label={`${group}の項目${i + 1}を削除`}
                  >
                    削除
                  </Button>
                </>
              )}
            </Stack>
          );
        })}
      </Stack>
      {listError ? <FormHelperText error>{listError}</FormHelperText> : null}
      {readOnly ? null : (
        <Button
          size="small"
          sx={{ mt: 1 }}
          onClick={() => onChange([...items, ''])}
          disabled={items.length >= CONFIG_LIMITS.maxItems}
        >
          {group}の項目を追加
        </Button>
      )}
    </Box>
  );
}

const UNIT_CHOICES: Readonly<Record<RankingUnit, { label: string; help: string }>> = {
  区全体: { label: '区全体', help: '区役所全体の同じ職層の職員で順位をつけます。' },
  課: {
    label: '課ごと',
    help: '課ごとに順位をつけ、課ごとに定数を計算します（人数の少ない課では定数の端数が大きくなります）。',
  },
};

/** 相対評価の単位: the population of this grade group is the whole office or each section. */
function RankingUnitChoice({
  group,
  unit,
  error,
  readOnly,
  onChange,
}: {
  group: GradeGroup;
  unit: RankingUnit;
  error: string | undefined;
  readOnly: boolean;
  onChange: (unit: RankingUnit) => void;
}) {
  const labelId = `ranking-unit-${group}`;
  return (
    <Box>
      <Typography component="h4" sx={{ fontWeight: 500 }} id={labelId}>
        相対評価の単位
      </Typography>
      <RadioGroup
        row
        aria-labelledby={labelId}
        aria-describedby={`${labelId}-help`}
        value={unit}
        onChange={(e) => {
          const v = RANKING_UNITS.find((u) => u === e.target.value);
          if (v) onChange(v);
        }}
      >
        {RANKING_UNITS.map((u) => (
          <FormControlLabel
            key={u}
            value={u}
            control={<Radio size="small" />}
            label={UNIT_CHOICES[u].label}
            disabled={readOnly}
          />
        ))}
      </RadioGroup>
      <FormHelperText id={`${labelId}-help`} error={Boolean(error)} sx={{ mt: 0 }}>
        {error ?? UNIT_CHOICES[unit].help}
      </FormHelperText>
    </Box>
  );
}

function GroupSection({
  group,
  draft,
  errors,
  readOnly,
  update,
}: {
  group: GradeGroup;
  draft: Draft;
  errors: Errors;
  readOnly: boolean;
  update: (change: (d: Draft) => Draft) => void;
}) {
  const w = draft.weights[group];
  const setWeight = (key: 'performance' | 'competency', v: string) =>
    update((d) => ({ ...d, weights: { ...d.weights, [group]: { ...d.weights[group], [key]: v } } }));
  const sum = num(w.performance) + num(w.competency);
  const pairError = errors[`weights.${group}`];
  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-label={group}>
      <Typography component="h3" variant="h6" sx={{ mb: 1.5 }}>
        {group}
      </Typography>
      <Stack spacing={2}>
        <ItemsEditor
          group={group}
          items={draft.items[group]}
          errors={errors}
          readOnly={readOnly}
          onChange={(items) => update((d) => ({ ...d, items: { ...d.items, [group]: items } }))}
        />
        <Box>
          <Typography component="h4" sx={{ fontWeight: 500, mb: 1 }}>
            配分（業績評価：能力評価、合計100%）
          </Typography>
          <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start' }}>
            {(['performance', 'competency'] as const).map((key) => {
              const err = errors[`weights.${group}.${key}`];
              return (
                <TextField
                  key={key}
                  size="small"
                  label={`${key === 'performance' ? '業績評価' : '能力評価'}（%）`}
                  value={w[key]}
                  onChange={(e) => setWeight(key, e.target.value)}
                  error={Boolean(err) || Boolean(pairError)}
                  helperText={err}
                  slotProps={{ htmlInput: { ...numberInput.htmlInput, readOnly } }}
                  sx={{ width: 150, ...readOnlySx(readOnly) }}
                />
              );
            })}
            <Typography sx={{ pt: 1 }} color={pairError ? 'error' : 'text.secondary'}>
              合計 {Number.isFinite(sum) ? sum : '—'}%
            </Typography>
          </Stack>
          {pairError ? <FormHelperText error>{pairError}</FormHelperText> : null}
        </Box>
        <RankingUnitChoice
          group={group}
          unit={draft.rankingUnits[group]}
          error={errors[`rankingUnits.${group}`]}
          readOnly={readOnly}
          onChange={(unit) => update((d) => ({ ...d, rankingUnits: { ...d.rankingUnits, [group]: unit } }))}
        />
      </Stack>
    </Paper>
  );
}

function ConfigForm({ view, canEdit, onSaved }: { view: AppraisalConfigView; canEdit: boolean; onSaved: () => void }) {
  const notify = useNotify();
  const [draft, setDraft] = useState<Draft>(() => toDraft(view.config));
  const [serverError, setServerError] = useState<{ field: string | null; message: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const [confirmReset, setConfirmReset] = useState(false);
  const readOnly = !canEdit || view.locked;

  useEffect(() => {
    setDraft(toDraft(view.config));
    setServerError(null);
  }, [view]);

  const update = (change: (d: Draft) => Draft) => {
    setDraft(change);
    setServerError(null);
  };
  const config = toConfig(draft);
  const errors = errorsOf(config);
  if (serverError?.field) errors[serverError.field] ??= serverError.message;
  const dirty = JSON.stringify(config) !== JSON.stringify(toConfig(toDraft(view.config)));
  const problems = Object.keys(errorsOf(config)).length;

  const save = async () => {
    setSaving(true);
    try {
      await request('appraisal:saveConfig', { fy: view.fy, config });
      notify.success(`${fiscalYearLabel(view.fy)}の人事考課の設定を保存しました。`);
      onSaved();
    } catch (e) {
      const field = errorField(e);
      setServerError({
        field: field?.startsWith('config.') ? field.slice('config.'.length) : null,
        message: errorMessage(e),
      });
    } finally {
      setSaving(false);
    }
  };

  const setAward = (key: 'internal' | 'external' | 'yearlyCap', v: string) =>
    update((d) => ({ ...d, award: { ...d.award, [key]: v } }));
  const toggleEligible = (g: GradeGroup, on: boolean) =>
    update((d) => ({
      ...d,
      award: { ...d.award, eligible: on ? [...d.award.eligible, g] : d.award.eligible.filter((x) => x !== g) },
    }));
  const distTotal = distributionTotal(draft.distribution.map(num));
  const distError = errors.distribution;

  return (
    <Stack spacing={2} sx={{ maxWidth: 900 }}>
      {view.locked ? (
        <Alert severity="info" data-testid="appraisal-config-locked">
          {view.lockedReason}
          設定を変更できるのは、その年度の人事考課がすべて「未着手」の間（最初の本人が自己評価を提出するまで）です。
        </Alert>
      ) : !canEdit ? (
        <Alert severity="info">人事考課の設定は人事担当だけが変更できます。</Alert>
      ) : null}
      <Typography color="text.secondary" data-testid="appraisal-config-note">
        {fiscalYearLabel(view.fy)}の設定です。
        {view.isDefault ? '既定の設定を使っています。' : 'この年度用に変更された設定です。'}
        {view.locked
          ? '下の内容は表示のみです。'
          : canEdit
            ? 'この年度の最初の人事考課が提出される（本人が自己評価を提出する）と、変更できなくなります。'
            : '下の内容は表示のみです。'}
      </Typography>

      {gradeGroups.map((g) => (
        <GroupSection key={g} group={g} draft={draft} errors={errors} readOnly={readOnly} update={update} />
      ))}

      <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-label="表彰による加点">
        <Typography component="h3" variant="h6" sx={{ mb: 1.5 }}>
          表彰による加点
        </Typography>
        <Stack direction="row" spacing={2} sx={{ flexWrap: 'wrap', alignItems: 'flex-start' }} useFlexGap>
          {(['internal', 'external', 'yearlyCap'] as const).map((key) => {
            const err = errors[`award.${key}`];
            return (
              <TextField
                key={key}
                size="small"
                label={key === 'yearlyCap' ? '年間の上限（点）' : `${AWARD_KIND_LABELS[key]}（点）`}
                value={draft.award[key]}
                onChange={(e) => setAward(key, e.target.value)}
                error={Boolean(err)}
                helperText={err ?? (key === 'yearlyCap' ? '0以上、0.05刻み' : '0〜1.0、0.05刻み')}
                slotProps={{ htmlInput: { ...numberInput.htmlInput, readOnly } }}
                sx={{ width: 220, ...readOnlySx(readOnly) }}
              />
            );
          })}
        </Stack>
        <Typography component="h4" sx={{ fontWeight: 500, mt: 2 }} id="award-eligible-label">
          加点の対象となる職層
        </Typography>
        <FormGroup row aria-labelledby="award-eligible-label">
          {gradeGroups.map((g) => (
            <FormControlLabel
              key={g}
              label={g}
              control={
                <Checkbox
                  checked={draft.award.eligible.includes(g)}
                  onChange={(e) => toggleEligible(g, e.target.checked)}
                  disabled={readOnly}
                />
              }
            />
          ))}
        </FormGroup>
        {errors['award.eligible'] ? <FormHelperText error>{errors['award.eligible']}</FormHelperText> : null}
      </Paper>

      <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-label="相対評価の分布">
        <Typography component="h3" variant="h6" sx={{ mb: 1.5 }}>
          相対評価の分布（%）
        </Typography>
        <Stack direction="row" spacing={1.5} sx={{ flexWrap: 'wrap', alignItems: 'flex-start' }} useFlexGap>
          {RANK_CLASSES.map((c, i) => {
            const err = errors[`distribution.${i}`];
            return (
              <TextField
                key={c}
                size="small"
                label={RANK_CLASS_LABELS[c]}
                value={draft.distribution[i] ?? ''}
                onChange={(e) =>
                  update((d) => ({ ...d, distribution: d.distribution.map((x, k) => (k === i ? e.target.value : x)) }))
                }
                error={Boolean(err) || Boolean(distError)}
                helperText={err}
                slotProps={{ htmlInput: { ...numberInput.htmlInput, readOnly } }}
                sx={{ width: 110, ...readOnlySx(readOnly) }}
              />
            );
          })}
          <Typography sx={{ pt: 1 }} color={distError ? 'error' : 'text.secondary'} data-testid="distribution-total">
            合計 {Number.isFinite(distTotal) ? distTotal : '—'}%
          </Typography>
        </Stack>
        {distError ? <FormHelperText error>{distError}</FormHelperText> : null}
      </Paper>

      <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-label="難易度係数">
        <Typography component="h3" variant="h6" sx={{ mb: 0.5 }}>
          難易度係数
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
          目標管理シートの業績評価点 ＝ Σ（ウェイト × 評語の点 × 難易度係数）÷ 100。難しい目標ほど係数を大きくします（A
          ≥ B ≥ C）。
        </Typography>
        <Stack direction="row" spacing={2} sx={{ flexWrap: 'wrap', alignItems: 'flex-start' }} useFlexGap>
          {DIFFICULTIES.map((k) => {
            const err = errors[`difficultyCoefficients.${k}`];
            return (
              <TextField
                key={k}
                size="small"
                label={difficultyFieldLabel(k)}
                value={draft.coefficients[k]}
                onChange={(e) => update((d) => ({ ...d, coefficients: { ...d.coefficients, [k]: e.target.value } }))}
                error={Boolean(err)}
                helperText={
                  err ??
                  `${CONFIG_LIMITS.minCoefficient.toFixed(1)}〜${CONFIG_LIMITS.maxCoefficient.toFixed(1)}、${CONFIG_LIMITS.coefficientStep}刻み`
                }
                slotProps={{ htmlInput: { ...numberInput.htmlInput, readOnly } }}
                sx={{ width: err ? 420 : 200, ...readOnlySx(readOnly) }}
              />
            );
          })}
        </Stack>
      </Paper>

      {serverError && !serverError.field ? <Alert severity="error">{serverError.message}</Alert> : null}
      {readOnly ? null : (
        <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center' }}>
          <Button variant="contained" onClick={() => void save()} disabled={saving || !dirty || problems > 0}>
            保存
          </Button>
          <Button onClick={() => setConfirmReset(true)} disabled={saving || view.isDefault}>
            既定に戻す
          </Button>
          {problems > 0 ? (
            <Typography color="error" variant="body2">
              入力内容に{problems}件の問題があります。各項目の表示を確認してください。
            </Typography>
          ) : null}
        </Stack>
      )}
      <ConfirmDialog
        open={confirmReset}
        title="既定の設定に戻す"
        message={`${fiscalYearLabel(view.fy)}の人事考課の設定を既定に戻します。変更した項目・配分・加点・分布・難易度係数は失われます。`}
        confirmLabel="既定に戻す"
        danger
        onConfirm={async () => {
          await request('appraisal:resetConfig', { fy: view.fy });
          notify.success(`${fiscalYearLabel(view.fy)}の人事考課の設定を既定に戻しました。`);
          onSaved();
        }}
        onClose={() => setConfirmReset(false)}
      />
    </Stack>
  );
}

export function AppraisalConfigTab() {
  const { session } = useSession();
  const { fy } = useFiscalYear();
  const load = useCallback(() => (fy === null ? Promise.resolve(null) : request('appraisal:config', { fy })), [fy]);
  const { data, loading, error, reload } = useLoad(load);
  if (fy === null) return <Alert severity="info">評価期間（年度）がまだありません。</Alert>;
  if (error) return <Alert severity="error">{errorMessage(error)}</Alert>;
  if (!data || (loading && data.fy !== fy)) return <Loading />;
  return <ConfigForm view={data} canEdit={session.role === 'hr'} onSaved={reload} />;
}
