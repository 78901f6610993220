import { z } from 'zod';

/*
 * The password rules (docs/keyring.md, "Password rules"), in one place for the screens, which
 * check every field at once before sending, and the core, which checks them again and answers
 * with the same words at the same field.
 */

export const passwordMin = 8;
export const passwordMax = 128;

export const passwordMessages = {
  currentMissing: '現在のパスワードを入力してください。',
  missing: (label: string) => `${label}を入力してください。`,
  tooShort: (label: string) => `${label}は${passwordMin}文字以上にしてください。`,
  tooLong: (label: string) => `${label}は${passwordMax}文字以内にしてください。`,
  sameAsCurrent: '新しいパスワードは現在のものと別にしてください。',
  confirmMissing: '確認のため、もう一度入力してください。',
  mismatch: '確認のパスワードが一致しません。',
} as const;

/** A new password's own problem (empty, too short, too long), or null. */
export function newPasswordProblem(password: string, label: string): string | null {
  if (password === '') return passwordMessages.missing(label);
  if (password.length < passwordMin) return passwordMessages.tooShort(label);
  if (password.length > passwordMax) return passwordMessages.tooLong(label);
  return null;
}

/**
 * Every problem of a password form at once, by field: the new password, its confirmation and,
 * when the form asks for it, the current password.
 */
export function passwordFormProblems(
  form: { current?: string; next: string; confirm: string },
  label: string,
): Partial<Record<'current' | 'next' | 'confirm', string>> {
  const out: Partial<Record<'current' | 'next' | 'confirm', string>> = {};
  if (form.current !== undefined && form.current === '') out.current = passwordMessages.currentMissing;
  const next = newPasswordProblem(form.next, label);
  if (next !== null) out.next = next;
  else if (form.current !== undefined && form.current !== '' && form.next === form.current)
    out.next = passwordMessages.sameAsCurrent;
  if (form.confirm === '') out.confirm = passwordMessages.confirmMissing;
  else if (form.confirm !== form.next) out.confirm = passwordMessages.mismatch;
  return out;
}

/** The core's schema for a new password, with the field's label in its messages. */
export function newPasswordSchema(label: string) {
  return z
    .string()
    .min(1, passwordMessages.missing(label))
    .min(passwordMin, passwordMessages.tooShort(label))
    .max(passwordMax, passwordMessages.tooLong(label));
}
