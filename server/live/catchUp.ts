// The answer to a subscription: a fresh snapshot, or, when the client says what it saw last (sinceMs), the
// samples it missed, re-decoded from the archived raw frames. Too much to catch up falls back to a snapshot.
import { checkLimits, isMonitored } from '../limits/check';
import type { LiveSample, LiveSubscription, LiveUpdate } from '../../shared/protocol/live';
import type { AppContext } from '../context';

export type ActiveSubscription = Required<Omit<LiveSubscription, 'sinceMs'>> & { sinceMs?: number };

/** Most frames one catch-up replays; beyond that a snapshot is cheaper for both sides. */
export const MAX_CATCH_UP_FRAMES = 20_000;
/**
 * Catch-up starts this long (server clock) before sinceMs: a frame received just before an update was sent
 * may have been committed just after it. Repeated samples are harmless (same t, same value).
 */
export const CATCH_UP_OVERLAP_MS = 30_000;

export async function buildSubscriptionReply(ctx: AppContext, sub: ActiveSubscription): Promise<LiveUpdate> {
  const nowMs = ctx.clock.now();
  const update: LiveUpdate = { serverTimeMs: nowMs };
  if (sub.fleet) {
    update.fleet = ctx.fleet.fleet(nowMs);
    update.alarms = ctx.alarms.list();
    update.stations = ctx.stations.stats(
      ctx.index.dictionary.stations.map((s) => s.id),
      (id) => ctx.schedule.spacecraftInView(id, nowMs),
    );
  } else if (sub.spacecraft.length > 0) {
    update.fleet = sub.spacecraft
      .filter((id) => ctx.index.spacecraftById.has(id))
      .map((id) => ctx.fleet.entry(id, nowMs));
  }
  const wanted = sub.parameters.length > 0 ? new Set(sub.parameters) : null;
  const caughtUp = sub.sinceMs === undefined ? null : await catchUpSamples(ctx, sub, sub.sinceMs, wanted);
  if (caughtUp) {
    update.samples = caughtUp;
    if (sub.fleet) {
      update.events = await ctx.store.events({
        fromMs: sub.sinceMs! - CATCH_UP_OVERLAP_MS,
        toMs: nowMs,
        limit: 500,
      });
    }
    return update;
  }
  update.snapshot = true;
  update.samples = sub.spacecraft.flatMap((spacecraftId) =>
    ctx.current
      .parameters(spacecraftId)
      .filter((value) => !wanted || wanted.has(value.parameterId))
      .map((value) => ({
        spacecraftId,
        parameterId: value.parameterId,
        t: value.timeMs,
        v: value.value,
        limit: value.limit,
      })),
  );
  return update;
}

async function catchUpSamples(
  ctx: AppContext,
  sub: ActiveSubscription,
  sinceMs: number,
  wanted: Set<string> | null,
): Promise<LiveSample[] | null> {
  if (sub.spacecraft.length === 0) return [];
  const frames = await ctx.store.framesReceivedSince({
    spacecraftIds: sub.spacecraft,
    afterReceivedMs: sinceMs - CATCH_UP_OVERLAP_MS,
    limit: MAX_CATCH_UP_FRAMES + 1,
  });
  if (frames.length > MAX_CATCH_UP_FRAMES) return null;
  const samples: LiveSample[] = [];
  for (const stored of frames) {
    const decoded = ctx.codec.decode(stored.bytes);
    if (!decoded.ok) continue;
    const { packet, raw, eng } = decoded.frame;
    const lookup = (id: string) => ctx.current.get(stored.spacecraftId, id)?.raw;
    packet.parameters.forEach((parameter, i) => {
      if (wanted && !wanted.has(parameter.id)) return;
      const limit = isMonitored(parameter)
        ? checkLimits(parameter, eng[i]!, raw[i]!, lookup)
        : { level: 'nominal' as const };
      const sample: LiveSample = {
        spacecraftId: stored.spacecraftId,
        parameterId: parameter.id,
        t: stored.timeMs,
        v: eng[i]!,
        limit,
      };
      if (stored.playback) sample.playback = true;
      samples.push(sample);
    });
  }
  return samples.sort((a, b) => a.t - b.t);
}
