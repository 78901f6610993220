import { z } from 'zod';

/**
 * The schemas' own messages are Japanese; a check without one (a missing or wrongly typed field in
 * a hand-made call, e.g. from an HR script) would otherwise answer in the library's English.
 * Imported once by shared/contract.ts, so both the main process and the screen use it.
 */
z.config(z.locales.ja());
