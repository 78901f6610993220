import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  isSealed,
  newBoxPair,
  newSigningPair,
  openValue,
  publicOf,
  sealValue,
  signWith,
  unwrapWith,
  verifySigned,
  wrapFor,
} from '../../electron/core/keys/ciphers';

/** The primitives of sealed data (docs/sealed-data.md). */
describe('sealed values', () => {
  const key = crypto.randomBytes(32);

  it('open with the key and the identity they were sealed with, and only those', () => {
    const sealed = sealValue(key, '腰痛の治療のため月1回通院しています。', 'office:selfReport:7:2026:health');
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('腰痛');
    expect(openValue(key, sealed, 'office:selfReport:7:2026:health')).toBe('腰痛の治療のため月1回通院しています。');
    // Moved to another person, year or field, or opened with another key: refused.
    expect(() => openValue(key, sealed, 'office:selfReport:8:2026:health')).toThrow();
    expect(() => openValue(key, sealed, 'office:selfReport:7:2025:health')).toThrow();
    expect(() => openValue(key, sealed, 'office:selfReport:7:2026:family')).toThrow();
    expect(() => openValue(crypto.randomBytes(32), sealed, 'office:selfReport:7:2026:health')).toThrow();
  });

  it('a fresh nonce every time, and a length that tells little', () => {
    const a = sealValue(key, '', 'x');
    const b = sealValue(key, '', 'x');
    expect(a).not.toBe(b);
    expect(sealValue(key, 'あ', 'x').length).toBe(sealValue(key, '', 'x').length);
    expect(openValue(key, a, 'x')).toBe('');
  });

  it('a changed byte is refused, never read', () => {
    const sealed = sealValue(key, '親の介護', 'x');
    const raw = Buffer.from(sealed.slice('kaname-sealed:v1:'.length), 'base64');
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    expect(() => openValue(key, `kaname-sealed:v1:${raw.toString('base64')}`, 'x')).toThrow();
    expect(isSealed('親の介護')).toBe(false);
  });
});

describe('wrapped keys and signatures', () => {
  it('a key wrapped for a public key opens with its private key, for the same purpose only', () => {
    const alice = newBoxPair();
    const bob = newBoxPair();
    const secret = crypto.randomBytes(32);
    const wrapped = wrapFor(alice.publicKey, secret, 'person:selfReport:7:3');
    expect(unwrapWith(alice.privateKey, wrapped, 'person:selfReport:7:3').equals(secret)).toBe(true);
    expect(() => unwrapWith(bob.privateKey, wrapped, 'person:selfReport:7:3')).toThrow();
    expect(() => unwrapWith(alice.privateKey, wrapped, 'person:selfReport:8:3')).toThrow();
    expect(publicOf(alice.privateKey).equals(alice.publicKey)).toBe(true);
  });

  it('a checkpoint signed with the office key verifies with its public key only', () => {
    const office = newSigningPair();
    const other = newSigningPair();
    const sig = signWith(office.privateKey, 'kaname-audit-checkpoint:v1:x:10:abc');
    expect(verifySigned(office.publicKey, 'kaname-audit-checkpoint:v1:x:10:abc', sig)).toBe(true);
    expect(verifySigned(office.publicKey, 'kaname-audit-checkpoint:v1:x:11:abc', sig)).toBe(false);
    expect(verifySigned(other.publicKey, 'kaname-audit-checkpoint:v1:x:10:abc', sig)).toBe(false);
  });
});
