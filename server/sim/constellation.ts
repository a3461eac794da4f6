// The flying constellation, with time passed in: advanceTo(t) steps every spacecraft's physics up to t and
// returns the frames each ground station received meanwhile. Realtime housekeeping (VC 0) reaches the
// stations that see a spacecraft above their mask; outside contacts packets are recorded onboard and dumped
// on VC 1 during the next pass. No sockets and no clock in here: the simulator feeds it time.
import { FrameCodec, VC_PLAYBACK, VC_REALTIME } from '../../shared/codec';
import { APID, type Dictionary, type PacketDef } from '../../shared/dictionary';
import { orbitOf, stationSite, type TleLines } from '../../shared/orbit';
import { epochMs } from '../../shared/units';
import type { ActiveFault, FaultKind, FaultRequest } from '../../shared/protocol/sim';
import type { SimulatorControl } from './control';
import { frameErrorProbability, telemetrySnrDb } from './physics/link';
import { seededRandom, seedOf, type Random } from './physics/random';
import { spacecraftModel, startState, stepSpacecraft, type SpacecraftModel } from './physics/spacecraft';
import type { Environment } from './physics/environment';
import type { OnboardEvent, SpacecraftState } from './physics/state';
import { eventValues, housekeepingValues } from './physics/telemetry';
import { Recorder, type RecordedPacket } from './recorder';

export interface ConstellationOptions {
  dictionary: Dictionary;
  startMs: number;
  seed?: number;
  /** Elements that replace the bundled TLEs, by spacecraft id. */
  tles?: ReadonlyMap<string, TleLines>;
  /** Realtime housekeeping period per APID (simulated time). Default 1 s. */
  housekeepingPeriodMs?: number;
  /** How often housekeeping is recorded onboard outside contacts. Default 30 s. */
  recordPeriodMs?: number;
  /** Packets the onboard recorder holds per spacecraft. Default 20,000 (about two days at 30 s). */
  recorderCapacity?: number;
  /** Playback packets dumped per second of simulated time during a pass. Default 20. */
  playbackPacketsPerS?: number;
  /** Cap on playback packets per spacecraft per advance, so a fast clock cannot flood the stations. */
  maxPlaybackPerAdvance?: number;
}

/** A frame as one ground station received it. */
export interface Reception {
  stationId: string;
  spacecraftId: string;
  /** Earth-receive time. */
  ertMs: number;
  snrDb: number;
  bytes: Uint8Array;
  vcid: number;
  /** Bit errors were injected (the server's CRC check should reject it). */
  corrupted: boolean;
}

/** A downlink session: bytes of payload data one station received from one spacecraft in one pass. */
export interface DownlinkRecord {
  spacecraftId: string;
  stationId: string;
  bytes: number;
  endMs: number;
}

interface Flying {
  model: SpacecraftModel;
  state: SpacecraftState;
  env: Environment | null;
  faults: Map<FaultKind, number>;
  random: Random;
  recorder: Recorder;
  nextHousekeepingMs: number;
  lastRecordMs: number;
  sequence: Map<number, number>;
  masterFrameCount: number;
  virtualFrameCount: number[];
}

const LIGHT_KM_PER_MS = 299.792458;
const MAX_PHYSICS_STEP_MS = 10_000;
const DOWNLINK_LOG_SIZE = 1000;

export class Constellation implements SimulatorControl {
  private readonly codec: FrameCodec;
  private readonly housekeeping: PacketDef[];
  private readonly eventPacket: PacketDef | undefined;
  private readonly flying = new Map<string, Flying>();
  private readonly noise: Random;
  private readonly downlinkLog: DownlinkRecord[] = [];
  private housekeepingPeriodMs: number;
  private readonly recordPeriodMs: number;
  private readonly playbackPerS: number;
  private maxPlayback: number;
  private nowMs: number;

  constructor(options: ConstellationOptions) {
    const { dictionary, startMs } = options;
    const seed = options.seed ?? 1;
    this.codec = new FrameCodec(dictionary);
    this.housekeeping = dictionary.packets.filter((p) => p.kind === 'housekeeping');
    this.eventPacket = dictionary.packets.find((p) => p.apid === APID.EVENT);
    this.noise = seededRandom(seedOf('stations', seed));
    this.housekeepingPeriodMs = options.housekeepingPeriodMs ?? 1000;
    this.recordPeriodMs = options.recordPeriodMs ?? 30_000;
    this.playbackPerS = options.playbackPacketsPerS ?? 20;
    this.maxPlayback = options.maxPlaybackPerAdvance ?? 200;
    this.nowMs = startMs;
    const sites = dictionary.stations.map(stationSite);
    for (const def of dictionary.spacecraft) {
      const tle = options.tles?.get(def.id) ?? def.tle;
      const model = spacecraftModel(def, orbitOf({ id: def.id, tle }), sites, dictionary.stations);
      const random = seededRandom(seedOf(def.id, seed));
      this.flying.set(def.id, {
        model,
        state: startState(model, startMs, random),
        env: null,
        faults: new Map(),
        random,
        recorder: new Recorder(options.recorderCapacity ?? 20_000),
        nextHousekeepingMs: Math.ceil(startMs / this.housekeepingPeriodMs) * this.housekeepingPeriodMs,
        lastRecordMs: -Infinity,
        sequence: new Map(),
        masterFrameCount: 0,
        virtualFrameCount: [0, 0],
      });
    }
  }

  get timeMs(): number {
    return this.nowMs;
  }

  /** Changes the realtime housekeeping period (the simulator lengthens it at high clock speeds). */
  setHousekeepingPeriod(periodMs: number): void {
    this.housekeepingPeriodMs = Math.max(100, periodMs);
  }

  /** Changes the cap on playback packets per spacecraft per advance (fast-forward advances in long steps). */
  setPlaybackCap(packets: number): void {
    this.maxPlayback = Math.max(1, packets);
  }

  /** Steps every spacecraft to timeMs and returns what the stations received meanwhile, in time order. */
  advanceTo(timeMs: number): Reception[] {
    if (timeMs <= this.nowMs) return [];
    const dtS = (timeMs - this.nowMs) / 1000;
    const receptions: Reception[] = [];
    for (const craft of this.flying.values()) {
      this.fly(craft, timeMs, receptions);
      this.playback(craft, timeMs, dtS, receptions);
    }
    this.nowMs = timeMs;
    return receptions.sort((a, b) => a.ertMs - b.ertMs);
  }

  private fly(craft: Flying, timeMs: number, out: Reception[]): void {
    const physicsStepMs = Math.min(MAX_PHYSICS_STEP_MS, Math.max(1000, this.housekeepingPeriodMs));
    while (craft.state.timeMs < timeMs) {
      const next = Math.min(timeMs, craft.state.timeMs + physicsStepMs, craft.nextHousekeepingMs);
      const step = stepSpacecraft(craft.model, craft.state, craft.faults, next, craft.random);
      if (!step) {
        // Elements that no longer propagate: the spacecraft is gone, not the simulator.
        craft.state = { ...craft.state, timeMs };
        return;
      }
      craft.state = step.state;
      craft.env = step.env;
      if (step.completedDownlink)
        this.logDownlink({ spacecraftId: craft.model.def.id, ...step.completedDownlink });
      for (const event of step.events) this.emitEvent(craft, event, out);
      if (next >= craft.nextHousekeepingMs) {
        this.emitHousekeeping(craft, next, out);
        craft.nextHousekeepingMs += this.housekeepingPeriodMs;
        if (craft.nextHousekeepingMs <= next) craft.nextHousekeepingMs = next + this.housekeepingPeriodMs;
      }
    }
  }

  private transmitting(craft: Flying): boolean {
    return !craft.faults.has('silent') && (craft.env?.stations.some((s) => s.inContact) ?? false);
  }

  private nextSequence(craft: Flying, apid: number): number {
    const count = craft.sequence.get(apid) ?? 0;
    craft.sequence.set(apid, (count + 1) & 0x3fff);
    return count;
  }

  private emitHousekeeping(craft: Flying, timeMs: number, out: Reception[]): void {
    const live = this.transmitting(craft);
    if (!live && timeMs - craft.lastRecordMs < this.recordPeriodMs) return;
    if (!live) craft.lastRecordMs = timeMs;
    for (const packet of this.housekeeping) {
      const recorded: RecordedPacket = {
        apid: packet.apid,
        timeMs,
        sequenceCount: this.nextSequence(craft, packet.apid),
        values: housekeepingValues(packet, craft.state, craft.model),
      };
      if (live) this.deliver(craft, recorded, VC_REALTIME, timeMs, out);
      else craft.recorder.record(recorded);
    }
  }

  private emitEvent(craft: Flying, event: OnboardEvent, out: Reception[]): void {
    if (!this.eventPacket) return;
    const recorded: RecordedPacket = {
      apid: this.eventPacket.apid,
      timeMs: event.timeMs,
      sequenceCount: this.nextSequence(craft, this.eventPacket.apid),
      values: eventValues(this.eventPacket, event),
    };
    if (this.transmitting(craft)) this.deliver(craft, recorded, VC_REALTIME, event.timeMs, out);
    else craft.recorder.record(recorded);
  }

  private playback(craft: Flying, timeMs: number, dtS: number, out: Reception[]): void {
    if (craft.recorder.size === 0 || !this.transmitting(craft)) return;
    const budget = Math.min(this.maxPlayback, Math.max(1, Math.round(this.playbackPerS * dtS)));
    for (const packet of craft.recorder.dump(budget)) this.deliver(craft, packet, VC_PLAYBACK, timeMs, out);
  }

  /** Encodes one frame and hands a copy to every station in contact, with its own SNR and bit errors. */
  private deliver(
    craft: Flying,
    packet: RecordedPacket,
    vcid: number,
    sentMs: number,
    out: Reception[],
  ): void {
    const bytes = this.codec.encodeEngineering(
      {
        scid: craft.model.def.scid,
        vcid,
        masterFrameCount: craft.masterFrameCount,
        virtualFrameCount: craft.virtualFrameCount[vcid] ?? 0,
        apid: packet.apid,
        sequenceCount: packet.sequenceCount,
        timeMs: epochMs(packet.timeMs),
      },
      packet.values,
    );
    craft.masterFrameCount = (craft.masterFrameCount + 1) & 0xff;
    craft.virtualFrameCount[vcid] = ((craft.virtualFrameCount[vcid] ?? 0) + 1) & 0xff;
    const env = craft.env!;
    for (const view of env.stations) {
      if (!view.inContact) continue;
      const snrDb = telemetrySnrDb(view.look, env.geodetic.altKm) + 0.8 * this.noise.gaussian();
      const corrupted = this.noise.next() < frameErrorProbability(snrDb);
      out.push({
        stationId: view.stationId,
        spacecraftId: craft.model.def.id,
        ertMs: Math.round(sentMs + view.look.rangeKm / LIGHT_KM_PER_MS + 2 + 3 * this.noise.next()),
        snrDb: Math.round(snrDb * 10) / 10,
        bytes: corrupted ? this.withBitErrors(bytes) : bytes,
        vcid,
        corrupted,
      });
    }
  }

  private withBitErrors(bytes: Uint8Array): Uint8Array {
    const copy = bytes.slice();
    const flips = 1 + Math.floor(this.noise.next() * 3);
    for (let i = 0; i < flips; i++) {
      const bit = Math.floor(this.noise.next() * copy.length * 8);
      copy[bit >> 3]! ^= 1 << (bit & 7);
    }
    return copy;
  }

  private logDownlink(record: DownlinkRecord): void {
    if (this.downlinkLog.length >= DOWNLINK_LOG_SIZE) this.downlinkLog.shift();
    this.downlinkLog.push(record);
  }

  /** Completed downlink sessions, oldest first (the last 1000). */
  downlinks(): DownlinkRecord[] {
    return [...this.downlinkLog];
  }

  /** The simulated state of a spacecraft, for tests and diagnostics. */
  state(
    spacecraftId: string,
  ): { state: SpacecraftState; env: Environment | null; recorded: number } | undefined {
    const craft = this.flying.get(spacecraftId);
    return craft && { state: craft.state, env: craft.env, recorded: craft.recorder.size };
  }

  /** Injects a fault now, or from sinceMs (an anomaly that began before the simulation did). */
  injectFault(request: FaultRequest, sinceMs?: number): ActiveFault {
    const craft = this.flying.get(request.spacecraftId);
    if (!craft) throw new Error(`unknown spacecraft ${request.spacecraftId}`);
    const since = craft.faults.get(request.fault) ?? sinceMs ?? this.nowMs;
    craft.faults.set(request.fault, since);
    return { spacecraftId: request.spacecraftId, fault: request.fault, sinceMs: since };
  }

  clearFaults(spacecraftId: string, fault?: FaultKind): number {
    const faults = this.flying.get(spacecraftId)?.faults;
    if (!faults) return 0;
    if (fault) return faults.delete(fault) ? 1 : 0;
    const count = faults.size;
    faults.clear();
    return count;
  }

  listFaults(): ActiveFault[] {
    return [...this.flying.entries()].flatMap(([spacecraftId, craft]) =>
      [...craft.faults].map(([fault, sinceMs]) => ({ spacecraftId, fault, sinceMs })),
    );
  }
}
