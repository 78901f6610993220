/** Results cross every boundary (IPC, HTTP, CLI) as plain data with a stable code. */
export const errorCodes = [
  'VALIDATION',
  'UNAUTHENTICATED',
  'AUTH_FAILED',
  'THROTTLED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'DB_MISSING',
  'DB_EXISTS',
  'DB_NOT_KANAME',
  'DB_CORRUPT',
  'DB_NEWER',
  'DB_NO_CIPHER',
  'IO',
  /** Another process (or operation) held the database's write lock past the wait: try again. */
  'BUSY',
  'BAD_SENDER',
  'UNKNOWN_CHANNEL',
  'INTERNAL',
  // A change to a closed fiscal year that HR has not confirmed yet (docs/closed-years.md).
  'YEAR_CLOSED',
  // The session's screen is locked: only unlocking (or logging out) goes through (docs/idle-lock.md).
  'LOCKED',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export type ApiError = { code: ErrorCode; message: string; field?: string };

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** A failure with a Japanese message meant for the user. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  constructor(code: ErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.field = field;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

export function toApiError(e: unknown): ApiError {
  if (isAppError(e)) {
    return e.field === undefined
      ? { code: e.code, message: e.message }
      : { code: e.code, message: e.message, field: e.field };
  }
  return {
    code: 'INTERNAL',
    message: '予期しないエラーが発生しました。操作をやり直してください。続く場合は人事担当に連絡してください。',
  };
}
