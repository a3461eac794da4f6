// The deployment's Ed25519 key that signs the monthly statements. Kept as a PKCS#8 PEM file readable by its
// owner only (ORTAQ_LEDGER_KEY, default <data>/ledger-key.pem), created on first use; every node of one
// deployment must be given the same file, or their statements would carry different keys.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { LedgerKeyResponse } from '../../shared/protocol/ledger';

export interface LedgerSigner {
  readonly publicKey: LedgerKeyResponse;
  /** Ed25519 signature of the text's UTF-8 bytes, base64. */
  sign(text: string): string;
}

export function signerFromKey(privateKey: KeyObject): LedgerSigner {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('the ledger key must be an Ed25519 key');
  const publicKey = createPublicKey(privateKey);
  return {
    publicKey: describePublicKey(publicKey),
    sign: (text) => sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64'),
  };
}

export function describePublicKey(publicKey: KeyObject): LedgerKeyResponse {
  return {
    algorithm: 'Ed25519',
    keyId: keyIdOf(publicKey),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/** A key that lives as long as the process (tests, and apps built without a key file). */
export function ephemeralSigner(): LedgerSigner {
  return signerFromKey(generateKeyPairSync('ed25519').privateKey);
}

/** Reads the key file, or creates it (0600, refusing to overwrite one another process wrote meanwhile). */
export function loadOrCreateSigner(file: string): LedgerSigner {
  if (!fs.existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
        mode: 0o600,
        flag: 'wx',
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return signerFromKey(createPrivateKey(fs.readFileSync(file)));
}

/** A public key from PEM (private or public): what `verify` checks statements against. */
export function publicKeyFromPem(pem: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
  return key;
}

export function verifySignature(publicKey: KeyObject, text: string, signatureBase64: string): boolean {
  return verify(null, Buffer.from(text, 'utf8'), publicKey, Buffer.from(signatureBase64, 'base64'));
}
