import Box from '@mui/material/Box';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import type { Section, SectionId } from '../sections';

type Props = { sections: readonly Section[]; current: SectionId; onSelect: (id: SectionId) => void };

export const navWidth = 184;

/** The left navigation: one button per section, the current one marked for screen readers too. */
export function NavDrawer({ sections, current, onSelect }: Props) {
  return (
    <Box
      component="nav"
      aria-label="メインメニュー"
      sx={{
        width: navWidth,
        flexShrink: 0,
        bgcolor: 'background.paper',
        borderRight: 1,
        borderColor: 'divider',
        overflowY: 'auto',
      }}
    >
      <List dense disablePadding sx={{ py: 1 }}>
        {sections.map((s) => {
          const selected = s.id === current;
          return (
            <ListItemButton
              key={s.id}
              selected={selected}
              aria-current={selected ? 'page' : undefined}
              onClick={() => onSelect(s.id)}
              sx={{
                py: 1,
                pl: 2.5,
                borderLeft: 3,
                borderColor: selected ? 'primary.main' : 'transparent',
                '&.Mui-selected': { bgcolor: 'rgba(36,70,107,0.08)' },
              }}
            >
              <ListItemText
                primary={s.label}
                slotProps={{ primary: { sx: { fontSize: 15, fontWeight: selected ? 700 : 400 } } }}
              />
            </ListItemButton>
          );
        })}
      </List>
    </Box>
  );
}
