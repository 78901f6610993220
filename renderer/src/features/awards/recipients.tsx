import { useState } from 'react';
import Autocomplete from '@mui/material/Autocomplete';
import TextField from '@mui/material/TextField';
import type { StaffOption } from '../../../../shared/contract';

import { renderStaffOption, staffOptionLabel, useStaffOptions } from '../../ui/staff-autocomplete';

type Props = {
  value: StaffOption[];
  onChange: (value: StaffOption[]) => void;
  error?: string | undefined;
};

/**
 * The award's recipients: several staff picked by 職員番号, name or kana (the list comes from the
 * app as you type, like StaffAutocomplete, which picks only one). Backspace removes the last chip.
 */
export function AwardRecipientsPicker({ value, onChange, error }: Props) {
  const [open, setOpen] = useState(false);
  const [input, setInput] = useState('');
  const { options, loading, loadError } = useStaffOptions(open, input);

  return (
    <Autocomplete
      multiple
      open={open}
      onOpen={() => setOpen(true)}
      onClose={() => setOpen(false)}
      value={value}
      onChange={(_e, v) => onChange(v)}
      inputValue={input}
      onInputChange={(_e, v, reason) => {
        // Picking an option clears the typed text (MUI reports it as 'reset').
        setInput(reason === 'reset' ? '' : v);
      }}
      options={options}
      filterOptions={(x) => x}
      filterSelectedOptions
      disableCloseOnSelect
      getOptionLabel={staffOptionLabel}
      isOptionEqualToValue={(a, b) => a.staffNo === b.staffNo}
      loading={loading}
      loadingText="検索中…"
      noOptionsText={loadError ?? '該当する職員がいません'}
      slotProps={{ chip: { size: 'small' } }}
      renderOption={renderStaffOption}
      renderInput={(params) => (
        <TextField
          {...params}
          label="受賞者"
          error={!!error}
          helperText={error ?? 'グループでの受賞はメンバー全員を選びます。'}
          placeholder={value.length === 0 ? '職員番号・氏名・ふりがなで検索' : ''}
          slotProps={{ ...params.slotProps, htmlInput: { ...params.slotProps.htmlInput, 'aria-required': true } }}
        />
      )}
    />
  );
}
