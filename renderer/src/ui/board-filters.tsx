import { useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useDebounced } from '../hooks/useDebounced';
import { ChoiceFilter, PeopleQuery } from './list-filters';

/*
 * The filter bar of the people boards that page on the server (docs/renderer.md "Boards",
 * docs/lists.md): 目標管理 and 自己申告, 担当職員 and 進捗状況 / 提出状況. A search, an optional 所属,
 * a status, a board's own extra controls, and the count line.
 */

const noSection = '（所属なし）';

/** What a board's filters hold, and what its list channel is asked. */
export type BoardFilterState<S extends string> = {
  query: string;
  setQuery: (value: string) => void;
  status: S | '';
  setStatus: (value: S | '') => void;
  section: string;
  setSection: (value: string) => void;
  /** The filters set, as the list channels take them (the search trimmed, once typing stops). */
  params: { query?: string; status?: S; section?: string };
  /** Names the filters: the paging starts again at the first page when it changes (useServerPage). */
  key: string;
};

export function useBoardFilters<S extends string>(): BoardFilterState<S> {
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<S | ''>('');
  const [section, setSection] = useState('');
  const q = useDebounced(query.trim(), 300);
  const params = useMemo(
    () => ({
      ...(section === '' ? {} : { section }),
      ...(q === '' ? {} : { query: q }),
      ...(status === '' ? {} : { status }),
    }),
    [q, status, section],
  );
  return { query, setQuery, status, setStatus, section, setSection, params, key: `${q}|${status}|${section}` };
}

/** A board's answer, as far as the 所属 choices need it. */
type SectionsAnswer = { section: string | null; sections: readonly { section: string }[] };

/**
 * The 所属 choices: the sections of the whole list, taken from an answer without a 所属 filter and
 * kept while one is chosen (the answer then has that section only).
 */
export function useSectionChoices(data: SectionsAnswer | null | undefined): string[] {
  const [sections, setSections] = useState<string[]>([]);
  const choices = useMemo(
    () => (data && data.section === null ? data.sections.map((s) => s.section).filter((s) => s !== noSection) : null),
    [data],
  );
  useEffect(() => {
    if (choices !== null) setSections(choices);
  }, [choices]);
  return sections;
}

/**
 * The bar above a board's grid: the search, 所属 (when `sections` is given), the status, the
 * board's own controls (`children`) and the count line (`count`, under `countTestId`).
 */
export function BoardFilters<S extends string>({
  filters,
  statusLabel,
  statuses,
  sections,
  children,
  count,
  countTestId,
}: {
  filters: BoardFilterState<S>;
  statusLabel: string;
  statuses: readonly S[];
  sections?: readonly string[];
  children?: ReactNode;
  count: ReactNode;
  countTestId: string;
}) {
  return (
    <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
      <PeopleQuery value={filters.query} onChange={filters.setQuery} />
      {sections ? (
        <ChoiceFilter
          label="所属"
          value={filters.section}
          choices={sections}
          onChange={filters.setSection}
          width={200}
        />
      ) : null}
      <ChoiceFilter label={statusLabel} value={filters.status} choices={statuses} onChange={filters.setStatus} />
      {children}
      <Typography sx={{ color: 'text.secondary' }} data-testid={countTestId}>
        {count}
      </Typography>
    </Box>
  );
}
