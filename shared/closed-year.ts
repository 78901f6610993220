import { z } from 'zod';
import { fiscalYearOf, fiscalYearShort } from './fiscal-year';

/*
 * A closed year (終了した年度) is read-only to everyone but HR, and HR confirms before changing it.
 * The one definition both sides use; the rule and why it is a date rule: docs/closed-years.md.
 */

/** A fiscal year is closed once it has ended: every year before the one `today` falls in. */
export function isClosedYear(fy: number, today: Date): boolean {
  return closedIn(fy, fiscalYearOf(today));
}

/** The same rule, given the current fiscal year. */
export function closedIn(fy: number, currentFy: number): boolean {
  return fy < currentFy;
}

/** What a refused non-HR caller reads (FORBIDDEN). */
export function closedYearRefusal(fy: number): string {
  return `${fiscalYearShort(fy, 'era')}は終了した年度のため、変更できません（閲覧のみ）。`;
}

/** What HR reads when a change to a closed year was not confirmed (YEAR_CLOSED); the screen asks instead. */
export function closedYearUnconfirmed(fy: number): string {
  return `${fiscalYearShort(fy, 'era')}は終了した年度です。変更する場合は、確認のうえもう一度操作してください。`;
}

/** The question the screen asks HR before the change goes ahead. */
export function closedYearQuestion(fy: number): string {
  return `${fiscalYearShort(fy, 'era')}は終了した年度です。変更しますか？`;
}

/** The notice on a closed year's forms for everyone but HR. */
export function closedYearReadOnlyNotice(fy: number): string {
  return `${fiscalYearShort(fy, 'era')}は終了した年度です。閲覧のみできます。`;
}

/** The notice HR sees on a closed year's forms. */
export function closedYearHrNotice(fy: number): string {
  return `${fiscalYearShort(fy, 'era')}は終了した年度です。変更する前に確認します。`;
}

/**
 * The optional field of every write channel scoped to a fiscal year: HR answered 「変更しますか？」 with
 * yes. Only `true` is accepted; leaving it out means "not confirmed".
 */
export const ConfirmClosedYear = z.literal(true, { error: '終了した年度の変更の確認が正しくありません' }).optional();
