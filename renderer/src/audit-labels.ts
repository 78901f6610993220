/** Japanese names for the audit log's action and entity codes; unknown codes are shown as they are. */
const actionLabels: Record<string, string> = {
  'office.create': '事業所の作成',
  'demo.generate': 'デモデータの作成',
  'auth.login': 'ログイン',
  'auth.logout': 'ログアウト',
  'account.create': 'アカウント作成',
  'account.update': 'アカウント編集',
  'account.disable': 'アカウント無効化',
  'account.enable': 'アカウント有効化',
  'account.resetPassword': 'パスワード再設定',
  'account.changePassword': 'パスワード変更',
  'backup.create': 'バックアップ作成',
};

const entityLabels: Record<string, string> = {
  office: '事業所',
  account: 'アカウント',
  backup: 'バックアップ',
  staff: '職員',
  cycle: '評価期間',
};

export function actionLabel(code: string): string {
  return actionLabels[code] ?? code;
}

export function entityLabel(code: string): string {
  return entityLabels[code] ?? code;
}
