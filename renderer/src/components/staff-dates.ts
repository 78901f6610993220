import { formatJapaneseDate } from '../../../shared/dates';

/** A roster date as the ward writes it (令和7年4月1日); empty for no date. */
export function formatDate(iso: string | null | undefined): string {
  return iso ? formatJapaneseDate(iso) : '';
}
