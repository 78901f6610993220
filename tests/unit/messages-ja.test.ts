import { describe, expect, it } from 'vitest';
import { schemas } from '../../shared/contract';

/** Every refusal of an argument is worded in Japanese, including the checks without a message of their own. */
describe('argument messages', () => {
  it.each([
    ['accounts:create', {}],
    ['accounts:create', { login: 42 }],
    ['selfReport:get', { fy: 'next year' }],
    ['staff:list', { unknownField: true }],
  ] as const)('%s with %j answers in Japanese', (channel, arg) => {
    const r = schemas[channel].safeParse(arg);
    expect(r.success).toBe(false);
    if (!r.success) {
      for (const issue of r.error.issues) {
        expect(issue.message).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/u);
        expect(issue.message).not.toMatch(/Invalid|expected|Unrecognized/u);
      }
    }
  });
});
