import { describe, expect, it } from 'vitest';
import {
  headOfOfficeLabel,
  meaningfulKpi,
  meaningfulScale,
  preferencesRequired,
  submitProblems,
  submitRefusal,
  submitRequired,
} from '../../shared/self-report';
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

describe('submitRefusal: one message with every problem (docs/self-report.md)', () => {
  it('a single problem is its own message', () => {
    const problems = submitProblems({ ...complete, workload: null });
    expect(submitRefusal(problems)).toBe('業務量を選んでください。');
  });
  it('several are counted and listed in form order', () => {
    const problems = submitProblems({ ...complete, duties: '', meaningful: null, transferWish: '異動希望' });
    expect(submitRefusal(problems)).toBe(
      'まだ提出できません（3件）。現在の担当業務を入力してください。' +
        '「意義のある仕事だと感じるか」を選んでください。' +
        '異動希望の場合は、希望する所属・職務を1つ以上入力してください。',
    );
  });
  it('asks for a choice in words, never 「1〜5」, where the options are words', () => {
    const all = submitProblems({ duties: '', workload: null, meaningful: null, transferWish: null, preferences: [] });
    for (const p of all.filter((x) => x.field !== 'duties')) {
      expect(p.message).toMatch(/を選んでください。$/u);
      expect(p.message).not.toMatch(/[0-9０-９]/u);
    }
  });
});

describe('the required fields the form marks', () => {
  it('are exactly the ones submitProblems asks for when everything is empty', () => {
    const empty = submitProblems({ duties: '', workload: null, meaningful: null, transferWish: null, preferences: [] });
    expect(empty.map((p) => p.field)).toEqual([...submitRequired]);
  });
  it('add 希望する所属・職務 only for 異動希望', () => {
    expect(preferencesRequired('異動希望')).toBe(true);
    expect(preferencesRequired('継続希望')).toBe(false);
    expect(preferencesRequired('どちらでもよい')).toBe(false);
    expect(preferencesRequired(null)).toBe(false);
  });
});

describe('headOfOfficeLabel: 「所属長」 is the 調整者, named', () => {
  it('names the title and the name', () => {
    expect(headOfOfficeLabel({ position: '副区長', name: '山田　太郎' })).toBe('所属長（調整者: 副区長 山田　太郎）');
  });
  it('says plainly when there is none yet', () => {
    expect(headOfOfficeLabel(null)).toBe('所属長（調整者は未設定）');
    expect(headOfOfficeLabel(undefined)).toBe('所属長（調整者は未設定）');
  });
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
