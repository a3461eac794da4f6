// Alarm bookkeeping: an alarm opens on the first violation, keeps its worst value, escalates, clears when the
// condition goes (hysteresis is in the limit check), and stays listed until it is both cleared and
// acknowledged. An escalation re-raises it: unacknowledged and unshelved again. Playback alarms are kept apart
// from live ones and never feed the live status.
import type { Alarm, AlarmAcknowledgement, AlarmKind, AlarmTransition } from '../../shared/protocol/api';
import type { MaintenanceMark } from '../../shared/protocol/maintenance';
import type { LimitLevel, LimitState } from '../../shared/protocol/status';
import { levelRank, worseLevel } from './check';

export type { AlarmTransition };

export interface AlarmChange {
  alarm: Alarm;
  transition: AlarmTransition;
}

export interface Observation {
  spacecraftId: string;
  /** Null for link alarms (spacecraft stale or lost). */
  parameterId: string | null;
  kind: AlarmKind;
  state: LimitState;
  value: number | null;
  /** When the condition was seen (packet time for telemetry). */
  timeMs: number;
  playback: boolean;
  /** Server time now: the discovery time. */
  nowMs: number;
}

/** The maintenance window covering a spacecraft at a moment, if any (server/operations). */
export type MaintenanceLookup = (spacecraftId: string, atMs: number) => MaintenanceMark | null;

export type AlarmActionResult = { ok: true; alarm: Alarm } | { ok: false; error: 'not_found' | 'conflict' };

const keyOf = (o: Pick<Observation, 'spacecraftId' | 'parameterId' | 'playback'>) =>
  `${o.playback ? 'pb' : 'live'}\u0000${o.spacecraftId}\u0000${o.parameterId ?? ''}`;

export class AlarmBook {
  /** Alarms still listed: active, or cleared but not acknowledged. */
  private readonly open = new Map<string, Alarm>();
  private readonly byId = new Map<string, Alarm>();
  private readonly dirty = new Map<string, Alarm>();
  /** How many alarms in `open` each parameter id has ('' for link alarms). */
  private readonly openParameters = new Map<string, number>();

  constructor(
    private readonly newId: () => string,
    private readonly maintenanceOf: MaintenanceLookup = () => null,
  ) {}

  /** Restores the alarms that were open when the server stopped. */
  load(alarms: readonly Alarm[]): void {
    for (const alarm of alarms) {
      if (!alarm.active && alarm.acknowledged) continue;
      this.setOpen(keyOf(alarm), alarm);
      this.byId.set(alarm.id, alarm);
    }
  }

  /**
   * True when observing this state could change nothing: nominal, with no alarm open for the parameter. Most
   * samples are; the ingest asks first so as not to build an observation for each of them.
   */
  isQuiet(parameterId: string | null, state: LimitState): boolean {
    return state.level === 'nominal' && !this.openParameters.has(parameterId ?? '');
  }

  observe(o: Observation): AlarmChange | null {
    if (this.isQuiet(o.parameterId, o.state)) return null;
    const key = keyOf(o);
    const existing = this.open.get(key);
    if (o.state.level === 'nominal') return existing?.active ? this.clear(key, existing, o) : null;
    const level = o.state.level;
    if (!existing) return this.openAlarm(key, o, level);
    existing.lastValue = o.value;
    existing.worstValue = worstOf(existing, o.value, o.state.side);
    this.touch(existing);
    if (!existing.active) {
      Object.assign(existing, { active: true, clearedAtMs: null, level, side: o.state.side });
      this.markMaintenance(existing, o);
      return { alarm: existing, transition: 'reactivated' };
    }
    // The level follows the condition while it lasts (the worst value stays on record); only a rise is news.
    const rose = levelRank(level) > levelRank(existing.level);
    existing.level = level;
    if (o.state.side) existing.side = o.state.side;
    if (!rose) return null;
    // An acknowledgement or shelving answered the lower level: a rise asks an operator again.
    existing.acknowledged = null;
    existing.shelvedUntilMs = null;
    this.markMaintenance(existing, o);
    return { alarm: existing, transition: 'escalated' };
  }

  private setOpen(key: string, alarm: Alarm): void {
    if (!this.open.has(key)) {
      const parameter = alarm.parameterId ?? '';
      this.openParameters.set(parameter, (this.openParameters.get(parameter) ?? 0) + 1);
    }
    this.open.set(key, alarm);
  }

  private deleteOpen(key: string, alarm: Alarm): void {
    if (!this.open.delete(key)) return;
    const parameter = alarm.parameterId ?? '';
    const left = (this.openParameters.get(parameter) ?? 1) - 1;
    if (left > 0) this.openParameters.set(parameter, left);
    else this.openParameters.delete(parameter);
  }

  /** Raised (again) inside a maintenance window: marked, or no longer marked when raised outside one. */
  private markMaintenance(alarm: Alarm, o: Observation): void {
    const mark = this.maintenanceOf(o.spacecraftId, o.timeMs);
    if (mark) alarm.maintenance = mark;
    else delete alarm.maintenance;
  }

  private openAlarm(key: string, o: Observation, level: Exclude<LimitLevel, 'nominal'>): AlarmChange {
    const alarm: Alarm = {
      id: this.newId(),
      spacecraftId: o.spacecraftId,
      parameterId: o.parameterId,
      kind: o.kind,
      level,
      active: true,
      openedAtMs: o.timeMs,
      clearedAtMs: null,
      lastValue: o.value,
      worstValue: o.value,
      playback: o.playback,
      discoveredAtMs: o.nowMs,
      acknowledged: null,
      shelvedUntilMs: null,
    };
    if (o.state.side) alarm.side = o.state.side;
    if (o.state.context) alarm.context = o.state.context;
    this.markMaintenance(alarm, o);
    this.setOpen(key, alarm);
    this.byId.set(alarm.id, alarm);
    this.touch(alarm);
    return { alarm, transition: 'opened' };
  }

  private clear(key: string, alarm: Alarm, o: Observation): AlarmChange {
    alarm.active = false;
    alarm.clearedAtMs = o.timeMs;
    alarm.lastValue = o.value;
    if (alarm.acknowledged) this.close(key, alarm);
    this.touch(alarm);
    return { alarm, transition: 'cleared' };
  }

  private close(key: string, alarm: Alarm): void {
    this.deleteOpen(key, alarm);
    this.byId.delete(alarm.id);
  }

  acknowledge(id: string, ack: AlarmAcknowledgement): AlarmActionResult {
    const alarm = this.byId.get(id);
    if (!alarm) return { ok: false, error: 'not_found' };
    if (alarm.acknowledged) return { ok: false, error: 'conflict' };
    alarm.acknowledged = ack;
    if (!alarm.active) this.close(keyOf(alarm), alarm);
    this.touch(alarm);
    return { ok: true, alarm };
  }

  /** Takes an alarm on for a user, or releases it (`null`); an alarm's assignee stays until changed. */
  assign(id: string, username: string | null): AlarmActionResult {
    const alarm = this.byId.get(id);
    if (!alarm) return { ok: false, error: 'not_found' };
    if (username === null) delete alarm.assignedTo;
    else alarm.assignedTo = username;
    this.touch(alarm);
    return { ok: true, alarm };
  }

  shelve(id: string, untilMs: number): AlarmActionResult {
    const alarm = this.byId.get(id);
    if (!alarm) return { ok: false, error: 'not_found' };
    alarm.shelvedUntilMs = untilMs;
    this.touch(alarm);
    return { ok: true, alarm };
  }

  /**
   * Takes in the state of an alarm another server node changed (and persisted): opened there, or
   * acknowledged, shelved or cleared there. Returns the alarm as this book now holds it.
   */
  adopt(alarm: Alarm): Alarm {
    const key = keyOf(alarm);
    const held = this.byId.get(alarm.id);
    const target = held ? Object.assign(held, alarm) : alarm;
    if (!target.active && target.acknowledged) {
      if (this.open.get(key)?.id === target.id) this.deleteOpen(key, target);
      this.byId.delete(target.id);
      return target;
    }
    this.setOpen(key, target);
    this.byId.set(target.id, target);
    return target;
  }

  get(id: string): Alarm | undefined {
    return this.byId.get(id);
  }

  list(): Alarm[] {
    return [...this.open.values()].sort((a, b) => b.openedAtMs - a.openedAtMs);
  }

  /**
   * Worst level of the live telemetry alarms of a spacecraft that are active and not shelved. Link alarms
   * are left out: the status says stale or lost itself.
   */
  liveLevel(spacecraftId: string, nowMs: number): LimitLevel {
    let level: LimitLevel = 'nominal';
    for (const alarm of this.open.values()) {
      if (alarm.spacecraftId !== spacecraftId || alarm.kind === 'link') continue;
      if (counts(alarm, nowMs)) level = worseLevel(level, alarm.level);
    }
    return level;
  }

  activeCounts(spacecraftId: string, nowMs: number): { yellow: number; red: number; unacknowledged: number } {
    const result = { yellow: 0, red: 0, unacknowledged: 0 };
    for (const alarm of this.open.values()) {
      if (alarm.spacecraftId !== spacecraftId || isShelved(alarm, nowMs) || alarm.maintenance) continue;
      if (alarm.active && !alarm.playback) result[alarm.level]++;
      if (!alarm.acknowledged) result.unacknowledged++;
    }
    return result;
  }

  /** True when alarms changed since the last takeDirty(). */
  hasDirty(): boolean {
    return this.dirty.size > 0;
  }

  /** Alarms changed since the last call, to persist. */
  takeDirty(): Alarm[] {
    const alarms = [...this.dirty.values()].map((alarm) => structuredClone(alarm));
    this.dirty.clear();
    return alarms;
  }

  private touch(alarm: Alarm): void {
    this.dirty.set(alarm.id, alarm);
  }
}

export function isShelved(alarm: Alarm, nowMs: number): boolean {
  return alarm.shelvedUntilMs !== null && alarm.shelvedUntilMs > nowMs;
}

/** Shelved alarms and alarms raised in maintenance neither colour the status nor count as open work. */
function counts(alarm: Alarm, nowMs: number): boolean {
  return alarm.active && !alarm.playback && !isShelved(alarm, nowMs) && !alarm.maintenance;
}

function worstOf(alarm: Alarm, value: number | null, side: LimitState['side']): number | null {
  if (value === null || alarm.worstValue === null) return value ?? alarm.worstValue;
  if (side === 'low') return Math.min(alarm.worstValue, value);
  if (side === 'high') return Math.max(alarm.worstValue, value);
  return value;
}
