import type { ImportPreview, Input } from '../../../../shared/contract';

/**
 * The import screen's rule for rows that ask for a confirmation (problems of kind 'confirm': an
 * unknown 職員番号 that may be a stored person's with its leading zeros lost). Kept apart from the
 * React panel so it is tested against real previews (tests/integration/import-lost-zeros.test.ts).
 */
export type ConfirmState = {
  /** Problems the user may confirm away (「新しい職員として取り込むことを確認しました」). */
  confirmable: number;
  /** Problems the file itself must fix. */
  errors: number;
  /** The commit button is disabled: errors remain, or confirmations are not yet given. */
  blocked: boolean;
};

export function confirmState(preview: Pick<ImportPreview, 'problems'>, confirmed: boolean): ConfirmState {
  const confirmable = preview.problems.filter((p) => p.kind === 'confirm').length;
  const errors = preview.problems.length - confirmable;
  return { confirmable, errors, blocked: errors > 0 || (confirmable > 0 && !confirmed) };
}

/** The commit request: the flag only when the user ticked the box for rows that asked for it. */
export function commitRequest(
  preview: Pick<ImportPreview, 'token' | 'problems'>,
  confirmed: boolean,
): Input<'import:commit'> {
  const { confirmable } = confirmState(preview, confirmed);
  return confirmed && confirmable > 0 ? { token: preview.token, confirmNewStaff: true } : { token: preview.token };
}
