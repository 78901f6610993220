import { describe, expect, it } from 'vitest';
import { meaningfulKpi, meaningfulScale, submitProblems } from '../../shared/self-report';
import type { SubmitCheck } from '../../shared/self-report';

const complete: SubmitCheck = {
  duties: '窓口業務',
  workload: '適当',
  meaningful: 4,
  transferWish: '継続希望',
  preferences: [],
};

describe('submitProblems: what a self-report needs before it is submitted', () => {
  const cases: [string, Partial<SubmitCheck>, string[]][] = [
    ['a complete report', {}, []],
    ['no current duties', { duties: '' }, ['duties']],
    ['duties of spaces only', { duties: ' 　\n' }, ['duties']],
    ['no workload', { workload: null }, ['workload']],
    ['the 意義 question unanswered', { meaningful: null }, ['meaningful']],
    ['no transfer wish', { transferWish: null }, ['transferWish']],
    ['異動希望 without a preferred section', { transferWish: '異動希望' }, ['preferences']],
    ['異動希望 with blank preferences only', { transferWish: '異動希望', preferences: ['', ' '] }, ['preferences']],
    ['異動希望 with one preferred section', { transferWish: '異動希望', preferences: ['子育て支援課'] }, []],
    ['どちらでもよい without preferences', { transferWish: 'どちらでもよい' }, []],
    [
      'everything missing, in form order',
      { duties: '', workload: null, meaningful: null, transferWish: null },
      ['duties', 'workload', 'meaningful', 'transferWish'],
    ],
  ];
  for (const [name, change, fields] of cases) {
    it(name, () => {
      const problems = submitProblems({ ...complete, ...change });
      expect(problems.map((p) => p.field)).toEqual(fields);
      for (const p of problems) expect(p.message).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/u);
    });
  }
});

describe('meaningfulKpi: the share answering 4 or 5 (target 90%)', () => {
  const cases: [
    string,
    (number | null)[],
    { answered: number; topTwo: number; share: number | null; met: boolean | null },
  ][] = [
    ['nobody answered yet', [], { answered: 0, topTwo: 0, share: null, met: null }],
    ['unanswered do not count', [null, null], { answered: 0, topTwo: 0, share: null, met: null }],
    ['all 5', [5, 5, 5], { answered: 3, topTwo: 3, share: 1, met: true }],
    [
      'exactly 9 of 10 meets the target',
      [5, 5, 5, 5, 4, 4, 4, 4, 4, 3],
      { answered: 10, topTwo: 9, share: 0.9, met: true },
    ],
    [
      '27 of 30 meets the target',
      [...Array<number>(27).fill(4), 1, 2, 3],
      { answered: 30, topTwo: 27, share: 0.9, met: true },
    ],
    ['8 of 9 falls short', [5, 5, 5, 5, 4, 4, 4, 4, 3], { answered: 9, topTwo: 8, share: 8 / 9, met: false }],
    ['3 is not a top-two answer', [3, 3, 4, null], { answered: 3, topTwo: 1, share: 1 / 3, met: false }],
  ];
  for (const [name, answers, expected] of cases) {
    it(name, () => expect(meaningfulKpi(answers)).toEqual({ ...expected, target: 0.9 }));
  }

  it('the scale runs 5 とてもそう思う … 1 まったくそう思わない', () => {
    expect(meaningfulScale.map((s) => s.value)).toEqual([5, 4, 3, 2, 1]);
    expect(meaningfulScale[0].label).toBe('とてもそう思う');
    expect(meaningfulScale[4].label).toBe('まったくそう思わない');
  });
});
