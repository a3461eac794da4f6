// The federation mission (mission/federation-100: 100 spacecraft, 30 stations) as a load: which stations hear
// which spacecraft, second by second, from the same pass schedule the server keeps, and the realistic ingest
// mix built on it: every spacecraft's realtime housekeeping at 1 Hz from every station that hears it, plus
// recorder dumps (playback) of a few spacecraft at once.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VC_PLAYBACK } from '../../shared/codec';
import { indexDictionary } from '../../shared/dictionary';
import { predictPasses } from '../../shared/orbit';
import type { BatchAck, BatchFrame } from '../../shared/protocol';
import { requireMission } from '../../server/mission/folder';
import { PassSchedule } from '../../server/passes/schedule';
import { FrameFactory } from './frameFactory';
import type { StationSocket } from './station';

export const FEDERATION_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../mission/federation-100',
);

export function loadFederation() {
  const mission = requireMission(FEDERATION_DIR);
  const index = indexDictionary(mission.dictionary);
  return { ...mission, index, schedule: () => new PassSchedule(index, predictPasses) };
}

export type Federation = ReturnType<typeof loadFederation>;

export interface MixOptions {
  federation: Federation;
  /** stationId → connected socket, for every station of the mission. */
  sockets: Map<string, StationSocket>;
  /** Wall-clock time the mix's packet times start at (the contacts are those of that moment on). */
  startMs: number;
  durationMs: number;
  /** Stations dumping a spacecraft's recorder at once, and the frames a second each dump sends. */
  dumps: number;
  dumpFramesPerS: number;
}

export interface MixOutcome {
  ackLatenciesMs: number[];
  realtimeSent: number;
  playbackSent: number;
  stored: number;
  duplicate: number;
  failedBatches: number;
  /** Station–spacecraft contacts, summed over the seconds of the run. */
  contactSeconds: number;
}

const DUMP_INTERVAL_MS = 100;
const ACK_TIMEOUT_MS = 10_000;

/** Runs the mix; resolves once every batch is acknowledged (or timed out). */
export async function runMix(options: MixOptions): Promise<MixOutcome> {
  const { federation, sockets } = options;
  const spacecraftIds = federation.dictionary.spacecraft.map((s) => s.id);
  const realtime = new FrameFactory(federation.dictionary, 1);
  const playback = new FrameFactory(federation.dictionary, 2, VC_PLAYBACK);
  const packets = realtime.housekeeping.length;
  const schedule = federation.schedule();
  // Predicted before the clock starts: the first second must not wait for a day of passes.
  schedule.passes(options.startMs, options.startMs + options.durationMs);
  const outcome: MixOutcome = {
    ackLatenciesMs: [],
    realtimeSent: 0,
    playbackSent: 0,
    stored: 0,
    duplicate: 0,
    failedBatches: 0,
    contactSeconds: 0,
  };
  const pending: Promise<void>[] = [];
  const send = (socket: StationSocket, batch: BatchFrame[]) => {
    const emitted = performance.now();
    pending.push(
      new Promise<void>((resolve) => {
        socket.timeout(ACK_TIMEOUT_MS).emit('frames', batch, (error: Error | null, ack?: BatchAck) => {
          if (error || !ack || 'error' in ack) outcome.failedBatches++;
          else {
            outcome.ackLatenciesMs.push(performance.now() - emitted);
            for (const result of ack.results) {
              if (result.ok && result.status === 'stored') outcome.stored++;
              else if (result.ok) outcome.duplicate++;
            }
          }
          resolve();
        });
      }),
    );
  };

  // The dumps: the first stations of the mission, each replaying one spacecraft's last day of housekeeping.
  const dumpers = [...sockets.entries()].slice(0, options.dumps);
  const perDumpBatch = Math.max(1, Math.round((options.dumpFramesPerS * DUMP_INTERVAL_MS) / 1000));
  let dumped = 0;
  const dayAgoMs = options.startMs - 86_400_000;
  const dumpTimer = setInterval(() => {
    dumpers.forEach(([, socket], d) => {
      const spacecraft = (d * 37) % spacecraftIds.length;
      const batch: BatchFrame[] = [];
      for (let i = 0; i < perDumpBatch; i++) {
        const n = dumped + i;
        const key = {
          spacecraft,
          packet: n % packets,
          sequenceCount: Math.floor(n / packets) & 0x3fff,
          timeMs: dayAgoMs + Math.floor(n / packets) * 1000,
        };
        batch.push({ bytes: playback.frame(key, n) });
      }
      outcome.playbackSent += batch.length;
      send(socket, batch);
    });
    dumped += perDumpBatch;
  }, DUMP_INTERVAL_MS);

  // Realtime: once a second, each station sends the housekeeping of every spacecraft it hears that second.
  const spacecraftIndex = new Map(spacecraftIds.map((id, i) => [id, i]));
  const seconds = Math.floor(options.durationMs / 1000);
  for (let s = 0; s < seconds; s++) {
    const tickMs = options.startMs + s * 1000;
    const byStation = new Map<string, number[]>();
    for (const pass of schedule.passes(tickMs, tickMs)) {
      let list = byStation.get(pass.stationId);
      if (!list) byStation.set(pass.stationId, (list = []));
      list.push(spacecraftIndex.get(pass.spacecraftId)!);
    }
    for (const [stationId, heard] of byStation) {
      const socket = sockets.get(stationId);
      if (!socket) continue;
      outcome.contactSeconds += heard.length;
      const batch: BatchFrame[] = [];
      for (const spacecraft of heard) {
        for (let packet = 0; packet < packets; packet++) {
          const key = { spacecraft, packet, sequenceCount: s & 0x3fff, timeMs: tickMs };
          batch.push({ bytes: realtime.frame(key, s) });
        }
      }
      outcome.realtimeSent += batch.length;
      send(socket, batch);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  clearInterval(dumpTimer);
  await Promise.all(pending);
  return outcome;
}
