// Kiosk links: a revocable token in a URL that signs a wall screen in, read-only, as a viewer of one partner.
// Only the token's hash is kept; revoking the link ends every session it opened, and their sockets.
import type { Clock } from '../../shared/clock';
import {
  createKioskSchema,
  KIOSK_PATH,
  type CreateKioskRequest,
  type IssuedKioskLink,
  type KioskLinkInfo,
} from '../../shared/protocol/auth';
import { UserError } from './accounts';
import type { AuditLog } from './audit';
import type { Revocations } from './revocations';
import type { AuthStore, StoredKiosk } from './store';
import { hashToken, randomToken } from './tokens';

const info = ({ tokenHash: _hash, ...rest }: StoredKiosk): KioskLinkInfo => rest;

export class KioskLinks {
  constructor(
    private readonly store: AuthStore,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly revocations: Revocations,
    /** Partners come from the mission: a kiosk shows what one it declares may see. */
    private readonly knowsPartner: (partner: string) => boolean,
  ) {}

  async create(request: CreateKioskRequest, actor: string): Promise<IssuedKioskLink> {
    const input = createKioskSchema.parse(request);
    if (!this.knowsPartner(input.partner)) throw new UserError('unknown_partner');
    const token = randomToken();
    const kiosk: StoredKiosk = {
      id: randomToken(9),
      tokenHash: hashToken(token),
      label: input.label,
      partner: input.partner,
      createdBy: actor,
      createdAtMs: this.clock.now(),
      revokedAtMs: null,
    };
    await this.store.insertKiosk(kiosk);
    await this.audit.record(actor, 'kiosk_create', kiosk.id, `${kiosk.label} ${kiosk.partner}`);
    return { kiosk: info(kiosk), token, path: `${KIOSK_PATH}${token}` };
  }

  async list(): Promise<KioskLinkInfo[]> {
    return (await this.store.listKiosks()).map(info);
  }

  /** False when there is no such link or it was already revoked. */
  async revoke(id: string, actor: string): Promise<boolean> {
    if (!(await this.store.revokeKiosk(id, this.clock.now()))) return false;
    await this.store.deleteSessionsOfKiosk(id);
    this.revocations.publish({ kind: 'kiosk', kioskId: id });
    await this.audit.record(actor, 'kiosk_revoke', id);
    return true;
  }
}
