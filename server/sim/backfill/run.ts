// One first-start backfill: flies the plan's window in fast-forward, hands each slice's frames to the
// archive, switches the planned fault episodes on and off at their times, and lets the simulated operator
// acknowledge what is due, all at the simulated time reached. I/O comes in as functions.
import type { Alarm } from '../../../shared/protocol/api';
import type { Constellation, Reception } from '../constellation';
import type { FastForwardOptions } from '../fastForward';
import { dueAcknowledgements } from './operator';
import type { BackfillPlan, FaultEpisode } from './plan';

export interface BackfillProgress {
  /** Share of the way from the window's start to the present, 0..1. */
  fraction: number;
  reachedMs: number;
  frames: number;
}

export interface BackfillReport {
  frames: number;
  acknowledged: number;
  elapsedMs: number;
}

export interface BackfillDeps {
  plan: BackfillPlan;
  simulator: {
    constellation: Pick<Constellation, 'injectFault' | 'clearFaults'>;
    fastForward(options: FastForwardOptions): Promise<void>;
  };
  /** Resolves once the frames are committed and processed. */
  deliver: (frames: readonly Reception[]) => Promise<void>;
  /** Alarms open now (active, or cleared and not acknowledged). */
  openAlarms: () => Alarm[];
  /** Acknowledges one alarm as the simulated operator, at a simulated time. */
  acknowledge: (alarm: Alarm, atMs: number) => Promise<void>;
  /** The live clock's present, which the flight chases. */
  liveNow: () => number;
  onProgress?: (progress: BackfillProgress) => void;
}

export async function runBackfill(deps: BackfillDeps): Promise<BackfillReport> {
  const started = performance.now();
  const { plan, simulator } = deps;
  const report: BackfillReport = { frames: 0, acknowledged: 0, elapsedMs: 0 };
  // Faults may be set ahead of their time: a fault counts only from its start (faultAgeS).
  for (const episode of plan.episodes) {
    simulator.constellation.injectFault(
      { spacecraftId: episode.spacecraftId, fault: episode.fault },
      episode.fromMs,
    );
  }
  const pending = new Set<FaultEpisode>(plan.episodes);
  await simulator.fastForward({
    deliver: async (receptions) => {
      report.frames += receptions.length;
      await deps.deliver(receptions);
    },
    onSlice: async (reachedMs) => {
      for (const episode of pending) {
        if (episode.toMs > reachedMs) continue;
        simulator.constellation.clearFaults(episode.spacecraftId, episode.fault);
        pending.delete(episode);
      }
      for (const alarm of dueAcknowledgements(deps.openAlarms(), reachedMs, plan.toMs)) {
        await deps.acknowledge(alarm, reachedMs);
        report.acknowledged++;
      }
      const span = Math.max(1, deps.liveNow() - plan.fromMs);
      deps.onProgress?.({
        fraction: Math.min(1, (reachedMs - plan.fromMs) / span),
        reachedMs,
        frames: report.frames,
      });
    },
  });
  report.elapsedMs = performance.now() - started;
  return report;
}
