import { useEffect, useState } from 'react';
import IconButton from '@mui/material/IconButton';
import InputAdornment from '@mui/material/InputAdornment';
import Popover from '@mui/material/Popover';
import SvgIcon from '@mui/material/SvgIcon';
import TextField from '@mui/material/TextField';
import type { TextFieldProps } from '@mui/material/TextField';
import { AdapterDayjs } from '@mui/x-date-pickers/AdapterDayjs';
import { DateCalendar } from '@mui/x-date-pickers/DateCalendar';
import { LocalizationProvider } from '@mui/x-date-pickers/LocalizationProvider';
import dayjs from 'dayjs';
import 'dayjs/locale/ja';
import { isValidIsoDate, parseDateText } from '../../../shared/dates';
import { formatDay } from '../format';

type Props = Omit<TextFieldProps, 'value' | 'onChange' | 'type'> & {
  /** The stored date, 'YYYY-MM-DD', or '' for none (anything else: what the user typed). */
  value: string;
  /**
   * Receives 'YYYY-MM-DD' once the text is a date, '' when emptied, else the text as typed —
   * shaped like an input's change event, so a form's `bind` handler takes it as it is.
   */
  onChange(this: void, e: { target: { value: string } }): void;
};

/** What the box shows for a value: 2026/04/01 for a date, anything else as it is. */
function shown(value: string): string {
  return isValidIsoDate(value) ? formatDay(value) : value;
}

/** The stored value for typed text: a date in any form the ward types (2026/4/1, R8.4.1, 令和8年4月1日). */
function stored(text: string): string {
  const t = text.trim();
  if (t === '') return '';
  const parsed = parseDateText(t);
  return parsed.ok ? parsed.iso : text;
}

/**
 * The one date input (docs/renderer.md, "Dates"): always year/month/day whatever the browser's
 * language, typed (西暦 or 和暦) or picked from a Japanese calendar. Replaces `<TextField type="date">`,
 * whose order follows the browser's locale (mm/dd/yyyy in an English browser).
 */
export function DateField({ value, onChange, slotProps, disabled, ...rest }: Props) {
  const [text, setText] = useState(() => shown(value));
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);

  // A value set from outside (a reset, a loaded record) replaces the text unless it already says it.
  useEffect(() => {
    setText((t) => (stored(t) === value ? t : shown(value)));
  }, [value]);

  const emit = (v: string) => onChange({ target: { value: v } });
  // min and max bound the calendar; on a text box they would mean nothing, so they stop here.
  const { min, max, ...input } = (slotProps?.htmlInput ?? {}) as Record<string, unknown> & {
    min?: string;
    max?: string;
  };

  return (
    <>
      <TextField
        {...rest}
        disabled={disabled}
        value={text}
        placeholder="2026/04/01"
        onChange={(e) => {
          setText(e.target.value);
          emit(stored(e.target.value));
        }}
        onBlur={(e) => {
          setText(shown(stored(text)));
          rest.onBlur?.(e);
        }}
        slotProps={{
          ...slotProps,
          inputLabel: { shrink: true, ...(slotProps?.inputLabel as object) },
          htmlInput: { ...input, inputMode: 'numeric', autoComplete: 'off' },
          input: {
            endAdornment: (
              <InputAdornment position="end">
                <IconButton
                  size="small"
                  edge="end"
                  aria-label="カレンダーから選ぶ"
                  disabled={disabled}
                  onClick={(e) => setAnchor(e.currentTarget)}
                >
                  <SvgIcon fontSize="small" aria-hidden>
                    <path d="M19 4h-1V2h-2v2H8V2H6v2H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2Zm0 16H5V9h14v11ZM7 11h5v5H7v-5Z" />
                  </SvgIcon>
                </IconButton>
              </InputAdornment>
            ),
          },
        }}
      />
      <Popover
        open={anchor !== null}
        anchorEl={anchor}
        onClose={() => setAnchor(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
        transformOrigin={{ vertical: 'top', horizontal: 'right' }}
      >
        <LocalizationProvider dateAdapter={AdapterDayjs} adapterLocale="ja">
          <DateCalendar
            value={isValidIsoDate(value) ? dayjs(value) : null}
            minDate={min && isValidIsoDate(min) ? dayjs(min) : undefined}
            maxDate={max && isValidIsoDate(max) ? dayjs(max) : undefined}
            onChange={(d: dayjs.Dayjs | null) => {
              if (!d?.isValid()) return;
              const iso = d.format('YYYY-MM-DD');
              setText(shown(iso));
              emit(iso);
              setAnchor(null);
            }}
          />
        </LocalizationProvider>
      </Popover>
    </>
  );
}
