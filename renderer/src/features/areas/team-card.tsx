import { useCallback, useId, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { AreaTeam, AreaTeamCounts, PersonRef } from '../../../../shared/contract';
import { errorMessage, request } from '../../client';
import { formatCount } from '../../format';
import { useLoad } from '../../hooks/useLoad';
import { Loading } from '../../ui/loading';
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

/** The figures of a team: counted by the core (`members: false`), or from its members. */
function teamCounts(team: AreaTeam): AreaTeamCounts {
  if (team.counts) return team.counts;
  const units = areaUnits(team);
  return {
    members: team.members.length,
    leaders: team.members.filter((m) => m.role === 'リーダー').length,
    pairs: units.filter((u) => u.kind === 'pair').length,
    unpaired: units.filter((u) => u.kind === 'single').length,
  };
}

/**
 * One area: its figures and leader; its pairs and members still without a partner load when the
 * card is opened (areas:team), so that a city's 120 cards draw quickly.
 */
export function AreaTeamCard({ team, fy, initiallyOpen }: { team: AreaTeam; fy: number; initiallyOpen: boolean }) {
  const titleId = useId();
  const membersId = useId();
  const [logOpen, setLogOpen] = useState(false);
  const [open, setOpen] = useState(initiallyOpen);
  const counts = teamCounts(team);
  return (
    <Paper component="section" variant="outlined" aria-labelledby={titleId} sx={{ p: 2 }}>
      <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 1, mb: 0.5 }}>
        <Typography variant="h3" component="h3" id={titleId}>
          {team.name}
        </Typography>
        <Box sx={{ flexGrow: 1 }} />
        <Typography sx={{ fontSize: 13, color: 'text.secondary', whiteSpace: 'nowrap' }} data-testid="area-counts">
          {formatCount(counts.members)}・{formatCount(counts.pairs, 'ペア')}
          {counts.unpaired > 0 ? `・ペア未定 ${formatCount(counts.unpaired)}` : ''}
        </Typography>
      </Box>
      {team.note ? <Typography sx={{ fontSize: 13, color: 'text.secondary', mb: 1 }}>{team.note}</Typography> : null}
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, py: 0.75, borderBottom: 1, borderColor: 'divider' }}>
        <Chip size="small" color="primary" label="リーダー" />
        {team.leader ? <Person person={team.leader} /> : <Typography sx={{ color: 'warning.dark' }}>未定</Typography>}
      </Box>
      {open ? (
        <Box id={membersId}>
          <TeamMembers team={team} fy={fy} />
        </Box>
      ) : null}
      <Box sx={{ display: 'flex', justifyContent: 'flex-end', gap: 1, mt: 1 }}>
        {counts.members > 0 ? (
          <Button
            size="small"
            aria-expanded={open}
            aria-controls={open ? membersId : undefined}
            onClick={() => setOpen((o) => !o)}
          >
            {open ? 'メンバーを閉じる' : 'メンバーを表示'}
          </Button>
        ) : null}
        <Button size="small" variant="outlined" onClick={() => setLogOpen(true)}>
          地域カルテ
        </Button>
      </Box>
      <AreaLogDialog fy={fy} area={team.name} open={logOpen} onClose={() => setLogOpen(false)} />
    </Paper>
  );
}

/** The team's pairs and unpaired members, asked of the core when the card opens. */
function TeamMembers({ team, fy }: { team: AreaTeam; fy: number }) {
  const load = useCallback(() => request('areas:team', { fy, area: team.name }), [fy, team.name]);
  const { data, error } = useLoad(load);
  if (error && !data) return <Alert severity="error">{errorMessage(error)}</Alert>;
  if (!data) return <Loading label="メンバーを読み込み中…" />;
  const units = areaUnits({ ...team, leader: data.leader, members: data.members });
  return (
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
  );
}
