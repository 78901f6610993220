import crypto from 'node:crypto';

/*
 * The primitives of sealed data (docs/sealed-data.md), all from node:crypto:
 *
 * - a sealed value: AES-256-GCM under a 32-byte key, a fresh 12-byte nonce per value, the field's
 *   identity as associated data (so a sealed value moved to another person, year or field fails to
 *   open), and the text padded to a multiple of 32 bytes so its length tells little;
 * - a wrapped key for a public key: X25519 with a fresh ephemeral key pair, HKDF-SHA256, then
 *   AES-256-GCM with the wrap's purpose as associated data (whose key, for whom);
 * - signatures: Ed25519.
 *
 * Keys travel as DER (SPKI public, PKCS#8 private) so node:crypto imports them without guessing.
 */

export const sealedPrefix = 'kaname-sealed:v1:';

/** True for a value written by sealValue (a legacy plaintext value is not). */
export function isSealed(stored: string): boolean {
  return stored.startsWith(sealedPrefix);
}

const padTo = 32;

function pad(text: string): Buffer {
  const body = Buffer.from(text, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const total = Math.ceil((body.length + 4) / padTo) * padTo;
  return Buffer.concat([length, body, Buffer.alloc(total - body.length - 4)]);
}

function unpad(padded: Buffer): string {
  const length = padded.readUInt32BE(0);
  if (length > padded.length - 4) throw new Error('bad padding');
  return padded.subarray(4, 4 + length).toString('utf8');
}

/** Seals one text under a 32-byte key, bound to `aad` (the field's identity). */
export function sealValue(key: Buffer, text: string, aad: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([cipher.update(pad(text)), cipher.final()]);
  return sealedPrefix + Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64');
}

/** Opens a sealed value; throws when the key, the identity or the bytes are not the ones sealed. */
export function openValue(key: Buffer, stored: string, aad: string): string {
  if (!isSealed(stored)) throw new Error('not sealed');
  const raw = Buffer.from(stored.slice(sealedPrefix.length), 'base64');
  if (raw.length < 12 + 16 + padTo) throw new Error('too short');
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(raw.subarray(12, 28));
  return unpad(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]));
}

export type KeyPair = { publicKey: Buffer; privateKey: Buffer };

function exportPair(pair: crypto.KeyPairKeyObjectResult): KeyPair {
  return {
    publicKey: pair.publicKey.export({ format: 'der', type: 'spki' }),
    privateKey: pair.privateKey.export({ format: 'der', type: 'pkcs8' }),
  };
}

/** A key pair others wrap keys for (an account, a reader group). */
export function newBoxPair(): KeyPair {
  return exportPair(crypto.generateKeyPairSync('x25519'));
}

/** The office's signing key pair (audit checkpoints). */
export function newSigningPair(): KeyPair {
  return exportPair(crypto.generateKeyPairSync('ed25519'));
}

function publicKeyObject(der: Buffer): crypto.KeyObject {
  return crypto.createPublicKey({ key: der, format: 'der', type: 'spki' });
}

function privateKeyObject(der: Buffer): crypto.KeyObject {
  return crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
}

/** The public half of a private key (to check that a stored public key is really this one's). */
export function publicOf(privateDer: Buffer): Buffer {
  return crypto.createPublicKey(privateKeyObject(privateDer)).export({ format: 'der', type: 'spki' });
}

function wrapKey(shared: Buffer, ephemeral: Buffer, recipient: Buffer): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', shared, Buffer.concat([ephemeral, recipient]), 'kaname-wrap-v1', 32));
}

/** Wraps a secret so only the holder of `recipientPublic`'s private key opens it; `purpose` is bound in. */
export function wrapFor(recipientPublic: Buffer, secret: Buffer, purpose: string): Buffer {
  const ephemeral = crypto.generateKeyPairSync('x25519');
  const shared = crypto.diffieHellman({
    privateKey: ephemeral.privateKey,
    publicKey: publicKeyObject(recipientPublic),
  });
  const ephemeralDer = ephemeral.publicKey.export({ format: 'der', type: 'spki' });
  const key = wrapKey(shared, ephemeralDer, recipientPublic);
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(purpose, 'utf8'));
  const ct = Buffer.concat([cipher.update(secret), cipher.final()]);
  const lengths = Buffer.from([ephemeralDer.length]);
  return Buffer.concat([lengths, ephemeralDer, iv, cipher.getAuthTag(), ct]);
}

/** Opens a wrapped secret with the recipient's private key; throws when it is not theirs or not for `purpose`. */
export function unwrapWith(recipientPrivate: Buffer, wrapped: Buffer, purpose: string): Buffer {
  const n = wrapped[0] ?? 0;
  const ephemeralDer = wrapped.subarray(1, 1 + n);
  const iv = wrapped.subarray(1 + n, 13 + n);
  const tag = wrapped.subarray(13 + n, 29 + n);
  const ct = wrapped.subarray(29 + n);
  const privateKey = privateKeyObject(recipientPrivate);
  const recipientPublic = crypto.createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const shared = crypto.diffieHellman({ privateKey, publicKey: publicKeyObject(Buffer.from(ephemeralDer)) });
  const key = wrapKey(shared, Buffer.from(ephemeralDer), recipientPublic);
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(purpose, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ct), decipher.final()]);
}

export function signWith(privateDer: Buffer, message: string): Buffer {
  return crypto.sign(null, Buffer.from(message, 'utf8'), privateKeyObject(privateDer));
}

export function verifySigned(publicDer: Buffer, message: string, signature: Buffer): boolean {
  try {
    return crypto.verify(null, Buffer.from(message, 'utf8'), publicKeyObject(publicDer), signature);
  } catch {
    return false;
  }
}

/** A short fingerprint of a public key, as the verify report prints it. */
export function fingerprint(publicDer: Buffer): string {
  return crypto.createHash('sha256').update(publicDer).digest('hex').slice(0, 16);
}
