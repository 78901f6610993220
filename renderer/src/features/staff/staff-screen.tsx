import { useState } from 'react';
import { staffSortFields } from '../../../../shared/contract';
import { useFiscalYear } from '../../fiscal-year';
import { useDebounced } from '../../hooks/useDebounced';
import { useServerPage } from '../../hooks/useServerPage';
import { initialStaffFilter } from './filters';
import type { StaffFilter } from './filters';
import { StaffList } from './list';
import { StaffPage } from './person-page';

/**
 * The 職員 section: the list, or one person's page. The list's search, filters, page and sort are
 * kept here so that 戻る returns to the same place; a change of filter starts at the first page.
 */
export function StaffScreen() {
  const [filter, setFilter] = useState<StaffFilter>(initialStaffFilter);
  const { fy } = useFiscalYear();
  const query = useDebounced(filter.query.trim(), 250);
  const filterKey = JSON.stringify([query, filter.section, filter.gradeGroup, filter.active, fy]);
  const paging = useServerPage(staffSortFields, filterKey, { pageSize: 100 });
  const [open, setOpen] = useState<string | null>(null);

  if (open !== null) return <StaffPage staffNo={open} onBack={() => setOpen(null)} />;
  return (
    <StaffList filter={filter} onFilterChange={setFilter} query={query} fy={fy} paging={paging} onOpen={setOpen} />
  );
}
