import { channelNames } from '../../shared/channels';
import type { ChannelName } from '../../shared/channels';
import type { Api, Input, Outputs } from '../../shared/contract';
import type { ApiError, Result } from '../../shared/result';

/**
 * The renderer's only door to the app. In Electron the preload provides window.api (IPC);
 * in the browser host the same channels are carried over HTTP with the per-start secret.
 */
declare global {
  // Declaration merging with the DOM's Window needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface Window {
    api?: Api;
  }
}

const tokenKey = 'kaname.hostToken';

/** The browser host's per-start secret: taken from the address once, then kept for the tab. */
export function hostToken(): string {
  const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem(tokenKey, fromHash);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return fromHash;
  }
  return sessionStorage.getItem(tokenKey) ?? '';
}

const tabKey = 'kaname.tabSecret';

/*
 * The browser host's session belongs to the tab that logged in (docs/idle-lock.md): each login
 * makes a fresh secret, kept in this tab's sessionStorage only (gone with the tab) and sent with
 * every call. A page without it finds no session.
 */
function newTabSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  const secret = btoa(String.fromCharCode(...bytes))
    .replace(/\+/gu, '-')
    .replace(/\//gu, '_')
    .replace(/=+$/u, '');
  sessionStorage.setItem(tabKey, secret);
  return secret;
}

function hostHeaders(token: string): Record<string, string> {
  const tab = sessionStorage.getItem(tabKey);
  return { 'content-type': 'application/json', 'x-kaname-token': token, ...(tab ? { 'x-kaname-tab': tab } : {}) };
}

/** Calls that start a session: the tab makes its new secret first. */
const loginChannels = new Set<string>(['auth:login', 'app:createOffice']);

function httpApi(): Api {
  const token = hostToken();
  // The page is going away: the host ends the session unless this tab comes back at once (a reload).
  window.addEventListener('pagehide', () => {
    if (!sessionStorage.getItem(tabKey)) return;
    void fetch('/tab/leave', { method: 'POST', headers: hostHeaders(token), body: '{}', keepalive: true }).catch(
      () => undefined,
    );
  });
  const entries = channelNames.map((name) => [
    name,
    async (req: unknown): Promise<Result<unknown>> => {
      if (loginChannels.has(name)) newTabSecret();
      try {
        const res = await fetch(`/api/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: hostHeaders(token),
          body: JSON.stringify(req ?? {}),
        });
        if (name === 'auth:logout') sessionStorage.removeItem(tabKey);
        return (await res.json()) as Result<unknown>;
      } catch {
        return {
          ok: false,
          error: { code: 'IO', message: 'アプリ本体と通信できません。アプリが起動しているか確認してください。' },
        };
      }
    },
  ]);
  return Object.fromEntries(entries) as Api;
}

const api: Api = window.api ?? httpApi();

/** A failed call, carrying the stable code and the Japanese message to show. */
export class ApiCallError extends Error {
  readonly code: ApiError['code'];
  readonly field: string | undefined;
  constructor(error: ApiError) {
    super(error.message);
    this.name = 'ApiCallError';
    this.code = error.code;
    this.field = error.field;
  }
}

/** Calls a channel and returns its value, or throws ApiCallError with the Japanese message. */
export async function call<K extends ChannelName>(channel: K, req: Input<K>): Promise<Outputs[K]> {
  const fn = api[channel] as (r: Input<K>) => Promise<Result<Outputs[K]>>;
  const result = await fn(req);
  if (!result.ok) throw new ApiCallError(result.error);
  return result.value;
}
