// Bearer secrets: session ids, station tokens and kiosk tokens. They are 256 random bits, so a single SHA-256
// is the right way to store them (unlike passwords they cannot be guessed, so no slow hash is needed), and a
// stolen database yields no usable secret.
import { createHash, randomBytes } from 'node:crypto';

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
