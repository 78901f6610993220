import { startTransition, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import Skeleton from '@mui/material/Skeleton';

/**
 * Draws a long screen a part at a time (docs/plan.md "At city scale"): the first `first` parts at
 * once, then one more per task, after the browser has painted, so that no single task draws every
 * chart of a city's year (120 課, 120 areas) and the screen never freezes. A part not drawn yet
 * shows a placeholder of its height. `resetKey` starts again from the top (another year). Each
 * further part is drawn as a transition, which React renders in slices between the browser's own
 * work, so only putting it on the page is one task.
 */
export function useStages(count: number, resetKey: unknown, first = 1): number {
  const [state, setState] = useState({ key: resetKey, shown: first });
  const shown = state.key === resetKey ? state.shown : first;
  useEffect(() => {
    if (shown >= count) return undefined;
    let timer = 0;
    const frame = window.requestAnimationFrame(() => {
      timer = window.setTimeout(() => startTransition(() => setState({ key: resetKey, shown: shown + 1 })), 0);
    });
    return () => {
      window.cancelAnimationFrame(frame);
      window.clearTimeout(timer);
    };
  }, [shown, count, resetKey]);
  return shown;
}

/** Part `index` of a staged screen: drawn once `shown` has reached it, a placeholder until then. */
export function Stage({
  index,
  shown,
  height,
  children,
}: {
  index: number;
  shown: number;
  height: number;
  children: ReactNode;
}) {
  if (index < shown) return <>{children}</>;
  return <Skeleton variant="rounded" height={height} aria-hidden data-testid="stage-placeholder" />;
}
