// minViolations across a restart. A sample beyond a bound that asks for several in a row shows the state
// before it and counts (`pending`); that count lived only in memory. At start, the restore judges again the
// archived frames of the last minutes before each spacecraft's newest sample, in order, with the same
// judgement as live processing and the catch-up, so the restored state carries the count (and the
// hysteresis) the server had when it stopped. What a real system keeps is the frames, not the counter: the
// count is rebuilt from them rather than written on every sample.
import type { FrameDecoder } from '../../shared/codec';
import { packetParameters, type DictionaryIndex, type ParameterDef } from '../../shared/dictionary';
import { MAX_MIN_VIOLATIONS } from '../../shared/protocol/limits';
import type { LimitState } from '../../shared/protocol/status';
import type { Store } from '../archive/types';
import type { LimitOverrides } from '../limits/overrides';
import { frameContext, heldLookup, isSample, judgeSample } from '../limits/sample';
import { isAheadOfGround } from './clockGuard';
import type { CurrentValues } from './currentValues';

/** MAX_MIN_VIOLATIONS samples at one a second: the longest run a limit can wait for. */
export const RUN_WINDOW_MS = MAX_MIN_VIOLATIONS * 1000;
/** Frames of one spacecraft read back at most; a denser window is narrowed to its newest part. */
export const RUN_FRAMES = 5000;
const NARROWINGS = 6;

export interface RunServices {
  archive: Pick<Store, 'frames'>;
  codec: FrameDecoder;
  index: DictionaryIndex;
  current: CurrentValues;
  limits: Pick<LimitOverrides, 'parameterFor'>;
}

function waitsForRuns(parameter: ParameterDef): boolean {
  const many = (n: number | undefined) => n !== undefined && n > 1;
  return (
    many(parameter.limits?.minViolations) ||
    (parameter.contextLimits ?? []).some((c) => many(c.limits.minViolations))
  );
}

/** The spacecraft's newest frames up to `toMs`, oldest first, within the window and the bound. */
async function newestFrames(archive: RunServices['archive'], spacecraftId: string, toMs: number) {
  let windowMs = RUN_WINDOW_MS;
  for (let i = 0; i < NARROWINGS; i++) {
    const frames = await archive.frames({
      spacecraftId,
      fromMs: toMs - windowMs,
      toMs,
      limit: RUN_FRAMES + 1,
    });
    if (frames.length <= RUN_FRAMES) return frames;
    windowMs /= 4;
  }
  return [];
}

/** Judges again the recent frames of every spacecraft with a parameter that waits for runs. */
export async function restoreRuns(services: RunServices): Promise<void> {
  for (const spacecraft of services.index.dictionary.spacecraft) {
    const sc = spacecraft.id;
    const waiting = [...services.index.parameterById.values()].filter(
      (p) => services.current.get(sc, p.id) && waitsForRuns(services.limits.parameterFor(sc, p)),
    );
    if (waiting.length === 0) continue;
    const latestMs = Math.max(...waiting.map((p) => services.current.get(sc, p.id)!.timeMs));
    const frames = await newestFrames(services.archive, sc, latestMs);
    const replayed = replay(services, sc, frames);
    for (const parameter of waiting) {
      const held = services.current.get(sc, parameter.id)!;
      const last = replayed.get(parameter.id);
      // Only when the replay reached the very sample restored: otherwise the restore's own judgement stands.
      if (last && last.timeMs === held.timeMs) held.limit = last.limit;
    }
  }
}

function replay(
  services: RunServices,
  sc: string,
  frames: Awaited<ReturnType<RunServices['archive']['frames']>>,
): Map<string, { timeMs: number; limit: LimitState; raw: number; value: number }> {
  const held = new Map<string, { timeMs: number; limit: LimitState; raw: number; value: number }>();
  const lookup = heldLookup((id) => held.get(id) ?? services.current.get(sc, id));
  for (const stored of frames) {
    // As processing decided: realtime and not from the future is live, judged with the state before it.
    if (stored.playback || isAheadOfGround(stored.timeMs, stored.receivedMs)) continue;
    const decoded = services.codec.decode(stored.bytes);
    if (!decoded.ok) continue;
    const { packet, eng } = decoded.frame;
    const context = frameContext(packet, eng, lookup);
    packetParameters(packet).forEach((parameter, i) => {
      const value = eng[i]!;
      if (!isSample(value)) return;
      const before = held.get(parameter.id);
      if (before && stored.timeMs < before.timeMs) return;
      const judged = judgeSample(
        services.limits.parameterFor(sc, parameter, stored.receivedMs),
        value,
        context,
        before?.limit,
      );
      held.set(parameter.id, { timeMs: stored.timeMs, limit: judged.limit, raw: judged.raw, value });
    });
  }
  return held;
}
