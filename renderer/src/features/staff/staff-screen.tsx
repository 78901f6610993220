import { useState } from 'react';
import type { GridPaginationModel } from '@mui/x-data-grid';
import { initialStaffFilter } from './filters';
import type { StaffFilter } from './filters';
import { StaffList } from './list';
import { StaffPage } from './person-page';

/**
 * The 職員 section: the list, or one person's page. The list's search, filters and page are kept
 * here so that 戻る returns to the same place.
 */
export function StaffScreen() {
  const [filter, setFilter] = useState<StaffFilter>(initialStaffFilter);
  const [paginationModel, setPaginationModel] = useState<GridPaginationModel>({ page: 0, pageSize: 100 });
  const [open, setOpen] = useState<string | null>(null);

  if (open !== null) return <StaffPage staffNo={open} onBack={() => setOpen(null)} />;
  return (
    <StaffList
      filter={filter}
      onFilterChange={(next) => {
        setFilter(next);
        setPaginationModel((m) => ({ ...m, page: 0 }));
      }}
      paginationModel={paginationModel}
      onPaginationModelChange={setPaginationModel}
      onOpen={setOpen}
    />
  );
}
