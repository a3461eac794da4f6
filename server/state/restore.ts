// Restores in-memory state from the archive at start, so a restart keeps current values, open alarms and
// station counters.
import { describeValue, judgeSample } from '../limits/sample';
import type { LimitState } from '../../shared/protocol/status';
import type { AppContext } from '../context';
import type { LimitOverrides } from '../limits/overrides';
import { isAheadOfGround } from './clockGuard';

export async function restoreState(
  ctx: Pick<AppContext, 'store' | 'index' | 'current' | 'alarms' | 'stations' | 'clock'> & {
    limits: LimitOverrides;
  },
) {
  const nowMs = ctx.clock.now();
  const [archived, alarms, counters] = await Promise.all([
    ctx.store.latestValues(),
    ctx.store.alarms({ openOnly: true, limit: 100_000 }),
    ctx.store.stationCounters(),
  ]);
  // A newest sample from the future was never current (see clockGuard.ts): it is not restored as current.
  const latest = archived.filter((value) => !isAheadOfGround(value.timeMs, nowMs));
  ctx.alarms.load(alarms);
  ctx.stations.load(counters);
  for (const value of latest) {
    const parameter = ctx.index.parameterById.get(value.parameterId);
    if (!parameter) continue;
    const { raw, text } = describeValue(parameter, value.value);
    ctx.current.update(value.spacecraftId, {
      parameterId: value.parameterId,
      timeMs: value.timeMs,
      raw,
      value: value.value,
      limit: { level: 'nominal' },
      ...(text ? { text } : {}),
    });
    const link = ctx.current.link(value.spacecraftId);
    if (link.lastFrameMs === null || value.timeMs > link.lastFrameMs) link.lastFrameMs = value.timeMs;
    // Heard before the restart: never "unknown" again. Packet time stands in for reception time (a live
    // value's packet is received within seconds); the status counts silence from the start anyway.
    const heardMs = Math.min(value.timeMs, nowMs);
    if (link.lastRealtimeMs === null || heardMs > link.lastRealtimeMs) link.lastRealtimeMs = heardMs;
  }
  // Limit states need every current value in place first (context limits read other parameters). The last
  // live state, for hysteresis, is what the open live alarm of the parameter says (nominal without one).
  const liveAlarms = new Map(
    ctx.alarms
      .list()
      .filter((a) => a.active && !a.playback && a.parameterId !== null)
      .map((a) => [`${a.spacecraftId}\u0000${a.parameterId}`, a]),
  );
  for (const value of latest) {
    const parameter = ctx.index.parameterById.get(value.parameterId);
    const held = ctx.current.get(value.spacecraftId, value.parameterId);
    if (!parameter || !held) continue;
    const alarm = liveAlarms.get(`${value.spacecraftId}\u0000${value.parameterId}`);
    const previous: LimitState | undefined = alarm && {
      level: alarm.level,
      ...(alarm.side && { side: alarm.side }),
    };
    held.limit = judgeSample(
      ctx.limits.parameterFor(value.spacecraftId, parameter),
      held.value,
      (id) => ctx.current.get(value.spacecraftId, id)?.raw,
      previous,
    ).limit;
  }
}
