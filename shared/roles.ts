export const roles = ['hr', 'evaluator', 'staff', 'personnel'] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  hr: '人事担当',
  evaluator: '評価者',
  staff: '職員',
  personnel: '人事配置担当',
};
