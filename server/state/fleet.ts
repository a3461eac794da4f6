// Fleet summary and spacecraft status. The status itself is decided by spacecraftStatus() (shared with the
// dashboard); this module gathers its facts: when frames last arrived, the predicted contacts around now
// and the worst active alarm.
import { SUBSYSTEMS, type DictionaryIndex, type Subsystem } from '../../shared/dictionary';
import type { FleetEntry } from '../../shared/protocol/api';
import type { DownlinkState, LimitLevel, SpacecraftStatus } from '../../shared/protocol/status';
import { mergeWindows, spacecraftStatus, type StatusFacts } from '../../shared/spacecraftStatus';
import { worseLevel } from '../limits/check';
import type { AlarmBook } from '../limits/alarms';
import type { PassSchedule } from '../passes/schedule';
import type { CurrentValues } from './currentValues';

export interface StatusThresholds {
  /** Silence (server clock) after which data is stale, and a spacecraft that should be heard is silent. */
  staleMs: number;
  /** Silence after which a spacecraft is lost when no pass prediction is configured. */
  lostMs: number;
}

const DOWNLINK_BY_RAW: Record<number, DownlinkState> = { 0: 'off', 1: 'on', 2: 'fault' };
/**
 * Contacts sent with the facts: far enough back to find a pass missed since the last frame (a spacecraft
 * silent for longer than this has missed one anyway: LEO passes over five stations come every few hours),
 * far enough ahead for the dashboard to move on between two updates.
 */
const WINDOWS_BACK_MS = 12 * 3_600_000;
const WINDOWS_AHEAD_MS = 3 * 3_600_000;

export interface FleetDeps {
  index: DictionaryIndex;
  current: CurrentValues;
  alarms: AlarmBook;
  schedule: PassSchedule;
  thresholds: StatusThresholds;
  /** Server start: silence before it is not counted (nobody listened). */
  startedMs: number;
}

export class FleetView {
  constructor(private readonly deps: FleetDeps) {}

  facts(spacecraftId: string, nowMs: number): StatusFacts {
    const { current, schedule, thresholds, alarms, startedMs } = this.deps;
    const link = current.link(spacecraftId);
    const lastMs = Math.max(link.lastRealtimeMs ?? -Infinity, link.lastPlaybackMs ?? -Infinity);
    const fromMs = Math.max(lastMs, nowMs - WINDOWS_BACK_MS, startedMs);
    return {
      lastRealtimeMs: link.lastRealtimeMs,
      lastPlaybackMs: link.lastPlaybackMs,
      windows: schedule.available
        ? mergeWindows(schedule.passes(Math.min(fromMs, nowMs), nowMs + WINDOWS_AHEAD_MS, { spacecraftId }))
        : null,
      alarmLevel: alarms.liveLevel(spacecraftId, nowMs),
      listeningSinceMs: startedMs,
      staleMs: thresholds.staleMs,
      lostMs: thresholds.lostMs,
    };
  }

  status(spacecraftId: string, nowMs: number): SpacecraftStatus {
    return spacecraftStatus(this.facts(spacecraftId, nowMs), nowMs);
  }

  entry(spacecraftId: string, nowMs: number): FleetEntry {
    const { current, schedule, alarms, thresholds } = this.deps;
    const link = current.link(spacecraftId);
    const value = (id: string) => current.get(spacecraftId, id);
    const receiving = [...link.heardBy].filter(([, ms]) => nowMs - ms < thresholds.staleMs).map(([id]) => id);
    const expected = schedule.stationsInView(spacecraftId, nowMs).filter((id) => !receiving.includes(id));
    const tx = value('comms.tx_state');
    const facts = this.facts(spacecraftId, nowMs);
    return {
      spacecraftId,
      status: spacecraftStatus(facts, nowMs),
      lastFrameMs: link.lastFrameMs,
      socPercent: value('eps.batt_soc')?.value ?? null,
      adcsMode: value('adcs.mode')?.text ?? null,
      downlink: tx ? (DOWNLINK_BY_RAW[tx.raw] ?? null) : null,
      storageFillPercent: value('comms.storage_fill')?.value ?? null,
      stationsInContact: receiving.sort(),
      stationsExpected: [...new Set(expected)].sort(),
      nextContact: schedule.nextContact(spacecraftId, nowMs),
      activeAlarms: alarms.activeCounts(spacecraftId, nowMs),
      subsystems: this.subsystems(spacecraftId),
      facts,
    };
  }

  fleet(nowMs: number): FleetEntry[] {
    return this.deps.index.dictionary.spacecraft.map((s) => this.entry(s.id, nowMs));
  }

  /** Worst level per subsystem over the values received; a subsystem without any is left out. */
  private subsystems(spacecraftId: string): Partial<Record<Subsystem, LimitLevel>> {
    const { current, index } = this.deps;
    const subsystems: Partial<Record<Subsystem, LimitLevel>> = {};
    for (const parameter of current.parameters(spacecraftId)) {
      const subsystem = index.parameterById.get(parameter.parameterId)?.subsystem;
      if (!subsystem || !SUBSYSTEMS.includes(subsystem)) continue;
      subsystems[subsystem] = worseLevel(subsystems[subsystem] ?? 'nominal', parameter.limit.level);
    }
    return subsystems;
  }
}
