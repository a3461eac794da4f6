// Restores in-memory state from the archive at start, so a restart keeps current values, open alarms and
// station counters.
import { describeValue, heldLookup, judgeSample } from '../limits/sample';
import type { LimitState } from '../../shared/protocol/status';
import type { Clock } from '../../shared/clock';
import type { DictionaryIndex } from '../../shared/dictionary';
import type { AlarmBook } from '../limits/alarms';
import type { LimitOverrides } from '../limits/overrides';
import type { Store } from '../archive/types';
import { isAheadOfGround } from './clockGuard';
import type { FrameDecoder } from '../../shared/codec';
import { restoreRuns } from './pendingRuns';
import type { CurrentValues } from './currentValues';
import type { StationStatsBook } from './stationStats';

export interface RestoreServices {
  archive: Pick<Store, 'latestValues' | 'alarms' | 'stationCounters' | 'frames'>;
  /** Reads the recent frames that rebuild minViolations counts (./pendingRuns); without it they start at 0. */
  codec?: FrameDecoder;
  index: DictionaryIndex;
  clock: Clock;
  current: CurrentValues;
  alarms: Pick<AlarmBook, 'load' | 'list'>;
  stations: Pick<StationStatsBook, 'load'>;
  /** Limits changed at run time, in force before the first sample is judged. */
  limits: Pick<LimitOverrides, 'parameterFor'>;
}

export async function restoreState(services: RestoreServices): Promise<void> {
  const nowMs = services.clock.now();
  const [archived, alarms, counters] = await Promise.all([
    services.archive.latestValues(),
    services.archive.alarms({ openOnly: true, limit: 100_000 }),
    services.archive.stationCounters(),
  ]);
  // A newest sample from the future was never current (see clockGuard.ts): it is not restored as current.
  const latest = archived.filter((value) => !isAheadOfGround(value.timeMs, nowMs));
  services.alarms.load(alarms);
  services.stations.load(counters);
  for (const value of latest) {
    const parameter = services.index.parameterById.get(value.parameterId);
    if (!parameter) continue;
    const { raw, text } = describeValue(parameter, value.value);
    services.current.update(value.spacecraftId, {
      parameterId: value.parameterId,
      timeMs: value.timeMs,
      raw,
      value: value.value,
      limit: { level: 'nominal' },
      ...(text !== undefined ? { text } : {}),
    });
    const link = services.current.link(value.spacecraftId);
    if (link.lastFrameMs === null || value.timeMs > link.lastFrameMs) link.lastFrameMs = value.timeMs;
    // Heard before the restart: never "unknown" again. Packet time stands in for reception time (a live
    // value's packet is received within seconds); the status counts silence from the start anyway.
    const heardMs = Math.min(value.timeMs, nowMs);
    if (link.lastRealtimeMs === null || heardMs > link.lastRealtimeMs) link.lastRealtimeMs = heardMs;
  }
  // Limit states need every current value in place first (context limits read other parameters). The last
  // live state, for hysteresis, is what the open live alarm of the parameter says (nominal without one).
  const liveAlarms = new Map(
    services.alarms
      .list()
      .filter((a) => a.active && !a.playback && a.parameterId !== null)
      .map((a) => [`${a.spacecraftId}\u0000${a.parameterId}`, a]),
  );
  for (const value of latest) {
    const parameter = services.index.parameterById.get(value.parameterId);
    const held = services.current.get(value.spacecraftId, value.parameterId);
    if (!parameter || !held) continue;
    const alarm = liveAlarms.get(`${value.spacecraftId}\u0000${value.parameterId}`);
    const previous: LimitState | undefined = alarm && {
      level: alarm.level,
      ...(alarm.side && { side: alarm.side }),
    };
    held.limit = judgeSample(
      services.limits.parameterFor(value.spacecraftId, parameter),
      held.value,
      heldLookup((id) => services.current.get(value.spacecraftId, id)),
      previous,
    ).limit;
  }
  const { codec } = services;
  if (codec) await restoreRuns({ ...services, codec });
}
