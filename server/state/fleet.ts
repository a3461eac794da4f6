// Fleet summary and spacecraft status: nominal/warning/critical from live alarms while frames arrive;
// stale/lost when frames stop while a station should hear the spacecraft; no_contact when none can.
import { SUBSYSTEMS, type DictionaryIndex, type Subsystem } from '../../shared/dictionary';
import type { FleetEntry } from '../../shared/protocol/api';
import type { DownlinkState, LimitLevel, SpacecraftStatus } from '../../shared/protocol/status';
import { worseLevel } from '../limits/check';
import type { AlarmBook } from '../limits/alarms';
import type { PassSchedule } from '../passes/schedule';
import type { CurrentValues } from './currentValues';

export interface StatusThresholds {
  /** Silence (server clock) after which a spacecraft that should be heard is stale. */
  staleMs: number;
  /** Silence after which it is lost. */
  lostMs: number;
}

const STATUS_BY_LEVEL: Record<LimitLevel, SpacecraftStatus> = {
  nominal: 'nominal',
  yellow: 'warning',
  red: 'critical',
};
const DOWNLINK_BY_RAW: Record<number, DownlinkState> = { 0: 'off', 1: 'on', 2: 'fault' };

export interface FleetDeps {
  index: DictionaryIndex;
  current: CurrentValues;
  alarms: AlarmBook;
  schedule: PassSchedule;
  thresholds: StatusThresholds;
  /** Server start: silence before the first frame counts from here. */
  startedMs: number;
}

export class FleetView {
  constructor(private readonly deps: FleetDeps) {}

  status(spacecraftId: string, nowMs: number): SpacecraftStatus {
    const { current, schedule, thresholds, alarms } = this.deps;
    const link = current.link(spacecraftId);
    const byAlarms = STATUS_BY_LEVEL[alarms.liveLevel(spacecraftId, nowMs)];
    if (link.lastReceivedMs !== null && nowMs - link.lastReceivedMs < thresholds.staleMs) return byAlarms;
    const passes = schedule.inView(spacecraftId, nowMs);
    if (passes !== null && passes.length === 0) return 'no_contact';
    // Silence counts from the last frame, or from the start of this pass (or of the server) if later.
    const since = Math.max(
      link.lastReceivedMs ?? this.deps.startedMs,
      this.deps.startedMs,
      ...(passes ?? []).map((pass) => pass.aosMs),
    );
    const silentMs = nowMs - since;
    if (silentMs < thresholds.staleMs) return byAlarms;
    return silentMs < thresholds.lostMs ? 'stale' : 'lost';
  }

  entry(spacecraftId: string, nowMs: number): FleetEntry {
    const { current, schedule, alarms, index, thresholds } = this.deps;
    const link = current.link(spacecraftId);
    const value = (id: string) => current.get(spacecraftId, id);
    const heardBy = [...link.heardBy].filter(([, ms]) => nowMs - ms < thresholds.staleMs).map(([id]) => id);
    const subsystems = Object.fromEntries(SUBSYSTEMS.map((s) => [s, 'nominal'])) as Record<
      Subsystem,
      LimitLevel
    >;
    for (const parameter of current.parameters(spacecraftId)) {
      const subsystem = index.parameterById.get(parameter.parameterId)?.subsystem;
      if (subsystem) subsystems[subsystem] = worseLevel(subsystems[subsystem], parameter.limit.level);
    }
    const tx = value('comms.tx_state');
    return {
      spacecraftId,
      status: this.status(spacecraftId, nowMs),
      lastFrameMs: link.lastFrameMs,
      socPercent: value('eps.batt_soc')?.value ?? null,
      adcsMode: value('adcs.mode')?.text ?? null,
      downlink: tx ? (DOWNLINK_BY_RAW[tx.raw] ?? null) : null,
      storageFillPercent: value('comms.storage_fill')?.value ?? null,
      stationsInContact: [...new Set([...heardBy, ...schedule.stationsInView(spacecraftId, nowMs)])].sort(),
      nextContact: schedule.nextContact(spacecraftId, nowMs),
      activeAlarms: alarms.activeCounts(spacecraftId, nowMs),
      subsystems,
    };
  }

  fleet(nowMs: number): FleetEntry[] {
    return this.deps.index.dictionary.spacecraft.map((s) => this.entry(s.id, nowMs));
  }

  /** Link alarm level for a status: stale is yellow, lost is red. */
  static linkLevel(status: SpacecraftStatus): LimitLevel {
    return status === 'lost' ? 'red' : status === 'stale' ? 'yellow' : 'nominal';
  }
}
