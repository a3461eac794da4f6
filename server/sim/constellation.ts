// The flying constellation, with time passed in: advanceTo(t) steps every spacecraft's physics up to t and
// returns the frames each ground station received meanwhile. Realtime housekeeping (VC 0) reaches the
// stations that see a spacecraft above their mask; outside contacts packets are recorded onboard and dumped
// on VC 1 during the next pass. No sockets and no clock in here: the simulator feeds it time.
import { FrameCodec, VC_PLAYBACK, VC_REALTIME, type FrameEncoder } from '../../shared/codec';
import { APID, packetsOf, type Dictionary, type PacketDef } from '../../shared/dictionary';
import { orbitOf, stationSite, type TleLines } from '../../shared/orbit';
import { epochMs } from '../../shared/units';
import type { ActiveFault, FaultKind, FaultRequest } from '../../shared/protocol/sim';
import type { SimulatorControl } from './control';
import { downlinkRateBps, frameErrorProbability, telemetrySnrDb } from './physics/link';
import type { PhysicalChannelConfig } from '../../shared/link';
import { LinkTransmitter, type TxRole } from './linkTransmitter';
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
  /** Each spacecraft's physical channel: needed to transmit fixed-length TM frames (transmitFrames). */
  links?: ReadonlyMap<string, PhysicalChannelConfig>;
  /**
   * What writes the packets: the encoder generated from each spacecraft's XTCE (missionFrameEncoder) in
   * Ortaq; the compiled codec of the dictionary's layout when not given.
   */
  encoder?: FrameEncoder;
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
  /** A fixed-length TM transfer frame (sent with 'tmFrames'), not a one-packet frame. */
  tm: boolean;
}

/** A downlink session: bytes of payload data one station received from one spacecraft in one pass. */
export interface DownlinkRecord {
  spacecraftId: string;
  stationId: string;
  bytes: number;
  endMs: number;
}

interface Flying {
  /** The packets of its packet set. */
  housekeeping: PacketDef[];
  eventPacket: PacketDef | undefined;
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
  /** The TM transmitter, when the spacecraft has a physical channel. */
  tx: LinkTransmitter | null;
  /** Last earth-receive time per station: TM frames of one spacecraft reach a station in order. */
  lastErtMs: Map<string, number>;
}

const LIGHT_KM_PER_MS = 299.792458;
/** The VCID of a TM transfer frame, from its first two octets. */
const frameVcid = (frame: Uint8Array): number => (frame[1]! >> 1) & 0x7;
const MAX_PHYSICS_STEP_MS = 10_000;
const DOWNLINK_LOG_SIZE = 1000;

export class Constellation implements SimulatorControl {
  private readonly codec: FrameEncoder;
  private readonly flying = new Map<string, Flying>();
  private readonly noise: Random;
  private readonly downlinkLog: DownlinkRecord[] = [];
  private housekeepingPeriodMs: number;
  private readonly recordPeriodMs: number;
  private readonly playbackPerS: number;
  private maxPlayback: number;
  private nowMs: number;
  private frames = false;
  private readonly stationRateBps = new Map<string, number>();

  constructor(options: ConstellationOptions) {
    const { dictionary, startMs } = options;
    const seed = options.seed ?? 1;
    this.codec = options.encoder ?? new FrameCodec(dictionary);
    this.noise = seededRandom(seedOf('stations', seed));
    this.housekeepingPeriodMs = options.housekeepingPeriodMs ?? 1000;
    this.recordPeriodMs = options.recordPeriodMs ?? 30_000;
    this.playbackPerS = options.playbackPacketsPerS ?? 20;
    this.maxPlayback = options.maxPlaybackPerAdvance ?? 200;
    this.nowMs = startMs;
    const sites = dictionary.stations.map(stationSite);
    for (const station of dictionary.stations) this.stationRateBps.set(station.id, station.maxDownlinkBps);
    for (const def of dictionary.spacecraft) {
      const tle = options.tles?.get(def.id) ?? def.tle;
      const model = spacecraftModel(def, orbitOf({ id: def.id, tle }), sites, dictionary.stations);
      const random = seededRandom(seedOf(def.id, seed));
      const packets = packetsOf(dictionary, def);
      this.flying.set(def.id, {
        housekeeping: packets.filter((p) => p.kind === 'housekeeping'),
        eventPacket: packets.find((p) => p.apid === APID.EVENT),
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
        tx: options.links?.get(def.id) ? new LinkTransmitter(def.scid, options.links.get(def.id)!) : null,
        lastErtMs: new Map(),
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

  /**
   * Transmits fixed-length TM transfer frames (true) or one packet a frame (false, the default; the
   * fast-forward of a first start keeps it). Needs `links`; spacecraft without one keep one-packet frames.
   */
  transmitFrames(on: boolean): void {
    this.frames = on;
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
      if (this.frames && craft.tx && this.transmitting(craft)) {
        for (const frame of craft.tx.endOfStep())
          this.toStations(craft, frame, frameVcid(frame), timeMs, receptions, true);
      }
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
    for (const packet of craft.housekeeping) {
      const recorded: RecordedPacket = {
        apid: packet.apid,
        packet,
        timeMs,
        sequenceCount: this.nextSequence(craft, packet.apid),
        values: housekeepingValues(packet, craft.state, craft.model),
      };
      if (live) this.deliver(craft, recorded, VC_REALTIME, timeMs, out);
      else craft.recorder.record(recorded);
    }
  }

  private emitEvent(craft: Flying, event: OnboardEvent, out: Reception[]): void {
    const eventPacket = craft.eventPacket;
    if (!eventPacket) return;
    const recorded: RecordedPacket = {
      apid: eventPacket.apid,
      packet: eventPacket,
      timeMs: event.timeMs,
      sequenceCount: this.nextSequence(craft, eventPacket.apid),
      values: eventValues(eventPacket, event),
    };
    if (this.transmitting(craft)) this.deliver(craft, recorded, VC_REALTIME, event.timeMs, out);
    else craft.recorder.record(recorded);
  }

  private playback(craft: Flying, timeMs: number, dtS: number, out: Reception[]): void {
    if (craft.recorder.size === 0 || !this.transmitting(craft)) return;
    if (this.frames && craft.tx) return this.playbackFrames(craft, timeMs, dtS, out);
    const budget = Math.min(this.maxPlayback, Math.max(1, Math.round(this.playbackPerS * dtS)));
    for (const packet of craft.recorder.dump(budget)) this.deliver(craft, packet, VC_PLAYBACK, timeMs, out);
  }

  /** Dumps as many frames as the best station in contact takes at its downlink rate (within the cap). */
  private playbackFrames(craft: Flying, timeMs: number, dtS: number, out: Reception[]): void {
    const env = craft.env!;
    let rateBps = 0;
    for (const view of env.stations) {
      if (!view.inContact) continue;
      const maxBps = this.stationRateBps.get(view.stationId) ?? 0;
      rateBps = Math.max(rateBps, downlinkRateBps(maxBps, view.look, env.geodetic.altKm));
    }
    let frames = Math.max(1, Math.floor((rateBps * dtS) / 8 / craft.tx!.frameBytes));
    let packets = 0;
    while (frames > 0 && packets < this.maxPlayback && craft.recorder.size > 0) {
      const sent = this.deliver(craft, craft.recorder.dump(1)[0]!, VC_PLAYBACK, timeMs, out);
      frames -= sent;
      packets++;
    }
  }

  /**
   * Encodes one packet and hands what it completes to every station in contact, each with its own SNR and
   * bit errors: the one-packet frame itself, or the TM frames it completed. Returns the frames sent.
   */
  private deliver(
    craft: Flying,
    packet: RecordedPacket,
    vcid: number,
    sentMs: number,
    out: Reception[],
  ): number {
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
      packet.packet,
    );
    if (this.frames && craft.tx) {
      const role: TxRole = vcid === VC_PLAYBACK ? 'playback' : 'realtime';
      const frames = craft.tx.send(role, bytes.subarray(6, bytes.length - 2));
      for (const frame of frames) this.toStations(craft, frame, frameVcid(frame), sentMs, out, true);
      return frames.length;
    }
    craft.masterFrameCount = (craft.masterFrameCount + 1) & 0xff;
    craft.virtualFrameCount[vcid] = ((craft.virtualFrameCount[vcid] ?? 0) + 1) & 0xff;
    this.toStations(craft, bytes, vcid, sentMs, out, false);
    return 1;
  }

  private toStations(
    craft: Flying,
    bytes: Uint8Array,
    vcid: number,
    sentMs: number,
    out: Reception[],
    tm: boolean,
  ): void {
    const env = craft.env!;
    for (const view of env.stations) {
      if (!view.inContact) continue;
      const snrDb = telemetrySnrDb(view.look, env.geodetic.altKm) + 0.8 * this.noise.gaussian();
      const corrupted = this.noise.next() < frameErrorProbability(snrDb);
      let ertMs = Math.round(sentMs + view.look.rangeKm / LIGHT_KM_PER_MS + 2 + 3 * this.noise.next());
      if (tm) {
        // A station receives one spacecraft's frames in the order they were sent, a millisecond apart at least.
        ertMs = Math.max(ertMs, (craft.lastErtMs.get(view.stationId) ?? -Infinity) + 1);
        craft.lastErtMs.set(view.stationId, ertMs);
      }
      out.push({
        stationId: view.stationId,
        spacecraftId: craft.model.def.id,
        ertMs,
        snrDb: Math.round(snrDb * 10) / 10,
        bytes: corrupted ? this.withBitErrors(bytes) : bytes,
        vcid,
        corrupted,
        tm,
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
