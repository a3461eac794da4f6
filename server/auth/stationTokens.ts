// Per-station ingest tokens, stored as SHA-256 hashes. A station has one live token at a time; issuing a new
// one or revoking it cuts the station's open connections at once (through Revocations).
import { timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../shared/clock';
import type { IssuedStationToken, StationTokenInfo } from '../../shared/protocol/auth';
import type { AuditLog } from './audit';
import type { Revocations } from './revocations';
import type { AuthStore, StoredStationToken } from './store';
import { hashToken, randomToken } from './tokens';

export const STATION_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

const info = ({ tokenHash: _hash, ...rest }: StoredStationToken): StationTokenInfo => rest;

const hashesEqual = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));

export class StationTokens {
  constructor(
    private readonly store: AuthStore,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly revocations: Revocations,
  ) {}

  /** The ingest namespace's StationAuthenticator: verify, refusing a token revoked while it was checked. */
  async authenticate(stationId: string, token: string): Promise<boolean> {
    const { result, meanwhile } = await this.revocations.during(() => this.verify(stationId, token));
    return result && !meanwhile.some((r) => r.kind === 'station' && r.stationId === stationId);
  }

  /** True for a known station presenting its live, unrevoked token. */
  async verify(stationId: string, token: string): Promise<boolean> {
    const record = await this.store.getStationToken(stationId);
    if (!record || record.revokedAtMs !== null) return false;
    if (!hashesEqual(record.tokenHash, hashToken(token))) return false;
    await this.store.touchStationToken(stationId, this.clock.now());
    return true;
  }

  /**
   * Takes tokens from the configuration (ORTAQ_STATION_TOKENS, or generated for the simulator). A token an
   * admin issued is not overridden by the configuration, and a configured token that was revoked stays
   * revoked when the same token is configured again: the admin's decision stands.
   */
  async importConfigured(tokens: ReadonlyMap<string, string>): Promise<void> {
    for (const [stationId, token] of tokens) {
      const current = await this.store.getStationToken(stationId);
      const tokenHash = hashToken(token);
      if (current && (current.source === 'admin' || current.tokenHash === tokenHash)) continue;
      await this.store.putStationToken(this.record(stationId, tokenHash, 'config'));
    }
  }

  async list(): Promise<StationTokenInfo[]> {
    return (await this.store.listStationTokens()).map(info);
  }

  /** Issues a new token (replacing and cutting off any previous one); the token is shown only here. */
  async issue(stationId: string, actor: string): Promise<IssuedStationToken> {
    if (!STATION_ID_PATTERN.test(stationId)) throw new Error(`not a station id: ${stationId}`);
    const token = randomToken();
    const hadLiveToken = (await this.store.getStationToken(stationId))?.revokedAtMs === null;
    await this.store.putStationToken(this.record(stationId, hashToken(token), 'admin'));
    if (hadLiveToken) this.revocations.publish({ kind: 'station', stationId });
    await this.audit.record(actor, 'station_token_issue', stationId);
    return { stationId, token };
  }

  /** False when the station has no live token. */
  async revoke(stationId: string, actor: string): Promise<boolean> {
    if (!(await this.store.revokeStationToken(stationId, this.clock.now()))) return false;
    this.revocations.publish({ kind: 'station', stationId });
    await this.audit.record(actor, 'station_token_revoke', stationId);
    return true;
  }

  private record(stationId: string, tokenHash: string, source: 'config' | 'admin'): StoredStationToken {
    return {
      stationId,
      tokenHash,
      source,
      createdAtMs: this.clock.now(),
      revokedAtMs: null,
      lastUsedMs: null,
    };
  }
}
