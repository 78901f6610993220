import { z } from 'zod';
import type { KpiReport } from '../kpi';
import { FiscalYear } from './common';
import { defineChannels, out } from './define';

/*
 * The plan (職員育成基本プラン) as figures against its targets (docs/plan.md). `kpi:list` is also what
 * `kaname kpi --json` prints: a public interface (shared/kpi.ts).
 */

export const planChannels = defineChannels({
  'kpi:list': { input: z.object({ fy: FiscalYear }).strict(), access: 'session', output: out<KpiReport>() },
});
