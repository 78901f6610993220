/*
 * A measure of the plan (職員育成基本プラン) as a figure against its target: docs/plan.md defines
 * each KPI, its arithmetic and what counts. The `kpi:list` channel and `kaname kpi --json` answer
 * with these; the shape is a public interface for HR's scripts: fields may be added, never renamed
 * or removed.
 */

export type KpiUnit = '%' | '人' | '件';

export type Kpi = {
  /** Stable identifier, e.g. 'training_hospitality'. */
  id: string;
  /** What is measured, in Japanese, as the screen shows it. */
  label: string;
  /**
   * The figure: a share in percent (rounded half up to one decimal), or a count. null: nothing to
   * measure (0 ÷ 0). docs/plan.md.
   */
  value: number | null;
  /** The plan's target in the same unit; null where the plan names none (a figure to watch). */
  target: number | null;
  unit: KpiUnit;
  /** value reaches target (for shares, on the exact fraction: docs/plan.md); null when either is null. */
  met: boolean | null;
  /** For shares: what was counted and out of what. */
  numerator?: number;
  denominator?: number;
};

export type KpiReport = { fy: number; kpis: Kpi[] };
