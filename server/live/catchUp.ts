// The answer to a subscription: a fresh snapshot, or, when the client says what it saw last (sinceMs), the
// samples it missed, re-decoded from the archived raw frames. Too much to catch up falls back to a snapshot.
import { packetParameters } from '../../shared/dictionary';
import {
  frameContext,
  heldLookup,
  isSample,
  judgeSample,
  liveSample,
  type JudgedSample,
} from '../limits/sample';
import { isAheadOfGround } from '../state/clockGuard';
import type { LiveSample, LiveSubscription, LiveUpdate } from '../../shared/protocol/live';
import type { LiveServices } from './services';

export type ActiveSubscription = Required<Omit<LiveSubscription, 'sinceMs'>> & { sinceMs?: number };

/** Most frames one catch-up replays; beyond that a snapshot is cheaper for both sides. */
export const MAX_CATCH_UP_FRAMES = 20_000;
/**
 * Catch-up starts this long (server clock) before sinceMs: a frame received just before an update was sent
 * may have been committed just after it. Repeated samples are harmless (same t, same value).
 */
export const CATCH_UP_OVERLAP_MS = 30_000;

export async function buildSubscriptionReply(
  services: LiveServices,
  sub: ActiveSubscription,
): Promise<LiveUpdate> {
  const nowMs = services.clock.now();
  const update: LiveUpdate = { serverTimeMs: nowMs };
  if (sub.fleet) {
    update.fleet = services.fleet.fleet(nowMs);
    update.alarms = services.alarms.list();
    update.stations = services.stations.stats(
      services.index.dictionary.stations.map((s) => s.id),
      (id) => services.schedule.spacecraftInView(id, nowMs),
    );
  } else if (sub.spacecraft.length > 0) {
    update.fleet = sub.spacecraft
      .filter((id) => services.index.spacecraftById.has(id))
      .map((id) => services.fleet.entry(id, nowMs));
  }
  const wanted = sub.parameters.length > 0 ? new Set(sub.parameters) : null;
  const caughtUp =
    sub.sinceMs === undefined ? null : await catchUpSamples(services, sub, sub.sinceMs, wanted);
  if (caughtUp) {
    update.samples = caughtUp;
    if (sub.fleet) {
      update.events = await services.archive.events({
        fromMs: sub.sinceMs! - CATCH_UP_OVERLAP_MS,
        toMs: nowMs,
        limit: 500,
      });
    }
    return update;
  }
  update.snapshot = true;
  update.samples = sub.spacecraft.flatMap((spacecraftId) =>
    services.current
      .parameters(spacecraftId)
      .filter((value) => !wanted || wanted.has(value.parameterId))
      .map((value) => {
        const sample: LiveSample = {
          spacecraftId,
          parameterId: value.parameterId,
          t: value.timeMs,
          v: value.value,
          limit: value.limit,
        };
        // As liveSample gives it: a string's text rides with its code.
        if (services.index.parameterById.get(value.parameterId)?.string) sample.text = value.text ?? '';
        return sample;
      }),
  );
  return update;
}

async function catchUpSamples(
  services: LiveServices,
  sub: ActiveSubscription,
  sinceMs: number,
  wanted: Set<string> | null,
): Promise<LiveSample[] | null> {
  if (sub.spacecraft.length === 0) return [];
  const frames = await services.archive.framesReceivedSince({
    spacecraftIds: sub.spacecraft,
    afterReceivedMs: sinceMs - CATCH_UP_OVERLAP_MS,
    limit: MAX_CATCH_UP_FRAMES + 1,
  });
  if (frames.length > MAX_CATCH_UP_FRAMES) return null;
  const replay = new ReplayedValues();
  const samples: LiveSample[] = [];
  for (const stored of frames) {
    const decoded = services.codec.decode(stored.bytes);
    if (!decoded.ok) continue;
    const { packet, eng } = decoded.frame;
    const sc = stored.spacecraftId;
    // As processing decided when the frame came in: realtime, not from the future and not older than the
    // parameter's newest value seen (here: seen in this replay, from any packet carrying it) is live, and
    // judged with the state before it.
    const realtime = !stored.playback && !isAheadOfGround(stored.timeMs, stored.receivedMs);
    const context = frameContext(
      packet,
      eng,
      heldLookup((id) => replay.get(sc, id) ?? services.current.get(sc, id)),
    );
    packetParameters(packet).forEach((parameter, i) => {
      const value = eng[i]!;
      if (!isSample(value)) return;
      const live = realtime && stored.timeMs >= replay.timeOf(sc, parameter.id);
      // Judged against the limits in force when the frame came in, as processing judged it then.
      const judged = judgeSample(
        services.limits.parameterFor(sc, parameter, stored.receivedMs),
        value,
        context,
        live ? replay.limit(sc, parameter.id) : undefined,
      );
      if (live) replay.set(sc, parameter.id, stored.timeMs, judged, value);
      if (wanted && !wanted.has(parameter.id)) return;
      samples.push(liveSample(sc, parameter, stored.timeMs, value, judged, live));
    });
  }
  return samples.sort((a, b) => a.t - b.t);
}

/** What a replay has made current so far, for the context and hysteresis of the samples after it. */
class ReplayedValues {
  private readonly held = new Map<string, { timeMs: number; judged: JudgedSample; value: number }>();

  timeOf(spacecraftId: string, parameterId: string): number {
    return this.held.get(`${spacecraftId}\u0000${parameterId}`)?.timeMs ?? -Infinity;
  }

  /** The raw and engineering value replayed last for a parameter. */
  get(spacecraftId: string, parameterId: string): { raw: number; value: number } | undefined {
    const held = this.held.get(`${spacecraftId}\u0000${parameterId}`);
    return held && { raw: held.judged.raw, value: held.value };
  }

  limit(spacecraftId: string, parameterId: string) {
    return this.held.get(`${spacecraftId}\u0000${parameterId}`)?.judged.limit;
  }

  set(spacecraftId: string, parameterId: string, timeMs: number, judged: JudgedSample, value: number): void {
    this.held.set(`${spacecraftId}\u0000${parameterId}`, { timeMs, judged, value });
  }
}
