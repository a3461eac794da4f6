// Periodic link check: opens, escalates and clears link alarms (stale → yellow, lost → red) and tells the
// live fan-out when a spacecraft's status changes even though no frame arrived.
import type { SpacecraftStatus } from '../../shared/protocol/status';
import type { AppContext } from '../context';
import { FleetView } from './fleet';

export class LinkMonitor {
  private readonly lastStatus = new Map<string, SpacecraftStatus>();

  constructor(private readonly ctx: AppContext) {}

  check(nowMs: number): void {
    for (const spacecraft of this.ctx.index.dictionary.spacecraft) {
      const status = this.ctx.fleet.status(spacecraft.id, nowMs);
      const change = this.ctx.alarms.observe({
        spacecraftId: spacecraft.id,
        parameterId: null,
        kind: 'link',
        state: { level: FleetView.linkLevel(status) },
        value: null,
        timeMs: nowMs,
        playback: false,
        nowMs,
      });
      if (change) this.ctx.processor.alarmChanged(change, nowMs);
      if (this.lastStatus.get(spacecraft.id) !== status) {
        this.lastStatus.set(spacecraft.id, status);
        this.ctx.live.spacecraftChanged(spacecraft.id);
      }
    }
  }
}
