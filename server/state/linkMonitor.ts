// Periodic link check: opens, escalates and clears link alarms (stale → yellow; silent or lost → red) and
// tells the live fan-out when a spacecraft's status changes even though no frame arrived. A link alarm
// clears only when frames arrive again: going out of view says nothing about the link.
import type { SpacecraftStatus } from '../../shared/protocol/status';
import { linkAlarmLevel, spacecraftStatus } from '../../shared/spacecraftStatus';
import type { AppContext } from '../context';

export class LinkMonitor {
  private readonly lastStatus = new Map<string, SpacecraftStatus>();

  constructor(private readonly ctx: AppContext) {}

  check(nowMs: number): void {
    for (const spacecraft of this.ctx.index.dictionary.spacecraft) {
      const facts = this.ctx.fleet.facts(spacecraft.id, nowMs);
      const status = spacecraftStatus(facts, nowMs);
      const level = linkAlarmLevel(facts, nowMs);
      const change =
        level === null
          ? null
          : this.ctx.alarms.observe({
              spacecraftId: spacecraft.id,
              parameterId: null,
              kind: 'link',
              state: { level },
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
