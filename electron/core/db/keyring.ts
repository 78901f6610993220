import crypto from 'node:crypto';
import fs from 'node:fs';
import { z } from 'zod';
import { AppError } from '../../../shared/result';
import { roles } from '../../../shared/roles';
import type { DemoLogin } from '../../../shared/contract';
import { writeFileAtomic } from './durable';

/**
 * The keyring sits beside the database (`<db>.keys`). It holds one slot per enabled account: the
 * database's random data key wrapped (AES-256-GCM) with a key derived from that account's password
 * by scrypt, and beside it that account's own private key (the key its sealed data is wrapped for,
 * docs/sealed-data.md). Slots are found by an HMAC of the login, so the file does not list login
 * names. Nothing in it unlocks the database or a sealed value without a password.
 */

/** scrypt costs a slot may name: at most 128 MiB and about 0.5 s per attempt (docs/keyring.md). */
export const kdfBounds = { minN: 2 ** 14, maxN: 2 ** 17, maxR: 8, maxP: 2 } as const;

const b64 = z.string().regex(/^[A-Za-z0-9+/=]*$/u);

const SlotSchema = z.object({
  tag: z.string().regex(/^[0-9a-f]{64}$/u),
  kdf: z.object({
    name: z.literal('scrypt'),
    // What Kaname writes (defaultKdf) with a little headroom, refused before any derivation: a
    // tampered keyring could otherwise name N=2^22, r=32 — 16 GiB and minutes per attempt.
    N: z
      .number()
      .int()
      .refine((n) => n >= kdfBounds.minN && n <= kdfBounds.maxN && (n & (n - 1)) === 0),
    r: z.number().int().min(1).max(kdfBounds.maxR),
    p: z.number().int().min(1).max(kdfBounds.maxP),
    salt: b64,
  }),
  iv: b64,
  ct: b64,
  authTag: b64,
  /** The account's private key (docs/sealed-data.md), wrapped with the same password-derived key. */
  box: z.object({ iv: b64, ct: b64, authTag: b64 }).optional(),
  /** What this account vouches for (SlotPins), under the same password-derived key. */
  pins: z.object({ iv: b64, ct: b64, authTag: b64 }).optional(),
  createdAt: z.string(),
});

const ThrottleSchema = z.object({ failures: z.number().int().min(0), until: z.number() });

const KeyringSchema = z.object({
  format: z.literal('kaname-keyring'),
  version: z.literal(1),
  dbId: z.string().min(8),
  tagSalt: b64,
  officeName: z.string(),
  slots: z.array(SlotSchema),
  throttle: z.record(z.string(), ThrottleSchema),
  demo: z
    .object({
      logins: z.array(z.object({ login: z.string(), role: z.enum(roles), displayName: z.string(), note: z.string() })),
      password: z.string().nullable(),
    })
    .nullable(),
});

export type Keyring = z.infer<typeof KeyringSchema>;
export type Slot = z.infer<typeof SlotSchema>;

/** scrypt cost for new slots: about 0.1 s and 32 MiB per derivation. Recorded per slot. */
export const defaultKdf = { N: 2 ** 15, r: 8, p: 1 } as const;

export function keyringPath(dbPath: string): string {
  return `${dbPath}.keys`;
}

export function newDataKey(): Buffer {
  return crypto.randomBytes(32);
}

export function newKeyring(officeName: string): Keyring {
  return {
    format: 'kaname-keyring',
    version: 1,
    dbId: crypto.randomUUID(),
    tagSalt: crypto.randomBytes(32).toString('base64'),
    officeName,
    slots: [],
    throttle: {},
    demo: null,
  };
}

export function readKeyring(path: string): Keyring {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch {
    throw new AppError(
      'DB_NOT_KANAME',
      `鍵ファイル（${path}）が見つかりません。データベースと同じフォルダに置いてください。`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError('DB_CORRUPT', '鍵ファイルが壊れています。バックアップから復元してください。');
  }
  const result = KeyringSchema.safeParse(parsed);
  if (!result.success) {
    throw new AppError('DB_CORRUPT', '鍵ファイルの形式が正しくありません。バックアップから復元してください。');
  }
  return result.data;
}

const writeFailed = '鍵ファイルに書き込めません。ディスクの空き容量や書き込み権限を確認してください。';

/**
 * Written whole (durable.ts): a kill at any instant leaves the old keyring or the new one. Callers
 * that read, change and write hold the keyring's lock (keyring-lock.ts).
 */
export function writeKeyring(path: string, keyring: Keyring): void {
  try {
    writeFileAtomic(path, JSON.stringify(keyring, null, 1));
  } catch {
    throw new AppError('IO', writeFailed);
  }
}

export function normaliseLogin(login: string): string {
  return login.normalize('NFKC').trim().toLowerCase();
}

export function loginTag(keyring: Keyring, login: string): string {
  return crypto
    .createHmac('sha256', Buffer.from(keyring.tagSalt, 'base64'))
    .update(normaliseLogin(login))
    .digest('hex');
}

function derive(password: string, salt: Buffer, kdf: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    crypto.scrypt(
      password.normalize('NFKC'),
      salt,
      32,
      { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r + 16 * 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  });
}

function aad(keyring: Keyring, tag: string): Buffer {
  return Buffer.from(`kaname-slot:${keyring.dbId}:${tag}`, 'utf8');
}

function boxAad(keyring: Keyring, tag: string): Buffer {
  return Buffer.from(`kaname-slot-box:${keyring.dbId}:${tag}`, 'utf8');
}

function pinsAad(keyring: Keyring, tag: string): Buffer {
  return Buffer.from(`kaname-slot-pins:${keyring.dbId}:${tag}`, 'utf8');
}

/**
 * What an account's slot vouches for, under its password (docs/audit-checkpoints.md): the fingerprint
 * of the office signing key an HR account received. Someone with the office key can wrap a signing
 * key of their own for HR's public key, but cannot change what HR's slot says it holds.
 */
export type SlotPins = { signing?: string };

const PinsSchema = z
  .object({
    signing: z
      .string()
      .regex(/^[0-9a-f]{16,64}$/u)
      .optional(),
  })
  .strict();

function encrypt(key: Buffer, plain: Buffer, aadBytes: Buffer): { iv: string; ct: string; authTag: string } {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aadBytes);
  const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
  return { iv: iv.toString('base64'), ct: ct.toString('base64'), authTag: cipher.getAuthTag().toString('base64') };
}

function decrypt(key: Buffer, box: { iv: string; ct: string; authTag: string }, aadBytes: Buffer): Buffer | null {
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(box.iv, 'base64'));
    decipher.setAAD(aadBytes);
    decipher.setAuthTag(Buffer.from(box.authTag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(box.ct, 'base64')), decipher.final()]);
  } catch {
    return null;
  }
}

/**
 * Returns a keyring with a fresh slot for this login (replacing any earlier one): the data key and,
 * when given, the account's private key (docs/sealed-data.md), both under the password.
 */
export async function withSlot(
  keyring: Keyring,
  login: string,
  password: string,
  dataKey: Buffer,
  accountKey?: Buffer,
  pins?: SlotPins,
): Promise<Keyring> {
  const tag = loginTag(keyring, login);
  const salt = crypto.randomBytes(16);
  const wrappingKey = await derive(password, salt, defaultKdf);
  const wrapped = encrypt(wrappingKey, dataKey, aad(keyring, tag));
  const slot: Slot = {
    tag,
    kdf: { name: 'scrypt', ...defaultKdf, salt: salt.toString('base64') },
    ...wrapped,
    ...(accountKey ? { box: encrypt(wrappingKey, accountKey, boxAad(keyring, tag)) } : {}),
    ...(pins ? { pins: encrypt(wrappingKey, Buffer.from(JSON.stringify(pins), 'utf8'), pinsAad(keyring, tag)) } : {}),
    createdAt: new Date().toISOString(),
  };
  const { [tag]: _cleared, ...throttle } = keyring.throttle;
  return { ...keyring, slots: [...keyring.slots.filter((s) => s.tag !== tag), slot], throttle };
}

export function withoutSlot(keyring: Keyring, login: string): Keyring {
  const tag = loginTag(keyring, login);
  return { ...keyring, slots: keyring.slots.filter((s) => s.tag !== tag) };
}

export function hasSlot(keyring: Keyring, login: string): boolean {
  const tag = loginTag(keyring, login);
  return keyring.slots.some((s) => s.tag === tag);
}

const dummySalt = crypto.randomBytes(16);

/** What a slot holds once its password opened it: the data key, and the account's private key if the slot has one. */
export type OpenedSlot = { dataKey: Buffer; accountKey: Buffer | null; pins: SlotPins | null };

/**
 * The slot's keys if this login and password open it, otherwise null. An unknown login costs the
 * same derivation as a wrong password, so timing does not tell which of the two was wrong.
 */
export async function unwrapSlot(keyring: Keyring, login: string, password: string): Promise<OpenedSlot | null> {
  const tag = loginTag(keyring, login);
  const slot = keyring.slots.find((s) => s.tag === tag);
  if (!slot) {
    await derive(password, dummySalt, defaultKdf);
    return null;
  }
  const wrappingKey = await derive(password, Buffer.from(slot.kdf.salt, 'base64'), slot.kdf);
  const key = decrypt(wrappingKey, slot, aad(keyring, tag));
  if (!key || key.length !== 32) return null;
  const accountKey = slot.box ? decrypt(wrappingKey, slot.box, boxAad(keyring, tag)) : null;
  return {
    dataKey: key,
    accountKey,
    pins: slot.pins ? readPins(decrypt(wrappingKey, slot.pins, pinsAad(keyring, tag))) : null,
  };
}

function readPins(plain: Buffer | null): SlotPins | null {
  if (!plain) return null;
  try {
    const parsed = PinsSchema.safeParse(JSON.parse(plain.toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The data key if this login and password open a slot, otherwise null (unwrapSlot without the account key). */
export async function unwrapDataKey(keyring: Keyring, login: string, password: string): Promise<Buffer | null> {
  const opened = await unwrapSlot(keyring, login, password);
  opened?.accountKey?.fill(0);
  return opened?.dataKey ?? null;
}

// ---------- back-off for wrong passwords ----------

/** Three free attempts, then 2, 4, 8 … seconds, at most five minutes between attempts. */
export function backoffSeconds(failures: number): number {
  if (failures < 3) return 0;
  return Math.min(2 ** (failures - 2), 300);
}

export function throttleRemaining(keyring: Keyring, login: string, now: number): number {
  const entry = keyring.throttle[loginTag(keyring, login)];
  if (!entry) return 0;
  return Math.max(0, Math.ceil((entry.until - now) / 1000));
}

export function withFailure(keyring: Keyring, login: string, now: number): Keyring {
  const tag = loginTag(keyring, login);
  const failures = (keyring.throttle[tag]?.failures ?? 0) + 1;
  const throttle = { ...keyring.throttle, [tag]: { failures, until: now + backoffSeconds(failures) * 1000 } };
  // Keep the table small: forget the oldest entries beyond 1,000 distinct logins.
  const entries = Object.entries(throttle);
  const trimmed =
    entries.length > 1000
      ? Object.fromEntries(entries.sort((a, b) => b[1].until - a[1].until).slice(0, 1000))
      : throttle;
  return { ...keyring, throttle: trimmed };
}

export function withSuccess(keyring: Keyring, login: string): Keyring {
  const tag = loginTag(keyring, login);
  if (!(tag in keyring.throttle)) return keyring;
  const { [tag]: _cleared, ...throttle } = keyring.throttle;
  return { ...keyring, throttle };
}

export type { DemoLogin };
