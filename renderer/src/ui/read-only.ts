/*
 * A read-only field looks read-only (docs/renderer.md "Words"): grey, without the outline a field
 * one can type into has, and no focus ring; an empty one shows （未設定） rather than an empty box.
 * For the theme, the same rule as a selector: `readOnlyInputRule`.
 */

/** The style of an input that cannot be changed (MUI's InputBase root). */
export const readOnlyInputRule = {
  backgroundColor: '#f1f3f5',
  color: 'rgba(0, 0, 0, 0.72)',
  cursor: 'default',
  '& fieldset, &:hover fieldset, &.Mui-focused fieldset': { borderColor: 'transparent', borderWidth: 1 },
  '& input, & textarea': { cursor: 'default' },
} as const;

/** slotProps for a TextField that shows a value which cannot be changed here. */
export const readOnlySlotProps = {
  input: { readOnly: true, sx: readOnlyInputRule },
  htmlInput: { 'aria-readonly': true },
} as const;

/** What an empty read-only field says. */
export const notSet = '（未設定）';
