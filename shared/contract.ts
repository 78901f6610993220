import { z } from 'zod';
import type { ChannelName } from './channels';
import type { Role } from './roles';
import { roles } from './roles';
import type { Result } from './result';

// ---------- input schemas ----------

const trimmed = (max: number) => z.string().trim().max(max);

/** Logins are ASCII so they can be typed on any keyboard; compared in lower case. */
export const LoginSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,32}$/u, 'ログインIDは半角英数字と . _ - で3〜32文字にしてください');

export const PasswordSchema = z
  .string()
  .min(8, 'パスワードは8文字以上にしてください')
  .max(128, 'パスワードは128文字以内にしてください');

export const StaffNoSchema = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z-]{1,20}$/u, '職員番号の形式が正しくありません');

const Empty = z.object({}).strict();
const Id = z.number().int().positive();
const RoleSchema = z.enum(roles);

export const schemas = {
  'app:status': Empty,
  'app:createOffice': z
    .object({
      officeName: trimmed(60).min(1, '事業所名を入力してください'),
      login: LoginSchema,
      displayName: trimmed(40).min(1, '氏名を入力してください'),
      password: PasswordSchema,
    })
    .strict(),
  'app:createDemo': Empty,
  'auth:login': z.object({ login: z.string().max(64), password: z.string().max(128) }).strict(),
  'auth:logout': Empty,
  'auth:changePassword': z.object({ current: z.string().max(128), next: PasswordSchema }).strict(),
  'accounts:list': Empty,
  'accounts:create': z
    .object({
      login: LoginSchema,
      displayName: trimmed(40).min(1, '氏名を入力してください'),
      role: RoleSchema,
      staffNo: StaffNoSchema.nullable(),
      password: PasswordSchema,
    })
    .strict(),
  'accounts:update': z
    .object({
      id: Id,
      displayName: trimmed(40).min(1, '氏名を入力してください'),
      role: RoleSchema,
      staffNo: StaffNoSchema.nullable(),
    })
    .strict(),
  'accounts:disable': z.object({ id: Id }).strict(),
  'accounts:enable': z.object({ id: Id, password: PasswordSchema }).strict(),
  'accounts:resetPassword': z.object({ id: Id, password: PasswordSchema }).strict(),
  'staff:options': z.object({ query: trimmed(40) }).strict(),
  'cycles:list': Empty,
  'audit:list': z
    .object({
      offset: z.number().int().min(0).max(10_000_000),
      limit: z.number().int().min(1).max(500),
    })
    .strict(),
  'system:verify': Empty,
  'system:backup': Empty,
  'system:backups': Empty,
} satisfies Record<ChannelName, z.ZodType>;

// ---------- output types ----------

export type SessionInfo = {
  accountId: number;
  login: string;
  displayName: string;
  role: Role;
  staffNo: string | null;
  mustChangePassword: boolean;
};

export type DemoLogin = { login: string; role: Role; displayName: string; note: string };

export type AppStatus = {
  version: string;
  dbPath: string;
  dbExists: boolean;
  officeName: string | null;
  isDemo: boolean;
  /** Shown on the login screen of the demo office only. */
  demoLogins: DemoLogin[] | null;
  demoPassword: string | null;
  session: SessionInfo | null;
};

export type AccountRow = {
  id: number;
  login: string;
  displayName: string;
  role: Role;
  staffNo: string | null;
  staffName: string | null;
  disabled: boolean;
  mustChangePassword: boolean;
  createdAt: string;
  lastLoginAt: string | null;
};

export type StaffOption = { staffNo: string; name: string; kana: string; section: string | null };

export type CycleRow = { fy: number; phase: string; current: boolean };

export type AuditRow = {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string | null;
  before: string | null;
  after: string | null;
};

export type AuditVerify = { ok: boolean; rows: number; problems: string[] };

export type VerifyReport = { ok: boolean; integrity: string[]; audit: AuditVerify };

export type BackupRow = { file: string; createdAt: string; bytes: number };

export type Outputs = {
  'app:status': AppStatus;
  'app:createOffice': SessionInfo;
  'app:createDemo': AppStatus;
  'auth:login': SessionInfo;
  'auth:logout': null;
  'auth:changePassword': SessionInfo;
  'accounts:list': AccountRow[];
  'accounts:create': AccountRow;
  'accounts:update': AccountRow;
  'accounts:disable': AccountRow;
  'accounts:enable': AccountRow;
  'accounts:resetPassword': AccountRow;
  'staff:options': StaffOption[];
  'cycles:list': CycleRow[];
  'audit:list': { total: number; rows: AuditRow[] };
  'system:verify': VerifyReport;
  'system:backup': BackupRow;
  'system:backups': BackupRow[];
};

export type Input<K extends ChannelName> = z.input<(typeof schemas)[K]>;
export type Parsed<K extends ChannelName> = z.output<(typeof schemas)[K]>;

/** Who may call a channel: anyone (before login), any logged-in account, or the listed roles. */
export type Access = 'public' | 'session' | readonly Role[];

export const access: Record<ChannelName, Access> = {
  'app:status': 'public',
  'app:createOffice': 'public',
  'app:createDemo': 'public',
  'auth:login': 'public',
  'auth:logout': 'session',
  'auth:changePassword': 'session',
  'accounts:list': ['hr'],
  'accounts:create': ['hr'],
  'accounts:update': ['hr'],
  'accounts:disable': ['hr'],
  'accounts:enable': ['hr'],
  'accounts:resetPassword': ['hr'],
  'staff:options': ['hr'],
  'cycles:list': 'session',
  'audit:list': ['hr'],
  'system:verify': ['hr'],
  'system:backup': ['hr'],
  'system:backups': ['hr'],
};

/** window.api: one function per channel, each resolving to a plain Result. */
export type Api = { [K in ChannelName]: (req: Input<K>) => Promise<Result<Outputs[K]>> };
