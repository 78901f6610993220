import { describe, expect, it } from 'vitest';
import {
  backoffSeconds,
  hasSlot,
  loginTag,
  newDataKey,
  newKeyring,
  throttleRemaining,
  unwrapDataKey,
  withFailure,
  withoutSlot,
  withSlot,
  withSuccess,
} from '../../electron/core/db/keyring';

describe('key slots', () => {
  it('unwraps the data key with the right password only', async () => {
    const key = newDataKey();
    const k = await withSlot(newKeyring('x'), 'Sato', 'correct horse', key);
    expect((await unwrapDataKey(k, 'sato', 'correct horse'))?.equals(key)).toBe(true);
    expect(await unwrapDataKey(k, 'sato', 'wrong horse')).toBeNull();
    expect(await unwrapDataKey(k, 'tanaka', 'correct horse')).toBeNull();
  });

  it('does not store the login or the key in clear', async () => {
    const key = newDataKey();
    const k = await withSlot(newKeyring('x'), 'suzuki', 'pass-word-1', key);
    const text = JSON.stringify(k);
    expect(text).not.toContain('suzuki');
    expect(text).not.toContain(key.toString('base64'));
    expect(text).not.toContain(key.toString('hex'));
    expect(k.slots[0]?.kdf).toMatchObject({ name: 'scrypt', N: 32768, r: 8, p: 1 });
  });

  it('a slot moved to another keyring (another database) does not open', async () => {
    const key = newDataKey();
    const a = await withSlot(newKeyring('a'), 'ito', 'pass-word-1', key);
    const b = { ...newKeyring('b'), tagSalt: a.tagSalt, slots: a.slots };
    expect(await unwrapDataKey(b, 'ito', 'pass-word-1')).toBeNull();
  });

  it('removing a slot removes only that login', async () => {
    const key = newDataKey();
    let k = await withSlot(newKeyring('x'), 'a1a', 'pass-word-1', key);
    k = await withSlot(k, 'b2b', 'pass-word-2', key);
    k = withoutSlot(k, 'a1a');
    expect(hasSlot(k, 'a1a')).toBe(false);
    expect(hasSlot(k, 'b2b')).toBe(true);
  });
});

describe('back-off', () => {
  it.each([
    [0, 0],
    [2, 0],
    [3, 2],
    [4, 4],
    [6, 16],
    [20, 300],
  ])('%i failures → wait %i s', (failures, secs) => {
    expect(backoffSeconds(failures)).toBe(secs);
  });

  it('counts failures per login and clears them on success', () => {
    let k = newKeyring('x');
    const now = 1_000_000;
    for (let i = 0; i < 4; i += 1) k = withFailure(k, 'kato', now);
    expect(throttleRemaining(k, 'kato', now)).toBe(4);
    expect(throttleRemaining(k, 'KATO', now)).toBe(4);
    expect(throttleRemaining(k, 'other', now)).toBe(0);
    expect(throttleRemaining(k, 'kato', now + 5000)).toBe(0);
    k = withSuccess(k, 'kato');
    expect(k.throttle[loginTag(k, 'kato')]).toBeUndefined();
  });
});
