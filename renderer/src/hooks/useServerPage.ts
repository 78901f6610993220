import { useCallback, useMemo, useState } from 'react';
import type { GridPaginationModel, GridSortModel } from '@mui/x-data-grid';
import type { PageRequest } from '../../../shared/api/common';

/** The grid's paging and sorting, as a list channel's `page` argument (docs/lists.md). */
export type ServerPaging<F extends string> = {
  paginationModel: GridPaginationModel;
  onPaginationModelChange: (model: GridPaginationModel) => void;
  sortModel: GridSortModel;
  onSortModelChange: (model: GridSortModel) => void;
  /** The fields the channel sorts by; other columns are not sortable. */
  sortFields: readonly F[];
  /** What to send: memoised, so a load keyed on it runs once per change. */
  page: PageRequest<F>;
};

/**
 * Paging and sorting for a list that pages on the server. `filterKey` names the current filters
 * (any string): when it changes the list starts again at its first page, in the same render, so no
 * stale page is ever requested.
 */
export function useServerPage<F extends string>(
  sortFields: readonly F[],
  filterKey: string,
  initial: { pageSize?: number; sort?: F; desc?: boolean } = {},
): ServerPaging<F> {
  const [state, setState] = useState<{ key: string; model: GridPaginationModel }>({
    key: filterKey,
    model: { page: 0, pageSize: initial.pageSize ?? 50 },
  });
  const [sortModel, setSortModel] = useState<GridSortModel>(
    initial.sort ? [{ field: initial.sort, sort: initial.desc ? 'desc' : 'asc' }] : [],
  );
  const paginationModel = useMemo(
    () => (state.key === filterKey ? state.model : { ...state.model, page: 0 }),
    [state, filterKey],
  );
  const onPaginationModelChange = useCallback(
    (model: GridPaginationModel) => setState({ key: filterKey, model }),
    [filterKey],
  );
  const onSortModelChange = useCallback(
    (model: GridSortModel) => {
      setSortModel(model);
      // A new order starts at its first page.
      setState((s) => ({ key: filterKey, model: { ...s.model, page: 0 } }));
    },
    [filterKey],
  );
  const first = sortModel[0];
  const sortField = first && (sortFields as readonly string[]).includes(first.field) ? (first.field as F) : undefined;
  const desc = first?.sort === 'desc';
  const page = useMemo<PageRequest<F>>(
    () => ({
      offset: paginationModel.page * paginationModel.pageSize,
      limit: paginationModel.pageSize,
      ...(sortField ? { sort: sortField, desc } : {}),
    }),
    [paginationModel, sortField, desc],
  );
  return { paginationModel, onPaginationModelChange, sortModel, onSortModelChange, sortFields, page };
}
