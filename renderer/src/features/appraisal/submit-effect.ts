import type { AppraisalStage, AppraisalView } from '../../../../shared/contract';

/**
 * What submitting a stage does and who can undo it (docs/cycle.md; workflow.service.ts): the
 * evaluator of the next stage may send it back one stage with a reason; a 調整済 appraisal, the
 * 調整者 or HR, until the ranking is confirmed.
 */
export function submitEffect(
  view: AppraisalView,
  stage: AppraisalStage,
): { title: string; next: string; undo: string } {
  const first = `1次評価者（${evaluatorWho(view, 'first')}）`;
  const second = `2次評価者（${evaluatorWho(view, 'second')}）`;
  const adjuster = `調整者（${evaluatorWho(view, 'adjuster')}）`;
  switch (stage) {
    case 'self':
      return {
        title: '自己評価を提出しますか',
        next: `提出すると「自己評価済」になり、${first}の評価に進みます。`,
        undo: `提出後は本人は入力できません。直す必要がある場合は、${first}に理由を付けて差し戻してもらいます。`,
      };
    case 'first':
      return {
        title: '1次評価を提出しますか',
        next: `提出すると「1次評価済」になり、${second}の評価に進みます。`,
        undo: `提出後は1次評価者の欄は入力できません。直す必要がある場合は、${second}が理由を付けて差し戻します。`,
      };
    case 'second':
      return {
        title: '2次評価を提出しますか',
        next: `提出すると「2次評価済」になり、${adjuster}の調整に進みます。`,
        undo: `提出後は2次評価者の欄は入力できません。直す必要がある場合は、${adjuster}が理由を付けて差し戻します。`,
      };
    case 'adjuster':
      return {
        title: '調整を提出しますか',
        next: '提出すると「調整済」になり、相対評価の対象になります。',
        undo: '相対評価が確定するまでは、調整者または人事担当が差し戻して調整をやり直せます。確定した後は、人事担当が確定を解除しない限り変更できません。',
      };
  }
}

/** An evaluator as the screens name them: post and name (総務課長 山田 太郎), or 未設定. */
export function evaluatorWho(view: AppraisalView, stage: 'first' | 'second' | 'adjuster'): string {
  const name = view.evaluators[stage];
  if (name === null) return '未設定';
  const post = view.evaluatorPosts?.[stage] ?? null;
  return post ? `${post} ${name}` : name;
}
