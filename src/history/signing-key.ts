import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Checkpoint, checkpointMessage } from '../../workflows/history-chain';

/** The file a development or test service keeps its generated key in, beside its database. */
export const DEVELOPMENT_KEY_FILE = 'history-signing-key.pem';

/** An Ed25519 private key from PKCS#8 PEM (literal \n allowed, as env files write it) or base64 DER. */
export function parseSigningKey(text: string): KeyObject {
  const trimmed = text.trim().replace(/\\n/g, '\n');
  let key: KeyObject;
  try {
    key = trimmed.includes('-----BEGIN')
      ? createPrivateKey(trimmed)
      : createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
  } catch {
    throw new Error('is not a PKCS#8 private key (PEM or base64 DER)');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`must be an Ed25519 key, not ${key.asymmetricKeyType}`);
  return key;
}

/** The signing key pair and what the API publishes of it. */
export class SigningKey {
  readonly publicKey: KeyObject;
  readonly publicKeyPem: string;
  /** First 16 hex digits of SHA-256 of the public key (SPKI DER): names the key on each checkpoint. */
  readonly keyId: string;

  constructor(private readonly privateKey: KeyObject) {
    this.publicKey = createPublicKey(privateKey);
    this.publicKeyPem = this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    this.keyId = createHash('sha256').update(this.publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
  }

  sign(checkpoint: Checkpoint): string {
    return sign(null, checkpointMessage(checkpoint), this.privateKey).toString('base64');
  }
}

/**
 * The configured key; without one (development and test only: production refuses to start),
 * the key kept in the data folder, generated there on first start. An in-memory database gets
 * a key for the life of the process.
 */
export function loadSigningKey(configured: string | undefined, databasePath: string | undefined): SigningKey {
  if (configured) return new SigningKey(parseSigningKey(configured));
  if (!databasePath || databasePath === ':memory:') return new SigningKey(generateKeyPairSync('ed25519').privateKey);
  const file = join(dirname(databasePath), DEVELOPMENT_KEY_FILE);
  if (existsSync(file)) return new SigningKey(parseSigningKey(readFileSync(file, 'utf8')));
  const { privateKey } = generateKeyPairSync('ed25519');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), { mode: 0o600 });
  return new SigningKey(privateKey);
}
