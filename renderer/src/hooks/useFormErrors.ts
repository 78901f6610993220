import { useState } from 'react';
import type { ChangeEvent } from 'react';
import { noErrors } from '../form-errors';
import type { FormErrors } from '../form-errors';

/**
 * A form's field errors (docs/renderer.md): editing a field clears its own error, the rest stay
 * until the next save; `bind` gives a text field its value, change handler and message (its error,
 * else the hint).
 */
export function useFormErrors<F extends string>() {
  const [errors, setErrors] = useState<FormErrors<F>>(noErrors());
  const edited = (field: F) =>
    setErrors((e) => (e.fields[field] ? { ...e, fields: { ...e.fields, [field]: undefined } } : e));
  const bind = (field: F, value: string, set: (v: string) => void, hint?: string) => ({
    value,
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      set(e.target.value);
      edited(field);
    },
    error: !!errors.fields[field],
    helperText: errors.fields[field] ?? hint,
  });
  return { errors, setErrors, edited, bind };
}
