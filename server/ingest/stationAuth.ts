import { timingSafeEqual } from 'node:crypto';

/**
 * Decides whether a station may connect to /ingest. The token map from the configuration is the default;
 * a database of hashed, revocable tokens can replace it behind the same interface.
 */
export interface StationAuthenticator {
  authenticate(stationId: string, token: string): boolean | Promise<boolean>;
}

export function tokenAuthenticator(tokens: ReadonlyMap<string, string>): StationAuthenticator {
  return {
    authenticate(stationId, token) {
      const expected = tokens.get(stationId);
      if (expected === undefined) return false;
      const a = Buffer.from(expected);
      const b = Buffer.from(token);
      // Constant-time comparison so the answer time does not reveal how much of a token was right.
      return a.length === b.length && timingSafeEqual(a, b);
    },
  };
}
