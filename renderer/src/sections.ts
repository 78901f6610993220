import type { Role } from '../../shared/roles';

export type SectionId =
  | 'home'
  | 'dashboard'
  | 'staff'
  | 'areas'
  | 'self-report'
  | 'mbo'
  | 'appraisal'
  | 'awards'
  | 'training'
  | 'postings'
  | 'placement'
  | 'excel'
  | 'settings';

export type Section = {
  id: SectionId;
  label: string;
  /** One sentence on what the section does (from the specification). */
  summary: string;
  /** Roles that see the section; every role when absent. */
  roles?: readonly Role[];
};

export const sections: readonly Section[] = [
  {
    id: 'home',
    label: 'ホーム',
    summary: 'いま自分がすること（期限つき）と、評価者に回ってきている評価、年度の進み具合を示します。',
  },
  {
    id: 'dashboard',
    label: 'プランの進捗',
    summary:
      '職員育成基本プランの目標（仕事に意義を感じる職員の割合90%以上、地域担当・地域担当目標の設定率、研修・表彰の実績、区分の分布、自己申告と人事考課の進み具合）と取組みの実施状況を年度ごとに数値とグラフで示します。',
    roles: ['hr', 'personnel', 'evaluator'],
  },
  {
    id: 'staff',
    label: '職員',
    summary: '職員と組織（課・担当）、評価者の割当て、地域担当の割当てと活動記録（地域カルテ）を管理します。',
  },
  {
    id: 'areas',
    label: '地域担当',
    summary:
      '地域担当制の地域ごとのチーム（リーダーとペアで活動するメンバー）と、まだどの地域にも割り当てられていない職員を年度ごとに示します。',
  },
  {
    id: 'self-report',
    label: '自己申告',
    summary:
      '職員が年度ごとの自己申告書（現在の職務、仕事の意義、異動希望、キャリアなど）を提出し、所属長が面談の記録と所見を入力します。',
  },
  {
    id: 'mbo',
    label: '目標管理',
    summary:
      '目標管理シート（目標1〜5件、地域担当目標を1件以上）の目標設定・中間・期末の自己評価と、評価者による評価を行います。',
  },
  {
    id: 'appraisal',
    label: '人事考課',
    summary:
      '業績評価と能力評価、他所属評価、表彰による加点、1次・2次評価と調整、相対評価（第1区分〜第5区分）を行います。',
  },
  {
    id: 'awards',
    label: '表彰',
    summary: '職場内表彰（4つの取組み）と人材開発センターの表彰を記録し、委員会の決定後に人事考課の加点へ反映します。',
  },
  {
    id: 'training',
    label: '研修',
    summary:
      '年度ごとの研修一覧（接遇研修、区外研修、ファシリテーション研修、担当内勉強会など）と受講記録、プランの研修目標の達成状況を示します。',
  },
  {
    id: 'postings',
    label: '庁内公募',
    summary:
      '庁内公募・プロジェクトチーム・自主グループの募集と応募を扱います。応募は本人・人事担当・人事配置担当だけが見られます。',
  },
  {
    id: 'placement',
    label: '人事配置',
    summary: '職員ごとの人事配置資料（A4）と所属別の一覧（A3）を表示し、印刷・PDF保存します。',
    roles: ['hr', 'personnel'],
  },
  {
    id: 'excel',
    label: '取込・出力',
    summary:
      '名簿・組織・評価者の割当て・表彰・研修などをExcelから取り込み（事前チェック付き）、各種の様式をExcelで出力します。',
    roles: ['hr'],
  },
  {
    id: 'settings',
    label: '設定',
    summary: 'アカウント、監査ログ、整合性の検証とバックアップを管理します。',
  },
];

export function sectionsFor(role: Role): Section[] {
  return sections.filter((s) => !s.roles || s.roles.includes(role));
}
