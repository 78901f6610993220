import { expect } from 'vitest';
import type { ApiError, Result } from '../../shared/result';

/** The value of a call that must succeed; otherwise the test fails with the code and message. */
export function ok<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** A call that must be refused with `code`, and a message in Japanese for the person. */
export function fail<T>(r: Result<T>, code: ApiError['code']): ApiError {
  if (r.ok) throw new Error(`expected ${code}, got ok`);
  expect(r.error.code, r.error.message).toBe(code);
  expect(r.error.message).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/u);
  return r.error;
}
