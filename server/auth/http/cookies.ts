// The session cookie: httpOnly (no script can read it), SameSite=Strict (never sent on a request another
// site starts, which also closes cross-site request forgery), Secure whenever the request came over HTTPS.
import type { CookieOptions } from 'express';
import { SESSION_COOKIE } from '../../../shared/protocol/auth';

/** The value of one cookie from a Cookie header, or undefined. Never throws on malformed headers. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header || header.length > 8192) return undefined;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0 || part.slice(0, separator).trim() !== name) continue;
    const value = part.slice(separator + 1).trim();
    return /^[A-Za-z0-9_-]{1,128}$/.test(value) ? value : undefined;
  }
  return undefined;
}

export function sessionCookieOptions(secure: boolean, expiresAtMs?: number): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/',
    ...(expiresAtMs !== undefined && { expires: new Date(expiresAtMs) }),
  };
}

export const readSessionCookie = (header: string | undefined) => readCookie(header, SESSION_COOKIE);
