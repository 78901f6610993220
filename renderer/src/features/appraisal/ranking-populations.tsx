import { Fragment } from 'react';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import { alpha } from '@mui/material/styles';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { gradeGroupOfPopulation, sectionOfPopulation } from '../../../../shared/appraisal';
import type { RankingView } from '../../../../shared/contract';
import { gradeGroups } from '../../../../shared/org';
import { formatCount } from '../../format';

type PopulationItem = RankingView['populations'][number];

/**
 * The populations, one row per grade group: the grade group ranked 区全体 is one button; ranked per
 * 課 it is a button per section (a ward has ~10 sections, so up to ~40 buttons in four rows).
 */
export function PopulationPicker({ view, onPick }: { view: RankingView; onPick: (key: string) => void }) {
  const rows = gradeGroups
    .map((g) => ({ group: g, items: view.populations.filter((p) => gradeGroupOfPopulation(p.key) === g) }))
    .filter((r) => r.items.length > 0);
  const button = (p: PopulationItem) => {
    const section = sectionOfPopulation(p.key);
    return (
      <ToggleButton
        key={p.key}
        value={p.key}
        sx={{ gap: 1, py: 0.5 }}
        // A section's button shows the section; its name says the whole population.
        aria-label={section === null ? undefined : `${p.label} ${formatCount(p.size)}${p.confirmed ? ' 確定' : ''}`}
      >
        {section ?? p.label}
        <Box component="span" sx={{ color: 'text.secondary' }}>
          {formatCount(p.size)}
        </Box>
        {p.confirmed ? <Chip size="small" color="success" label="確定" sx={{ height: 20 }} /> : null}
      </ToggleButton>
    );
  };
  return (
    <Box
      role="group"
      aria-labelledby="population-label"
      sx={{ display: 'grid', gridTemplateColumns: 'max-content minmax(0, 1fr)', gap: 1, alignItems: 'start' }}
    >
      {rows.map(({ group, items }) => {
        const perSection = items.some((p) => sectionOfPopulation(p.key) !== null);
        const labelId = `population-row-${group}`;
        return (
          <Fragment key={group}>
            <Typography id={labelId} variant="body2" sx={{ pt: 0.75, whiteSpace: 'nowrap' }}>
              {group}
              {perSection ? (
                <Box component="span" sx={{ color: 'text.secondary' }}>
                  {`（課ごと ${items.length}）`}
                </Box>
              ) : null}
            </Typography>
            <ToggleButtonGroup
              exclusive
              size="small"
              aria-labelledby={labelId}
              value={items.some((p) => p.key === view.population) ? view.population : null}
              onChange={(_e, v: string | null) => {
                if (v !== null) onPick(v);
              }}
              sx={{
                flexWrap: 'wrap',
                // Wrapped buttons keep their own borders (a group's joined borders break across lines).
                '& .MuiToggleButtonGroup-grouped': {
                  border: 1,
                  borderColor: 'divider',
                  borderRadius: 1,
                  m: 0.25,
                },
                '& .MuiToggleButtonGroup-grouped:not(:first-of-type)': {
                  borderLeft: 1,
                  borderColor: 'divider',
                  ml: 0.25,
                },
                '& .MuiToggleButtonGroup-grouped.Mui-selected': {
                  borderColor: 'primary.main',
                  color: 'primary.main',
                  bgcolor: (t) => alpha(t.palette.primary.main, 0.1),
                },
              }}
            >
              {items.map(button)}
            </ToggleButtonGroup>
          </Fragment>
        );
      })}
    </Box>
  );
}
