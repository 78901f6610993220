import { useId, useState } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { AreaTeam, PersonRef } from '../../../../shared/contract';
import { AreaLogDialog } from './log-dialog';
import { areaUnits } from './pairs';

function Person({ person }: { person: PersonRef }) {
  return (
    <Box component="span" sx={{ display: 'inline-flex', alignItems: 'baseline', gap: 0.5, minWidth: 0 }}>
      <Box component="span" sx={{ fontWeight: 500, whiteSpace: 'nowrap' }}>
        {person.name}
      </Box>
      <Box component="span" sx={{ fontSize: 12, color: 'text.secondary', whiteSpace: 'nowrap' }}>
        {[person.section, person.position].filter(Boolean).join('・')}
      </Box>
    </Box>
  );
}

/** One area: its leader, its pairs, and members still without a partner. */
export function AreaTeamCard({ team, fy }: { team: AreaTeam; fy: number }) {
  const titleId = useId();
  const [logOpen, setLogOpen] = useState(false);
  const units = areaUnits(team);
  const pairs = units.filter((u) => u.kind === 'pair').length;
  return (
    <Paper component="section" variant="outlined" aria-labelledby={titleId} sx={{ p: 2 }}>
      <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 1, mb: 0.5 }}>
        <Typography variant="h3" component="h3" id={titleId}>
          {team.name}
        </Typography>
        <Box sx={{ flexGrow: 1 }} />
        <Typography sx={{ fontSize: 13, color: 'text.secondary', whiteSpace: 'nowrap' }}>
          {team.members.length}人・{pairs}ペア
        </Typography>
      </Box>
      {team.note ? <Typography sx={{ fontSize: 13, color: 'text.secondary', mb: 1 }}>{team.note}</Typography> : null}
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, py: 0.75, borderBottom: 1, borderColor: 'divider' }}>
        <Chip size="small" color="primary" label="リーダー" />
        {team.leader ? <Person person={team.leader} /> : <Typography sx={{ color: 'warning.dark' }}>未定</Typography>}
      </Box>
      <Box component="ul" aria-label={`${team.name}のペア`} sx={{ listStyle: 'none', m: 0, p: 0 }}>
        {units.map((u) =>
          u.kind === 'pair' ? (
            <Box
              component="li"
              key={`${u.first.staffNo}-${u.second.staffNo}`}
              sx={{ display: 'flex', alignItems: 'center', gap: 1, py: 0.5 }}
            >
              <Chip size="small" variant="outlined" label="ペア" sx={{ minWidth: 76 }} />
              <Box sx={{ display: 'flex', flexDirection: 'column', minWidth: 0 }}>
                <Person person={u.first} />
                <Person person={u.second} />
              </Box>
              {u.outside ? <Chip size="small" color="warning" label="他の地域" /> : null}
            </Box>
          ) : (
            <Box
              component="li"
              key={u.member.person.staffNo}
              sx={{ display: 'flex', alignItems: 'center', gap: 1, py: 0.5 }}
            >
              <Chip size="small" color="warning" variant="outlined" label="ペア未定" sx={{ minWidth: 76 }} />
              <Person person={u.member.person} />
            </Box>
          ),
        )}
        {units.length === 0 ? (
          <Typography component="li" sx={{ color: 'text.secondary', py: 0.5 }}>
            メンバーはいません。
          </Typography>
        ) : null}
      </Box>
      <Box sx={{ display: 'flex', justifyContent: 'flex-end', mt: 1 }}>
        <Button size="small" variant="outlined" onClick={() => setLogOpen(true)}>
          地域カルテ
        </Button>
      </Box>
      <AreaLogDialog fy={fy} area={team.name} open={logOpen} onClose={() => setLogOpen(false)} />
    </Paper>
  );
}
