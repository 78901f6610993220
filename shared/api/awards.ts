import { z } from 'zod';
import type { AwardKind } from '../appraisal';
import { ConfirmClosedYear } from '../closed-year';
import { FiscalYear, Id, IsoDate, reason, StaffNoSchema as StaffNo, text } from './common';
import { defineChannels, out } from './define';

/*
 * Awards (表彰), which add to the appraisal's score (docs/scores.md): channel definitions
 * (docs/channels.md) and the rows the core returns.
 */

export const AWARD_CATEGORIES = [
  '地域担当制の活用',
  '能力開発・向上',
  '主体性を高める仕組みづくり',
  '風通しのよい職場づくり',
  '人材開発センター表彰',
] as const;
export type AwardCategory = (typeof AWARD_CATEGORIES)[number];

export const AWARD_STATUSES = ['推薦中', '決定', '取消'] as const;
export type AwardStatus = (typeof AWARD_STATUSES)[number];

/** The external category is the 人材開発センター's; the four others are 職場内表彰. */
export function awardKindOf(category: AwardCategory): AwardKind {
  return category === '人材開発センター表彰' ? 'external' : 'internal';
}

export type AwardRow = {
  id: number;
  fy: number;
  title: string;
  category: AwardCategory;
  kind: AwardKind;
  awardedOn: string;
  groupName: string;
  nominator: string;
  status: AwardStatus;
  decidedOn: string | null;
  revokeReason: string | null;
  recipients: { staffNo: string; name: string; section: string | null }[];
};

export const awardsChannels = defineChannels({
  'awards:list': { input: z.object({ fy: FiscalYear }).strict(), access: 'session', output: out<AwardRow[]>() },
  'awards:save': {
    input: z
      .object({
        fy: FiscalYear,
        id: Id.nullable(),
        title: z.string().trim().min(1, '表彰名を入力してください').max(100, '表彰名は100文字以内で入力してください'),
        category: z.enum(AWARD_CATEGORIES, { error: '区分を一覧から選んでください' }),
        awardedOn: IsoDate,
        groupName: text('グループ名', 100),
        nominator: text('推薦者', 60),
        recipients: z.array(StaffNo).min(1, '受賞者を1人以上選んでください').max(500),
        confirmClosedYear: ConfirmClosedYear,
      })
      .strict(),
    access: ['hr'],
    output: out<AwardRow[]>(),
  },
  'awards:decide': {
    input: z.object({ fy: FiscalYear, id: Id, decidedOn: IsoDate, confirmClosedYear: ConfirmClosedYear }).strict(),
    access: ['hr'],
    output: out<AwardRow[]>(),
  },
  'awards:revoke': {
    input: z
      .object({ fy: FiscalYear, id: Id, reason: reason('取消の理由'), confirmClosedYear: ConfirmClosedYear })
      .strict(),
    access: ['hr'],
    output: out<AwardRow[]>(),
  },
});
