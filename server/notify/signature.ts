// The webhook signature: HMAC-SHA256 of the exact bytes sent, keyed with the channel's secret. Receivers
// compute the same over the raw body they got and compare in constant time.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const signatureOf = (secret: string, body: string | Uint8Array): string =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

export function signatureMatches(
  secret: string,
  body: string | Uint8Array,
  header: string | undefined,
): boolean {
  if (header === undefined) return false;
  const expected = Buffer.from(signatureOf(secret, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** 32 random bytes: as strong as the HMAC key can use. */
export const newSigningSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;
