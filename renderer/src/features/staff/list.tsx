import { useCallback } from 'react';
import Alert from '@mui/material/Alert';
import Typography from '@mui/material/Typography';
import type { StaffSortField } from '../../../../shared/contract';
import { errorMessage, request } from '../../client';
import type { ServerPaging } from '../../hooks/useServerPage';
import { useLoad } from '../../hooks/useLoad';
import { useSession } from '../../session';
import { PageHeading } from '../../ui/page-heading';
import { StaffFilters } from './filters';
import type { StaffFilter } from './filters';
import { StaffGrid } from './grid';

type Props = {
  /** The filters as set (the search as typed). */
  filter: StaffFilter;
  onFilterChange: (next: StaffFilter) => void;
  /** The search once typing has paused: what is asked for. */
  query: string;
  fy: number | null;
  paging: ServerPaging<StaffSortField>;
  onOpen: (staffNo: string) => void;
};

/**
 * 職員: every staff member the account may see, searched, filtered, sorted and paged by the app
 * (docs/lists.md): the screen holds one page, so a city's 35,000 people cost what 100 do.
 */
export function StaffList({ filter, onFilterChange, query, fy, paging, onOpen }: Props) {
  const { session } = useSession();
  // A staff account's list holds its own record only (docs/organisation.md): nothing to filter.
  const ownOnly = session.role === 'staff';
  const { section, gradeGroup, active } = filter;
  const { page } = paging;

  const loadSections = useCallback(() => request('org:sections', {}), []);
  const sections = useLoad(loadSections);

  const loadStaff = useCallback(
    () =>
      request('staff:list', {
        ...(query ? { query } : {}),
        section,
        gradeGroup,
        active,
        ...(fy !== null ? { fy } : {}),
        page,
      }),
    [query, section, gradeGroup, active, fy, page],
  );
  const staff = useLoad(loadStaff);

  // Everyone the account may see with the same 在職 filter: the 「N人中 M人」 of a narrowed list.
  const narrowed = query !== '' || section !== null || gradeGroup !== null;
  const loadEveryone = useCallback(
    () =>
      request('staff:list', { active, ...(fy !== null ? { fy } : {}), page: { offset: 0, limit: 1 } }).then(
        (r) => r.total,
      ),
    [active, fy],
  );
  const everyone = useLoad(narrowed ? loadEveryone : null);

  return (
    <>
      <PageHeading title="職員" />
      {ownOnly ? (
        <Typography sx={{ mb: 1.5, color: 'text.secondary' }}>
          職員の権限では、自分の記録だけが表示されます。
        </Typography>
      ) : (
        <StaffFilters
          filter={filter}
          onChange={onFilterChange}
          sections={sections.data ?? []}
          total={staff.data ? staff.data.total : null}
          everyone={narrowed ? (everyone.data ?? null) : null}
        />
      )}
      {staff.error || sections.error ? (
        <Alert severity="error" sx={{ mb: 1.5 }}>
          {errorMessage(staff.error ?? sections.error)}
        </Alert>
      ) : null}
      <StaffGrid
        rows={staff.data?.rows ?? []}
        total={staff.data ? staff.data.total : null}
        loading={staff.loading || query !== filter.query.trim()}
        paging={paging}
        onOpen={onOpen}
      />
      <Typography sx={{ mt: 1, fontSize: 13, color: 'text.secondary' }}>
        行をクリックするか、行を選んで Enter キーを押すと職員の詳細を表示します。見出しをクリックすると並べ替えます。
      </Typography>
    </>
  );
}
