/**
 * Fiscal years (年度) run 1 April – 31 March and are named by the calendar year they start in.
 * Era names come from Intl's Japanese calendar, never a hand-made era table.
 */
export function fiscalYearOf(date: Date): number {
  return date.getMonth() >= 3 ? date.getFullYear() : date.getFullYear() - 1;
}

const eraFormat = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
  era: 'long',
  year: 'numeric',
  timeZone: 'Asia/Tokyo',
});

/**
 * The era year of a fiscal year. A fiscal year takes the era in force on 1 May, so that
 * 2019年度 is 令和元年度 (the convention most municipalities adopted).
 */
export function eraYearLabel(fy: number): string {
  const label = eraFormat.format(new Date(Date.UTC(fy, 4, 1, 3)));
  // ICU writes the first year of an era as 1年 or 元年 depending on version; normalise to 元年.
  return label.replace(/^(\D+)1年$/u, '$1元年');
}

/** 令和7年度（2025年度） */
export function fiscalYearLabel(fy: number): string {
  return `${eraYearLabel(fy)}度（${fy}年度）`;
}

/** 令和7年度 or 2025年度 alone. */
export function fiscalYearShort(fy: number, style: 'era' | 'western'): string {
  return style === 'era' ? `${eraYearLabel(fy)}度` : `${fy}年度`;
}
