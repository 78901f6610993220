import type { ChannelName } from '../../../shared/channels';
import type { Input, Outputs } from '../../../shared/contract';
import type { HostFixture } from '../fixtures';

/**
 * Calls the app as the logged-in browser tab does (the host's session belongs to that tab, sent as
 * its tab secret: docs/idle-lock.md), to pick test subjects from the generated demo office rather
 * than hard-coding its names.
 */
export async function hostApi<K extends ChannelName>(
  host: HostFixture,
  channel: K,
  req: Input<K>,
): Promise<Outputs[K]> {
  const tab = host.host.tabSecret();
  const res = await fetch(`${host.origin}/api/${encodeURIComponent(channel)}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-kaname-token': host.host.token,
      ...(tab ? { 'x-kaname-tab': tab } : {}),
    },
    body: JSON.stringify(req),
  });
  const body = (await res.json()) as { ok: true; value: Outputs[K] } | { ok: false; error: { message: string } };
  if (!body.ok) throw new Error(`${channel}: ${body.error.message}`);
  return body.value;
}

/** ひらがな → カタカナ, as a user might type a reading. */
export function toKatakana(s: string): string {
  return s.replace(/[\u3041-\u3096]/gu, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
}
