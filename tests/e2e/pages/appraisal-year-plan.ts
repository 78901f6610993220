/**
 * The values of the appraisal-year walk (tests/e2e/appraisal-year.spec.ts), shared with the
 * integration test of the demo's walk section (tests/integration/demo-walk.test.ts), which checks
 * that these values, entered through the services, leave a boundary tie for the 調整者.
 *
 * The walk section is the demo's (electron/core/demo/demo-ward.ts walkSectionOf): its 係員級 is
 * ranked per 課, its two strongest score exactly 4.00, and every value here keeps the others below.
 */
export const walkPlan = {
  /** The 本人's own ratings of every competency item. */
  selfRating: 4,
  selfComment: '担当業務と地域担当の両立に努め、地域の方と顔の見える関係を築けた（e2e）',
  /** The area leader's cross-section rating of the 本人's 地域担当目標. */
  crossLevel: 'A',
  crossComment: '巡回に毎月参加し、町会との調整役を担った（e2e）',
  /** The workplace award for the 本人 (職場内表彰: +0.2). */
  award: {
    title: '地域の防犯マップづくり（e2e）',
    category: '地域担当制の活用',
    nominator: '区民安全課長',
    bonus: 0.2,
  },
  /** The 1次 (in the app and in the workbook): every item 3; each goal at its default, else B. */
  firstRating: 3,
  firstLevel: 'B',
  /** The 1次 departs from the cross-section level of the 本人's 地域担当目標 with this level and reason. */
  departLevel: 'B',
  departReason: '地域での活動は評価するが、年度後半は参加が減ったため（e2e）',
  firstComment: '担当業務を着実にこなし、地域担当でも信頼を得ている（e2e）',
  /** The 2次 (in the app and in the workbook): every item 3, every goal B. */
  secondRating: 3,
  secondLevel: 'B',
  secondComment: '1次評価のとおり（e2e）',
  /** The 調整者's one adjustment, on the 本人. */
  adjustment: 0.1,
  adjustmentLabel: '+0.10',
  adjustmentReason: '地域の防犯活動への貢献を加味した（e2e）',
  adjusterComment: '地域との連携に貢献した（e2e）',
} as const;

export type WalkPlan = typeof walkPlan;
