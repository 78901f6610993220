import { useId } from 'react';
import Box from '@mui/material/Box';
import MenuItem from '@mui/material/MenuItem';
import Select from '@mui/material/Select';
import { fiscalYearLabel } from '../../../shared/fiscal-year';
import { useFiscalYear } from '../fiscal-year';
import { confirmLeave } from '../hooks/useLeaveGuard';

/** The fiscal year every screen works on, chosen in the app bar. */
export function FiscalYearSelect() {
  const { cycles, fy, setFy, loading } = useFiscalYear();
  const labelId = useId();
  const empty = cycles.length === 0;
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
      <Box component="label" id={labelId} sx={{ fontSize: 14, whiteSpace: 'nowrap' }}>
        年度
      </Box>
      <Select<number | ''>
        labelId={labelId}
        size="small"
        value={fy ?? ''}
        onChange={(e) => {
          // Changing the year reloads the open form: unsaved changes ask first.
          if (confirmLeave()) setFy(Number(e.target.value));
        }}
        disabled={empty}
        displayEmpty
        renderValue={(v) =>
          v === ''
            ? loading
              ? '読み込み中…'
              : '年度がありません'
            : `${fiscalYearLabel(Number(v))}${cycles.find((c) => c.fy === Number(v))?.closed === true ? '（終了）' : ''}`
        }
        sx={{
          minWidth: 230,
          bgcolor: 'background.paper',
          '& .MuiSelect-select': { py: 0.75 },
        }}
      >
        {cycles.map((c) => (
          <MenuItem key={c.fy} value={c.fy}>
            {fiscalYearLabel(c.fy)}
            {c.current ? '（今年度）' : ''}
            {c.closed ? '（終了）' : ''}
          </MenuItem>
        ))}
      </Select>
    </Box>
  );
}
