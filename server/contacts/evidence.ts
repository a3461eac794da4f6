// Gathering what the archive knows of one pass after it ended, then the one judgement (judge.ts). The
// spacecraft's own telemetry is read only when the pass failed and nothing else explains it.
import type { DictionaryIndex } from '../../shared/dictionary';
import type { ContactRecord } from '../../shared/protocol/contacts';
import type { MaintenanceWindow } from '../../shared/protocol/maintenance';
import { summarizePassLink, type LinkCellRow } from '../archive/linkCells';
import type { Store } from '../archive/types';
import { markOf, overlappingWindow } from '../operations/maintenance';
import { judgeContact, type ContactEvidence, type ContactPass, type OnboardEvidence } from './judge';

/**
 * The housekeeping parameters the spacecraft's side is read from: the transmitter's state (any state but
 * TRANSMITTER_ON_STATE is off) and the OBC's reboot counter. A mission without them gets no spacecraft-side
 * causes: its failed passes stay `unknown`.
 */
export const TRANSMITTER_PARAMETER = 'comms.tx_state';
export const TRANSMITTER_ON_STATE = 'ON';
export const REBOOT_PARAMETER = 'obc.reboot_count';
/** A reboot shortly before AOS still explains a silent pass: the transmitter comes back after the boot. */
const REBOOT_LOOKBACK_MS = 15 * 60_000;
/** More realtime packets than one pass of the fleet's cadence gives; beyond it the rate is read from these. */
const MAX_FRAMES_READ = 50_000;
const MAX_HISTORY_POINTS = 500;

export interface EvidenceSources {
  archive: Pick<Store, 'receptions' | 'frames' | 'history' | 'linkCells'>;
  index: DictionaryIndex;
  /** Maintenance windows held now (server/operations). */
  windows(): readonly MaintenanceWindow[];
}

const NO_ONBOARD: OnboardEvidence = { transmitterOff: false, rebooted: false };

export async function judgePass(
  sources: EvidenceSources,
  pass: ContactPass,
  nowMs: number,
  knownRatePerS: number | null,
): Promise<ContactRecord> {
  const { archive } = sources;
  const window = { spacecraftId: pass.spacecraftId, fromMs: pass.aosMs, toMs: pass.losMs };
  const [own, frames, linkCells] = await Promise.all([
    archive.receptions({ ...window, stationId: pass.stationId }),
    archive.frames({ ...window, limit: MAX_FRAMES_READ }),
    archive.linkCells({ ...window, stationId: pass.stationId }),
  ]);
  const planned = overlappingWindow(sources.windows(), pass, pass.aosMs, pass.losMs);
  const evidence: ContactEvidence = {
    pass,
    planned: planned && markOf(planned),
    notExpected: sources.index.spacecraftById.get(pass.spacecraftId)?.notional === true,
    own,
    realtimeMs: frames.filter((f) => !f.playback).map((f) => f.timeMs),
    telemetryMs: frames.map((f) => f.timeMs),
    onboard: NO_ONBOARD,
    knownRatePerS,
    link: linkCountsOf(linkCells),
    nowMs,
  };
  const first = judgeContact(evidence);
  if (first.cause !== 'unknown') return first;
  return judgeContact({ ...evidence, onboard: await onboardEvidence(sources, pass) });
}

/**
 * Transfer frames received and lost over the pass, from the link cells the TM link layer wrote (the same
 * cells the pass comparison shows); null when it counted none of them (one-packet frames, or no link).
 */
function linkCountsOf(rows: readonly LinkCellRow[]): { frames: number; lost: number } | null {
  let frames = 0;
  let lost = 0;
  for (const channel of summarizePassLink(rows).channels) {
    frames += channel.counts.frames;
    lost += channel.counts.lost_frames;
  }
  return frames + lost === 0 ? null : { frames, lost };
}

async function onboardEvidence(sources: EvidenceSources, pass: ContactPass): Promise<OnboardEvidence> {
  const { archive, index } = sources;
  const read = (parameterId: string, fromMs: number) =>
    index.parameterById.has(parameterId)
      ? archive
          .history({
            spacecraftId: pass.spacecraftId,
            parameterId,
            fromMs,
            toMs: pass.losMs,
            maxPoints: MAX_HISTORY_POINTS,
          })
          .then((series) => series.points)
      : Promise.resolve([]);
  const [tx, reboots] = await Promise.all([
    read(TRANSMITTER_PARAMETER, pass.aosMs),
    read(REBOOT_PARAMETER, pass.aosMs - REBOOT_LOOKBACK_MS),
  ]);
  const states = index.parameterById.get(TRANSMITTER_PARAMETER)?.states ?? {};
  const on = Object.entries(states).find(([, name]) => name === TRANSMITTER_ON_STATE)?.[0];
  const onValue = on === undefined ? null : Number(on);
  const transmitterOff = onValue !== null && tx.some((p) => p.min !== onValue || p.max !== onValue);
  const counts = reboots.flatMap((p) => [p.min, p.max]);
  const rebooted = counts.length > 0 && Math.max(...counts) > Math.min(...counts);
  return { transmitterOff, rebooted };
}
