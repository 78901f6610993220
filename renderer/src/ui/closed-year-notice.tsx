import { useEffect, useRef, useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import { closedYearHrNotice, closedYearQuestion, closedYearReadOnlyNotice } from '../../../shared/closed-year';
import { onClosedYear } from '../client';
import { useFiscalYear } from '../fiscal-year';
import { useSession } from '../session';

/*
 * Closed years (終了した年度, docs/closed-years.md) on the screens. The main process decides: on a
 * closed year it allows nobody but HR anything (the views' `can` flags are false, so the forms are
 * read-only), and answers HR's unconfirmed change with YEAR_CLOSED, which client.ts turns into the
 * question below before repeating the call.
 */

export type ClosedYear = {
  fy: number | null;
  /** The year on screen has ended. */
  closed: boolean;
  /** … and the caller may only read it (everyone but HR). */
  readOnly: boolean;
};

/** Whether the fiscal year the screens work on is closed, and to this caller read-only. */
export function useClosedYear(): ClosedYear {
  const { fy, cycle } = useFiscalYear();
  const { session } = useSession();
  const closed = cycle?.closed ?? false;
  return { fy, closed, readOnly: closed && session.role !== 'hr' };
}

/**
 * The notice at the top of a year's forms: 「令和7年度は終了した年度です。閲覧のみできます。」, or for HR
 * that a change will be confirmed first. Nothing on an open year.
 */
export function ClosedYearNotice() {
  const { fy, closed, readOnly } = useClosedYear();
  if (!closed || fy === null) return null;
  return (
    <Alert severity={readOnly ? 'info' : 'warning'} data-testid="closed-year-notice" sx={{ mb: 2, maxWidth: 900 }}>
      {readOnly ? closedYearReadOnlyNotice(fy) : closedYearHrNotice(fy)}
    </Alert>
  );
}

type Asking = { fy: number; answer: Promise<boolean>; resolve: (yes: boolean) => void };

/**
 * Mounted once in the shell: asks HR 「令和7年度は終了した年度です。変更しますか？」 when a change to a
 * closed year comes back YEAR_CLOSED. A yes holds for that year until logout, so autosave does not
 * ask again at every keystroke; calls arriving while the question is open wait for the same answer.
 */
export function ClosedYearQuestion() {
  const [asking, setAsking] = useState<Asking | null>(null);
  const pending = useRef<Asking | null>(null);
  const confirmed = useRef(new Set<number>());

  useEffect(() => {
    const ask = (fy: number): Promise<boolean> => {
      if (confirmed.current.has(fy)) return Promise.resolve(true);
      const open = pending.current;
      if (open?.fy === fy) return open.answer;
      // Another year's question is open: this one comes after it.
      if (open) return open.answer.then(() => ask(fy));
      let resolve: (yes: boolean) => void = () => undefined;
      const answer = new Promise<boolean>((r) => {
        resolve = r;
      });
      const next = { fy, answer, resolve };
      pending.current = next;
      setAsking(next);
      return answer;
    };
    return onClosedYear(ask);
  }, []);

  const close = (yes: boolean) => {
    const a = pending.current;
    if (!a) return;
    if (yes) confirmed.current.add(a.fy);
    pending.current = null;
    setAsking(null);
    a.resolve(yes);
  };

  return (
    <Dialog open={asking !== null} onClose={() => close(false)} maxWidth="xs" fullWidth>
      <DialogTitle>終了した年度の変更</DialogTitle>
      <DialogContent>
        <DialogContentText>{asking ? closedYearQuestion(asking.fy) : ''}</DialogContentText>
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2 }}>
        <Button onClick={() => close(false)}>キャンセル</Button>
        <Button variant="contained" color="warning" onClick={() => close(true)} autoFocus>
          変更する
        </Button>
      </DialogActions>
    </Dialog>
  );
}
