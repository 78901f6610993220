import { useCallback } from 'react';
import Alert from '@mui/material/Alert';
import Typography from '@mui/material/Typography';
import type { GridPaginationModel } from '@mui/x-data-grid';
import { errorMessage, request } from '../../client';
import { PageHeading } from '../../ui/page-heading';
import { StaffFilters } from './filters';
import type { StaffFilter } from './filters';
import { StaffGrid } from './grid';
import { useDebounced } from '../../hooks/useDebounced';
import { useFiscalYear } from '../../fiscal-year';
import { useLoad } from '../../hooks/useLoad';

type Props = {
  filter: StaffFilter;
  onFilterChange: (next: StaffFilter) => void;
  paginationModel: GridPaginationModel;
  onPaginationModelChange: (model: GridPaginationModel) => void;
  onOpen: (staffNo: string) => void;
};

/** 職員: every staff member the account may see, searched and filtered by the app. */
export function StaffList({ filter, onFilterChange, paginationModel, onPaginationModelChange, onOpen }: Props) {
  const { fy } = useFiscalYear();
  const query = useDebounced(filter.query.trim(), 250);
  const { section, gradeGroup, active } = filter;

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
      }),
    [query, section, gradeGroup, active, fy],
  );
  const staff = useLoad(loadStaff);
  const rows = staff.data?.rows ?? [];

  return (
    <>
      <PageHeading title="職員" />
      <StaffFilters
        filter={filter}
        onChange={onFilterChange}
        sections={sections.data ?? []}
        shown={rows.length}
        total={staff.data ? staff.data.total : null}
      />
      {staff.error || sections.error ? (
        <Alert severity="error" sx={{ mb: 1.5 }}>
          {errorMessage(staff.error ?? sections.error)}
        </Alert>
      ) : null}
      <StaffGrid
        rows={rows}
        loading={staff.loading || query !== filter.query.trim()}
        paginationModel={paginationModel}
        onPaginationModelChange={onPaginationModelChange}
        onOpen={onOpen}
      />
      <Typography sx={{ mt: 1, fontSize: 13, color: 'text.secondary' }}>
        行をクリックするか、行を選んで Enter キーを押すと職員の詳細を表示します。
      </Typography>
    </>
  );
}
