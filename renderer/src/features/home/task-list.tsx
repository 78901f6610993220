import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import Typography from '@mui/material/Typography';
import type { HomeTask } from '../../../../shared/contract';
import type { Role } from '../../../../shared/roles';
import { formatDay, formatNumber } from '../../format';
import { sections, sectionsFor } from '../../sections';
import { useNavigateSection } from '../../shell/navigate';

/** The label of a section as the menu shows it. */
export function sectionLabel(id: string): string {
  return sections.find((s) => s.id === id)?.label ?? id;
}

function Due({ task }: { task: HomeTask }) {
  if (task.due === null) {
    return <Typography sx={{ fontSize: 13, color: 'text.secondary' }}>期限なし</Typography>;
  }
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap', justifyContent: 'flex-end' }}>
      {task.overdue ? (
        <Chip size="small" color="error" label="期限切れ" data-testid="task-overdue" sx={{ fontWeight: 700 }} />
      ) : null}
      <Typography
        data-testid="task-due"
        sx={{ fontSize: 13, whiteSpace: 'nowrap', color: task.overdue ? 'error.main' : 'text.primary' }}
      >
        期限 {formatDay(task.due)}
      </Typography>
    </Box>
  );
}

/** やること: each row opens the section where it is done (docs/home.md). */
export function TaskList({ tasks, role }: { tasks: HomeTask[]; role: Role }) {
  const navigate = useNavigateSection();
  if (tasks.length === 0) {
    return (
      <Typography sx={{ color: 'text.secondary', py: 1 }} data-testid="tasks-empty">
        いま期限のあるやることはありません。
      </Typography>
    );
  }
  const visible = new Set<string>(sectionsFor(role).map((s) => s.id));
  return (
    <List disablePadding aria-label="やること" sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
      {tasks.map((t) => {
        const content = (
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, width: '100%' }}>
            <Box sx={{ flex: 1, minWidth: 0 }}>
              <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 1, flexWrap: 'wrap' }}>
                <Typography sx={{ fontWeight: 700 }}>{t.title}</Typography>
                {t.count !== undefined ? (
                  <Typography sx={{ fontWeight: 700, color: 'primary.main' }} data-testid="task-count">
                    {formatNumber(t.count)}件
                  </Typography>
                ) : null}
              </Box>
              {t.detail ? <Typography sx={{ fontSize: 13, color: 'text.secondary' }}>{t.detail}</Typography> : null}
            </Box>
            <Box sx={{ display: 'flex', flexDirection: 'column', alignItems: 'flex-end', gap: 0.5, flexShrink: 0 }}>
              <Due task={t} />
              {visible.has(t.target) ? (
                <Typography sx={{ fontSize: 13, color: 'primary.main' }} data-testid="task-link">
                  {sectionLabel(t.target)}を開く ›
                </Typography>
              ) : null}
            </Box>
          </Box>
        );
        const border = { border: 1, borderColor: t.overdue ? 'error.main' : 'divider', borderRadius: 1 };
        return (
          <ListItem
            key={t.id}
            disablePadding
            data-testid="home-task"
            data-target={t.target}
            data-overdue={t.overdue ? 'true' : 'false'}
            sx={border}
          >
            {visible.has(t.target) ? (
              <ListItemButton onClick={() => navigate(t.target)} sx={{ borderRadius: 1, py: 1 }}>
                {content}
              </ListItemButton>
            ) : (
              <Box sx={{ px: 2, py: 1, width: '100%' }}>{content}</Box>
            )}
          </ListItem>
        );
      })}
    </List>
  );
}
