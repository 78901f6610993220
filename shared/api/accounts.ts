import { z } from 'zod';
import type { Role } from '../roles';
import { newPasswordSchema } from '../passwords';
import { Empty, Id, LoginSchema, RoleSchema, StaffNoSchema, trimmed } from './common';
import { defineChannels, out } from './define';

/* The office's accounts (設定 → アカウント), HR only. Channel definitions: docs/channels.md. */

/** Said by the core and, before sending, by the account dialog. */
export const displayNameMissing = '氏名を入力してください。';

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

export const accountsChannels = defineChannels({
  'accounts:list': { input: Empty, access: ['hr'], output: out<AccountRow[]>() },
  'accounts:create': {
    input: z
      .object({
        login: LoginSchema,
        displayName: trimmed(40).min(1, displayNameMissing),
        role: RoleSchema,
        staffNo: StaffNoSchema.nullable(),
        // The rules and words of docs/keyring.md "Password rules", as the screen says them.
        password: newPasswordSchema('初期パスワード'),
      })
      .strict(),
    access: ['hr'],
    output: out<AccountRow>(),
  },
  'accounts:update': {
    input: z
      .object({
        id: Id,
        displayName: trimmed(40).min(1, displayNameMissing),
        role: RoleSchema,
        staffNo: StaffNoSchema.nullable(),
      })
      .strict(),
    access: ['hr'],
    output: out<AccountRow>(),
  },
  'accounts:disable': { input: z.object({ id: Id }).strict(), access: ['hr'], output: out<AccountRow>() },
  'accounts:enable': {
    input: z.object({ id: Id, password: newPasswordSchema('新しいパスワード') }).strict(),
    access: ['hr'],
    output: out<AccountRow>(),
  },
  'accounts:resetPassword': {
    input: z.object({ id: Id, password: newPasswordSchema('新しいパスワード') }).strict(),
    access: ['hr'],
    output: out<AccountRow>(),
  },
});
