// Periodic link check: opens, escalates and clears link alarms (stale → yellow; silent or lost → red) and
// tells the live fan-out when a spacecraft's status changes even though no frame arrived. A link alarm
// clears only when frames arrive again: going out of view says nothing about the link.
import type { SpacecraftStatus } from '../../shared/protocol/status';
import { linkAlarmLevel, spacecraftStatus } from '../../shared/spacecraftStatus';
import type { DictionaryIndex } from '../../shared/dictionary';
import type { AlarmBook, AlarmChange } from '../limits/alarms';
import type { FleetView } from './fleet';

/** What the check reads and whom it tells; declared here so the state room depends on neither ingest nor live. */
export interface LinkMonitorServices {
  index: DictionaryIndex;
  fleet: Pick<FleetView, 'facts'>;
  alarms: Pick<AlarmBook, 'observe'>;
  /** Records a link alarm transition (event log, archive, live, notifications: the ingest processor). */
  alarmChanged(change: AlarmChange, timeMs: number): void;
  /** Tells the live fan-out a spacecraft's status changed. */
  spacecraftChanged(spacecraftId: string): void;
}

export class LinkMonitor {
  private readonly lastStatus = new Map<string, SpacecraftStatus>();

  constructor(private readonly services: LinkMonitorServices) {}

  check(nowMs: number): void {
    for (const spacecraft of this.services.index.dictionary.spacecraft) {
      const facts = this.services.fleet.facts(spacecraft.id, nowMs);
      const status = spacecraftStatus(facts, nowMs);
      const level = linkAlarmLevel(facts, nowMs);
      const change =
        level === null
          ? null
          : this.services.alarms.observe({
              spacecraftId: spacecraft.id,
              parameterId: null,
              kind: 'link',
              state: { level },
              value: null,
              timeMs: nowMs,
              playback: false,
              nowMs,
            });
      if (change) this.services.alarmChanged(change, nowMs);
      if (this.lastStatus.get(spacecraft.id) !== status) {
        this.lastStatus.set(spacecraft.id, status);
        this.services.spacecraftChanged(spacecraft.id);
      }
    }
  }
}
