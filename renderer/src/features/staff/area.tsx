import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import type { AreaMembership } from '../../../../shared/contract';
import { fiscalYearShort } from '../../../../shared/fiscal-year';
import { PersonCell } from './person-cell';
import { StaffPanel } from './panel';

/** 地域担当 for the chosen year: the area, the role, the pair partner and the area's leader. */
export function StaffArea({ area, fy }: { area: AreaMembership | null; fy: number }) {
  return (
    <StaffPanel title={`地域担当（${fiscalYearShort(fy, 'era')}）`}>
      {area === null ? (
        <Alert severity="warning">
          この年度は地域担当に割り当てられていません。プランではすべての職員が地域担当チームに入ります。
        </Alert>
      ) : (
        <Box
          component="dl"
          aria-label="地域担当"
          sx={{
            m: 0,
            display: 'grid',
            gridTemplateColumns: '8em 1fr',
            columnGap: 2,
            rowGap: 1,
            '& dt': { color: 'text.secondary', fontSize: 13, pt: '2px' },
            '& dd': { m: 0 },
          }}
        >
          <dt>地域</dt>
          <dd>{area.area}</dd>
          <dt>役割</dt>
          <dd>{area.role}</dd>
          <dt>ペア</dt>
          <dd>
            <PersonCell person={area.partner} empty="ペアなし" />
          </dd>
          <dt>リーダー</dt>
          <dd>
            <PersonCell person={area.leader} empty="未定" />
          </dd>
        </Box>
      )}
    </StaffPanel>
  );
}
