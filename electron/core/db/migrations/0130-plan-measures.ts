import type { Database } from 'better-sqlite3-multiple-ciphers';

/**
 * The plan's measures (取組み) and the records of what was done (実施記録): docs/measures.md.
 *
 * - plan_measures: one row per measure of a plan — its heading, wording, target and target year,
 *   who must hold it (every 課, every 担当, or the office as a whole) and how many times a year.
 *   A measure the office already measures elsewhere (研修, 地域担当目標, 表彰) names that KPI
 *   instead (kpi_id) and has no records. Seeded with the 西区職員育成基本プラン's measures; HR edits
 *   them and adds the next plan's (from_fy / to_fy bound the years a measure applies to).
 * - measure_records: what was held, when, by which section or 担当 (both null: the whole office),
 *   with how many participants and a short note.
 * - measure_record_people: the participants by name, where they were recorded as people.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE plan_measures (
      id INTEGER PRIMARY KEY,
      plan TEXT NOT NULL,
      heading_no INTEGER NOT NULL CHECK (heading_no BETWEEN 1 AND 99),
      heading TEXT NOT NULL,
      code TEXT NOT NULL UNIQUE,
      title TEXT NOT NULL,
      description TEXT NOT NULL DEFAULT '',
      target_text TEXT NOT NULL DEFAULT '',
      target_fy INTEGER CHECK (target_fy IS NULL OR target_fy BETWEEN 1989 AND 2200),
      unit TEXT NOT NULL CHECK (unit IN ('section', 'line', 'office')),
      required INTEGER NOT NULL DEFAULT 1 CHECK (required BETWEEN 1 AND 400),
      kpi_id TEXT,
      from_fy INTEGER CHECK (from_fy IS NULL OR from_fy BETWEEN 1989 AND 2200),
      to_fy INTEGER CHECK (to_fy IS NULL OR to_fy BETWEEN 1989 AND 2200),
      active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
      sort INTEGER NOT NULL DEFAULT 0,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE measure_records (
      id INTEGER PRIMARY KEY,
      measure_id INTEGER NOT NULL REFERENCES plan_measures(id),
      fy INTEGER NOT NULL REFERENCES cycles(fy),
      held_on TEXT NOT NULL,
      section_id INTEGER REFERENCES sections(id),
      line_id INTEGER REFERENCES lines(id),
      participants INTEGER NOT NULL DEFAULT 0 CHECK (participants BETWEEN 0 AND 100000),
      note TEXT NOT NULL DEFAULT '',
      source TEXT NOT NULL DEFAULT 'app' CHECK (source IN ('app', 'import')),
      created_by TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      CHECK (line_id IS NULL OR section_id IS NOT NULL)
    ) STRICT;
    CREATE INDEX measure_records_fy ON measure_records(fy, measure_id);
    CREATE UNIQUE INDEX measure_records_once
      ON measure_records(measure_id, held_on, COALESCE(section_id, 0), COALESCE(line_id, 0));

    CREATE TABLE measure_record_people (
      record_id INTEGER NOT NULL REFERENCES measure_records(id) ON DELETE CASCADE,
      staff_id INTEGER NOT NULL REFERENCES staff(id),
      PRIMARY KEY (record_id, staff_id)
    ) STRICT;
  `);

  const plan = '西区職員育成基本プラン（平成25年6月）';
  const headings: Record<number, string> = {
    1: '地域担当制の活用',
    2: '能力開発・向上の取組み',
    3: '職員が自らの仕事に意義を感じ、主体性を高める仕組みづくり',
    4: '風通しのよい職場づくり',
    5: '職員表彰制度や人事制度の活用',
  };
  type Seed = [
    code: string,
    title: string,
    target: string,
    targetFy: number | null,
    unit: string,
    required: number,
    kpi: string | null,
    description: string,
  ];
  // The plan's 第5 具体的な取組み, in its order. A measure the office measures elsewhere names its KPI.
  const seeds: Seed[] = [
    [
      '1-(1)',
      '各担当地域を知る（ペアでの地域巡回）',
      '25年度に達成',
      2013,
      'office',
      1,
      'area_patrol',
      '各担当内で職員がペアを組み、地域内を定期的に見て回り、何がどこにあるかを確認、記していく。',
    ],
    [
      '1-(2)',
      '地域ごとの勉強会',
      '地域ごとに実施',
      null,
      'office',
      1,
      'area_study',
      '地域ごとに勉強会を実施し、地域の課題や情報を共有する。',
    ],
    [
      '1-(3)',
      '目標管理制度への反映（地域担当目標）',
      '全職員',
      null,
      'office',
      1,
      'area_goal',
      '地域担当制での取組みを、全職員が目標管理制度の目標に位置づける。',
    ],
    [
      '1-(4)',
      'ファシリテーション研修への参加',
      '26年度に達成',
      2014,
      'office',
      1,
      'training_facilitation_area',
      '地域課題解決に必要なファシリテーション能力やコーディネート力を身につける研修へ職員を積極的に参加させる。',
    ],
    [
      '1-(5)',
      'マンションコミュニティづくりへの貢献',
      '27年度に達成',
      2015,
      'office',
      1,
      null,
      '地域担当制で培った能力や情報を活かし、マンションコミュニティづくりの取組みに貢献する。',
    ],
    [
      '2-(1)',
      '接遇研修の実施（全職員対象）',
      '全職員受講',
      2013,
      'office',
      1,
      'training_hospitality',
      '窓口での応接や電話での応対等の能力を高める。',
    ],
    [
      '2-(2)',
      '民間研修機関の活用と全職員対象研修の実施',
      '26年度以降に実施',
      2014,
      'office',
      1,
      null,
      '日常業務で習得しにくい技能・能力について、民間のノウハウを活用し、実践を前提とした研修を実施する。',
    ],
    [
      '2-(3)',
      'ＯＪＴの徹底（担当内勉強会）',
      '各担当で実施',
      null,
      'office',
      1,
      'training_study_sessions',
      '各課の日常業務における能力開発をおこなうため、担当内勉強会を奨励する。',
    ],
    [
      '2-(4)',
      '区外研修の活用と奨励',
      '5人以上／年',
      null,
      'office',
      1,
      'training_external',
      '区政運営に活かせる研修には区役所から最低1人は参加させ、参加した職員を中心に勉強会を開催し情報共有する。',
    ],
    [
      '3-(1)',
      '将来ビジョンや運営方針などのワークショップ',
      '各課もしくは全体で実施',
      null,
      'section',
      1,
      null,
      '各課もしくは全体単位でワークショップを行い、めざす区役所像や西区の課題、事業等の理解を深める。',
    ],
    [
      '3-(1)PT',
      '区長をリーダーとする若手職員プロジェクトチーム',
      '毎年度',
      null,
      'office',
      1,
      null,
      '若手担当職員チームを募集し、西区運営方針における具体的取り組みや重要課題等について検討し取組む。',
    ],
    [
      '3-(2)',
      '意見交換会の開催',
      '25年度中に全課実施',
      2013,
      'section',
      1,
      null,
      '担当業務の進捗状況・問題点をとりまとめ、アクションプランを作成し、グループ内で報告し合い意見を交換する。',
    ],
    [
      '3-(3)',
      '始業時前の庁舎周辺清掃（西区民としての自覚）',
      '毎月2回',
      null,
      'office',
      24,
      null,
      '毎月2回の始業時前に、庁舎周辺の清掃を行う。',
    ],
    [
      '3-(4)',
      '元気アップサポーターと取組む若手職員グループ',
      '毎年度',
      null,
      'office',
      1,
      null,
      '若手職員グループを公募し、自発的に行う取組みを支援する。',
    ],
    [
      '4-(1)',
      '連絡会等を毎日実施',
      '25年度実施（全担当）',
      2013,
      'line',
      1,
      null,
      '担当（ライン）において、業務の連絡や課題・問題などの情報共有や相談を行う連絡会を毎日実施する。',
    ],
    [
      '4-(2)',
      'ランチミーティングなどの実施',
      '課を超えて実施',
      null,
      'office',
      1,
      null,
      'ランチミーティングなどを実施し、課を超え横断的に職員相互のコミュニケーションを深める。',
    ],
    [
      '4-(3)',
      '課を越えた情報共有',
      '26年度より実施',
      2014,
      'office',
      1,
      null,
      '各課の業務について、お互いに連携が図れるような情報共有の仕組みをつくる。',
    ],
    [
      '4-(4)',
      '防災訓練における意識共有',
      '毎年度',
      null,
      'office',
      1,
      null,
      '職員防災訓練等を活用し、各班内や直近参集者で顔と名前を認識し、防災にかかる意識の共有化を図る。',
    ],
    [
      '4-(5)',
      '取組み報告会の実施',
      '年1回',
      null,
      'office',
      1,
      null,
      '本プランの職員育成の取組みについて年に一度報告会を開催し、次年度の取組みにつなげる。',
    ],
    [
      '5-(1)',
      '人材開発センターの表彰制度の活用',
      '毎年度応募',
      null,
      'office',
      1,
      'awards_external',
      '区役所内の取組みを発掘し、人材開発センターの表彰制度を積極的に活用する。',
    ],
    [
      '5-(2)',
      '職場内表彰制度の活用',
      '25年度実施',
      2013,
      'office',
      1,
      'awards_internal',
      '具体的な取組み１～４に対し表彰し、人事考課制度へ反映する。',
    ],
    [
      '5-(5)',
      '庁内公募制度の活用',
      '毎年度',
      null,
      'office',
      1,
      'postings_held',
      '庁内公募制度を活用し、やる気がある職員を積極的に登用する。',
    ],
  ];
  const now = new Date().toISOString();
  const ins = db.prepare(
    `INSERT INTO plan_measures (plan, heading_no, heading, code, title, description, target_text, target_fy, unit,
       required, kpi_id, sort, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  seeds.forEach(([code, title, target, targetFy, unit, required, kpi, description], i) => {
    const headingNo = Number(code.slice(0, 1));
    ins.run(
      plan,
      headingNo,
      headings[headingNo] ?? '',
      code,
      title,
      description,
      target,
      targetFy,
      unit,
      required,
      kpi,
      (i + 1) * 10,
      now,
      now,
    );
  });
}
