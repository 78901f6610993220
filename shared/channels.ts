/**
 * The names of every API channel, as plain data with no dependencies, so that the sandboxed
 * preload can build window.api from it without bundling zod.
 */
export const channelNames = [
  'app:status',
  'app:createOffice',
  'app:createDemo',
  'auth:login',
  'auth:logout',
  'auth:changePassword',
  'accounts:list',
  'accounts:create',
  'accounts:update',
  'accounts:disable',
  'accounts:enable',
  'accounts:resetPassword',
  'staff:options',
  'cycles:list',
  'audit:list',
  'system:verify',
  'system:backup',
  'system:backups',
  'org:sections',
  'staff:list',
  'staff:detail',
  'areas:overview',
  'import:preview',
  'import:commit',
  'import:log',
  'excel:template',
  'excel:export',
  'selfReport:get',
  'selfReport:save',
  'selfReport:submit',
  'selfReport:interview',
  'selfReport:reopen',
  'selfReport:progress',
] as const;

export type ChannelName = (typeof channelNames)[number];
