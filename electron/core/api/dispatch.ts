import { channelNames } from '../../../shared/channels';
import type { ChannelName } from '../../../shared/channels';
import { access, schemas } from '../../../shared/contract';
import type { Outputs } from '../../../shared/contract';
import { AppError, toApiError } from '../../../shared/result';
import type { Result } from '../../../shared/result';
import { classifyStorageError } from '../db/errors';
import { log } from '../log';
import { rejectBadText } from './bad-text';
import type { AppContext } from './context';
import { handlers } from './handlers';
import { latestSignedHead } from '../system/checkpoints';
import type { FileDownload } from '../../../shared/api/common';
import { lockedError, openWhileLocked, passiveChannels } from './screen-lock';

const known = new Set<string>(channelNames);

export function isChannel(name: string): name is ChannelName {
  return known.has(name);
}

function firstIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): {
  message: string;
  field?: string;
} {
  const issue = error.issues[0];
  if (!issue) return { message: '入力が正しくありません。' };
  const field = issue.path.map(String).join('.');
  return field ? { message: issue.message, field } : { message: issue.message };
}

/** An export's answer (a FileDownload: a file name and its bytes or its outbox file). */
function isDownload(value: unknown): value is FileDownload {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['fileName'] === 'string' && (typeof v['data'] === 'string' || typeof v['file'] === 'object');
}

/**
 * Every export carries the audit chain's latest signed head (docs/audit-checkpoints.md), so that
 * whoever files the export also files the head to check the chain against later.
 */
function withSignedHead(ctx: AppContext, value: unknown): unknown {
  if (!ctx.office || !isDownload(value)) return value;
  try {
    return { ...value, signedHead: latestSignedHead(ctx.office.db) };
  } catch {
    return value; // the export itself is what was asked for
  }
}

/**
 * The one entry to the core for every transport: checks login and role, parses the argument with
 * the channel's schema (nothing of a refused caller's input is looked at), runs the handler and turns every failure into a plain Result with a
 * Japanese message. Channel-specific scope checks live in the services.
 */
export async function dispatch<K extends ChannelName>(
  ctx: AppContext,
  channel: K,
  arg: unknown,
): Promise<Result<Outputs[K]>>;
export async function dispatch(ctx: AppContext, channel: string, arg: unknown): Promise<Result<unknown>>;
export async function dispatch(ctx: AppContext, channel: string, arg: unknown): Promise<Result<unknown>> {
  try {
    if (!isChannel(channel)) throw new AppError('UNKNOWN_CHANNEL', '不明な操作です。');
    // A locked screen answers only status, heartbeat, unlock and logout (docs/idle-lock.md).
    if (ctx.isLocked() && !openWhileLocked.has(channel)) throw lockedError();
    if (!passiveChannels.has(channel)) ctx.touch();
    const rule = access[channel];
    if (rule !== 'public') {
      if (!ctx.session || !ctx.office) throw new AppError('UNAUTHENTICATED', 'ログインしてください。');
      if (rule !== 'session' && !rule.includes(ctx.session.role)) {
        throw new AppError('FORBIDDEN', 'この操作を行う権限がありません。');
      }
      if (ctx.session.mustChangePassword && channel !== 'auth:changePassword' && channel !== 'auth:logout') {
        throw new AppError('FORBIDDEN', '初回ログインのため、先にパスワードを変更してください。');
      }
    }
    const parsed = schemas[channel].safeParse(arg ?? {});
    if (!parsed.success) {
      const { message, field } = firstIssue(parsed.error);
      throw new AppError('VALIDATION', message, field);
    }
    rejectBadText(parsed.data);
    const handler = handlers[channel] as (a: {
      ctx: AppContext;
      office: AppContext['office'];
      session: AppContext['session'];
      input: unknown;
    }) => unknown;
    const value = await handler({ ctx, office: ctx.office, session: ctx.session, input: parsed.data });
    // A call is activity until it ends: a long export is not idle time (docs/idle-lock.md).
    if (!passiveChannels.has(channel)) ctx.touch();
    return { ok: true, value: withSignedHead(ctx, value) };
  } catch (e) {
    const error = toApiError(classifyStorageError(e));
    if (error.code === 'INTERNAL') {
      log.error('api.internal', { channel, kind: e instanceof Error ? e.name : typeof e });
    }
    return { ok: false, error };
  }
}
