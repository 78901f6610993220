import { errorField, errorMessage } from './client';

export type FormErrors<F extends string> = {
  fields: Partial<Record<F, string>>;
  /** A message that belongs to no single field; shown above the buttons. */
  general: string | null;
};

export function noErrors<F extends string>(): FormErrors<F> {
  return { fields: {}, general: null };
}

/** Attaches a failed call's message to the field it names, if the form has that field. */
export function toFormErrors<F extends string>(e: unknown, fields: readonly F[]): FormErrors<F> {
  const message = errorMessage(e);
  const field = errorField(e);
  const known = fields.find((f) => f === field);
  if (known !== undefined) {
    const out: Partial<Record<F, string>> = {};
    out[known] = message;
    return { fields: out, general: null };
  }
  return { fields: {}, general: message };
}

/**
 * For a required text field: announced as required, without MUI's visual asterisk (which would
 * also become part of the label text). Forms mark optional fields （任意） instead.
 */
export const requiredInput = { htmlInput: { 'aria-required': true } } as const;
