import { useMemo, useState } from 'react';
import type { HTMLAttributes, Key, ReactNode } from 'react';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { StaffOption } from '../../../shared/contract';
import { errorMessage, request } from '../client';
import { useDebounced } from '../hooks/useDebounced';
import { useLoad } from '../hooks/useLoad';

type Props = {
  label: string;
  value: StaffOption | null;
  onChange: (value: StaffOption | null) => void;
  error?: string | undefined;
  helperText?: string;
};

const noOptions: StaffOption[] = [];

export function staffOptionLabel(o: StaffOption): string {
  return o.name ? `${o.staffNo} ${o.name}` : o.staffNo;
}

/**
 * The staff matching what is typed, asked from the app 250 ms after typing stops while the list is
 * open (`staff:options`); shared by the one-person and the many-people pickers.
 */
/** One person in a staff picker's list: 職員番号 and name, then ふりがな and 所属 in grey. */
export function renderStaffOption(props: HTMLAttributes<HTMLLIElement> & { key: Key }, o: StaffOption): ReactNode {
  const { key, ...rest } = props;
  return (
    <Box component="li" key={key} {...rest}>
      <Box>
        <Typography component="span">{staffOptionLabel(o)}</Typography>
        <Typography component="span" sx={{ ml: 1, fontSize: 12, color: 'text.secondary' }}>
          {[o.kana, o.section].filter(Boolean).join('・')}
        </Typography>
      </Box>
    </Box>
  );
}

export function useStaffOptions(open: boolean, input: string) {
  // Opening counts as a change too: the first question waits for what is typed right after.
  const typed = open ? input.trim() : null;
  const query = useDebounced(typed, 250);
  const load = useMemo(() => (query === null ? null : () => request('staff:options', { query })), [query]);
  const { data: options = noOptions, error, loading } = useLoad(load);
  return {
    options,
    // Searching from opening or the first keystroke until the answer for what was typed arrives.
    loading: open && (loading || query !== typed),
    loadError: error === undefined ? null : errorMessage(error),
  };
}

/** Picks a staff member by 職員番号, name or kana; the list comes from the app as you type. */
export function StaffAutocomplete({ label, value, onChange, error, helperText }: Props) {
  const [open, setOpen] = useState(false);
  const [input, setInput] = useState('');
  const { options, loading, loadError } = useStaffOptions(open, input);

  return (
    <Autocomplete
      open={open}
      onOpen={() => setOpen(true)}
      onClose={() => setOpen(false)}
      value={value}
      onChange={(_e, v) => onChange(v)}
      inputValue={input}
      onInputChange={(_e, v) => setInput(v)}
      options={value && !options.some((o) => o.staffNo === value.staffNo) ? [value, ...options] : options}
      filterOptions={(x) => x}
      getOptionLabel={staffOptionLabel}
      isOptionEqualToValue={(a, b) => a.staffNo === b.staffNo}
      loading={loading}
      loadingText="検索中…"
      noOptionsText={loadError ?? '該当する職員がいません'}
      renderOption={renderStaffOption}
      renderInput={(params) => (
        <TextField
          {...params}
          label={label}
          error={!!error}
          helperText={error ?? helperText}
          placeholder="職員番号・氏名・ふりがなで検索"
        />
      )}
    />
  );
}

/**
 * Adds people one at a time by 職員番号, name or kana: each pick goes to `onPick` and the field empties
 * for the next one (a course's attendees, a record's participants).
 */
export function StaffAdder({
  label,
  onPick,
  error,
  helperText,
}: {
  label: string;
  onPick: (o: StaffOption) => void;
  error?: string | undefined;
  helperText?: string;
}) {
  const [open, setOpen] = useState(false);
  const [input, setInput] = useState('');
  const { options, loading, loadError } = useStaffOptions(open, input);
  return (
    <Autocomplete<StaffOption>
      open={open}
      onOpen={() => setOpen(true)}
      onClose={() => setOpen(false)}
      value={null}
      onChange={(_e, v) => {
        if (v) onPick(v);
        setInput('');
      }}
      inputValue={input}
      onInputChange={(_e, v, reason) => setInput(reason === 'reset' ? '' : v)}
      options={options}
      filterOptions={(x) => x}
      getOptionLabel={staffOptionLabel}
      isOptionEqualToValue={(a, b) => a.staffNo === b.staffNo}
      loading={loading}
      loadingText="検索中…"
      noOptionsText={loadError ?? '該当する職員がいません'}
      renderOption={renderStaffOption}
      blurOnSelect={false}
      clearOnBlur
      renderInput={(params) => (
        <TextField
          {...params}
          label={label}
          placeholder="職員番号・氏名・ふりがなで検索"
          error={!!error}
          helperText={error ?? helperText}
        />
      )}
    />
  );
}
