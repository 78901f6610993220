import { z } from 'zod';
import type { Role } from '../roles';
import { Empty, Id, LoginSchema, PasswordSchema, RoleSchema, StaffNoSchema, trimmed } from './common';
import { defineChannels, out } from './define';

/* The office's accounts (設定 → アカウント), HR only. Channel definitions: docs/channels.md. */

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
        displayName: trimmed(40).min(1, '氏名を入力してください'),
        role: RoleSchema,
        staffNo: StaffNoSchema.nullable(),
        password: PasswordSchema,
      })
      .strict(),
    access: ['hr'],
    output: out<AccountRow>(),
  },
  'accounts:update': {
    input: z
      .object({
        id: Id,
        displayName: trimmed(40).min(1, '氏名を入力してください'),
        role: RoleSchema,
        staffNo: StaffNoSchema.nullable(),
      })
      .strict(),
    access: ['hr'],
    output: out<AccountRow>(),
  },
  'accounts:disable': { input: z.object({ id: Id }).strict(), access: ['hr'], output: out<AccountRow>() },
  'accounts:enable': {
    input: z.object({ id: Id, password: PasswordSchema }).strict(),
    access: ['hr'],
    output: out<AccountRow>(),
  },
  'accounts:resetPassword': {
    input: z.object({ id: Id, password: PasswordSchema }).strict(),
    access: ['hr'],
    output: out<AccountRow>(),
  },
});
