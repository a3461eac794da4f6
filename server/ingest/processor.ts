// What happens to frames once the archive has them: station counters, current values, limit checks, alarms,
// onboard events, downlink accounting and live updates. Only frames new to the archive are processed, so a
// packet heard by three stations raises one alarm, not three.
import type { DictionaryIndex, ParameterDef } from '../../shared/dictionary';
import type { Clock } from '../../shared/clock';
import type { TelemetryEvent } from '../../shared/protocol/api';
import type { LiveSample } from '../../shared/protocol/live';
import type { LimitState } from '../../shared/protocol/status';
import { APID, packetOfFrame, packetParameters } from '../../shared/dictionary';
import { isMonitored, type ContextLookup } from '../limits/check';
import {
  frameContext,
  heldLookup,
  isSample,
  judgeSample,
  liveSample,
  type JudgedSample,
} from '../limits/sample';
import type { AlarmBook, AlarmChange } from '../limits/alarms';
import type { LimitOverrides } from '../limits/overrides';
import type { LiveFeed } from '../live/feed';
import { isAheadOfGround } from '../state/clockGuard';
import { alarmEvent, clockAheadEvent, onboardEvent } from '../state/events';
import type { CurrentValues } from '../state/currentValues';
import type { CommitResult, DownlinkCredit, FrameRecord } from '../archive/types';
import { ConflictDetector, frameConflictEvent } from './conflicts';
import type { SideRecords } from './groupCommit';
import type { StationStatsBook } from '../state/stationStats';

/** Longest gap between two COMMS frames that still counts as continuous downlink (frames come every ~1 s). */
export const MAX_DOWNLINK_CREDIT_S = 10;
const TX_ON = 1;
/** At most one clock-ahead event per spacecraft in this long (ground time): a bad clock sends every frame. */
const CLOCK_AHEAD_EVENT_EVERY_MS = 10 * 60_000;

export interface ProcessorDeps {
  index: DictionaryIndex;
  clock: Clock;
  current: CurrentValues;
  alarms: AlarmBook;
  stations: StationStatsBook;
  live: LiveFeed;
  /** Limits changed at run time: a sample is judged against those in force when it is processed. */
  limits: LimitOverrides;
  /** Asks the group committer to write the alarms and events produced here. */
  requestCommit: () => void;
  /** Hears every alarm transition (the notifier). */
  onAlarmChange?: (change: AlarmChange, timeMs: number) => void;
}

type FrameCounts = { framesReceived: number; uniqueFrames: number; duplicates: number } & Pick<
  FrameRecord,
  'receivedMs' | 'snrDb'
>;

/** One batch's frame counters per station, recorded once per station. */
class BatchStationCounts {
  private readonly byStation = new Map<string, FrameCounts>();

  add(frame: FrameRecord, isNew: boolean): void {
    const counts = this.byStation.get(frame.stationId);
    if (!counts) {
      this.byStation.set(frame.stationId, {
        framesReceived: 1,
        uniqueFrames: isNew ? 1 : 0,
        duplicates: isNew ? 0 : 1,
        receivedMs: frame.receivedMs,
        snrDb: frame.snrDb,
      });
      return;
    }
    counts.framesReceived++;
    if (isNew) counts.uniqueFrames++;
    else counts.duplicates++;
    counts.receivedMs = Math.max(counts.receivedMs, frame.receivedMs);
    if (frame.snrDb !== null && (counts.snrDb === null || frame.snrDb > counts.snrDb))
      counts.snrDb = frame.snrDb;
  }

  recordInto(stations: StationStatsBook): void {
    for (const [stationId, c] of this.byStation) {
      const { framesReceived, uniqueFrames, duplicates } = c;
      stations.record(stationId, {
        framesReceived,
        uniqueFrames,
        duplicates,
        lastFrameMs: c.receivedMs,
        bestSnrDb: c.snrDb,
      });
    }
  }
}

export class TelemetryProcessor {
  private events: TelemetryEvent[] = [];
  private credits: DownlinkCredit[] = [];
  private readonly lastCommsMs = new Map<string, number>();
  private readonly clockAheadReportedMs = new Map<string, number>();
  private readonly conflicts = new ConflictDetector();

  constructor(private readonly deps: ProcessorDeps) {}

  committed(frames: readonly FrameRecord[], unique: CommitResult): void {
    const nowMs = this.deps.clock.now();
    // Counters summed per station and who watches each spacecraft asked once: per batch, not per frame.
    const counts = new BatchStationCounts();
    const watched = new Map<string, boolean>();
    for (let i = 0; i < frames.length; i++) {
      const frame = frames[i]!;
      const isNew = unique[i] === true;
      counts.add(frame, isNew);
      const ahead = isAheadOfGround(frame.timeMs, nowMs);
      // A packet time from the future is no evidence of how fresh the link is: credit the reception only.
      this.deps.current.heard(
        frame.spacecraftId,
        frame.stationId,
        ahead ? null : frame.timeMs,
        frame.receivedMs,
        frame.playback,
      );
      if (ahead && isNew) this.reportClockAhead(frame, nowMs);
      this.reportConflict(frame, isNew);
      if (isNew) this.process(frame, ahead, nowMs, this.watchedIn(watched, frame.spacecraftId));
    }
    counts.recordInto(this.deps.stations);
    if (frames.length === 0) return;
    this.deps.live.stationsChanged();
    // The counters just updated go out with the next commit (a commit without frames asks for nothing).
    this.deps.requestCommit();
  }

  /** Records an alarm transition made outside telemetry (ack, shelve, link): event log and live. */
  alarmChanged(change: AlarmChange, timeMs: number): void {
    this.addEvent(alarmEvent(change, timeMs));
    this.deps.live.alarm(change.alarm);
    this.deps.live.spacecraftChanged(change.alarm.spacecraftId);
    this.deps.requestCommit();
    this.deps.onAlarmChange?.(change, timeMs);
  }

  /** What the next commit writes besides frames; alarm changes only when asked (see groupCommit.ts). */
  takeSide(withAlarms: boolean): SideRecords {
    const side: SideRecords = {
      alarms: withAlarms ? this.deps.alarms.takeDirty() : [],
      events: this.events,
      stations: this.deps.stations.takePending(),
      downlink: this.credits,
    };
    this.events = [];
    this.credits = [];
    return side;
  }

  private watchedIn(watched: Map<string, boolean>, spacecraftId: string): boolean {
    let watches = watched.get(spacecraftId);
    if (watches === undefined) {
      watches = this.deps.live.watches(spacecraftId);
      watched.set(spacecraftId, watches);
    }
    return watches;
  }

  private process(frame: FrameRecord, aheadOfGround: boolean, nowMs: number, watched: boolean): void {
    const { index, current } = this.deps;
    const packet = packetOfFrame(index, frame.apid, frame.parameterIds);
    if (!packet) return;
    const sc = frame.spacecraftId;
    if (packet.kind === 'event') this.addEvent(onboardEvent(sc, frame.timeMs, frame.values, frame.playback));
    // Live: realtime, not from the future and not older than what we hold of the parameter, which another
    // packet carrying it may have brought. Anything else is history.
    const realtime = !frame.playback && !aheadOfGround;
    let anyLive = false;
    const lookup = frameContext(
      packet,
      frame.values,
      heldLookup((parameterId) => current.get(sc, parameterId)),
    );
    // Samples are built only when a dashboard here watches this spacecraft.
    const samples: LiveSample[] | null = watched ? [] : null;
    const parameters = packetParameters(packet);
    for (let i = 0; i < parameters.length; i++) {
      const parameter = parameters[i]!;
      const value = frame.values[i]!;
      if (!isSample(value)) continue;
      // One lookup of the value held serves the liveness and, for a live sample, the hysteresis.
      const held = current.get(sc, parameter.id);
      const live = realtime && frame.timeMs >= (held?.timeMs ?? -Infinity);
      anyLive ||= live;
      const previous = live ? held?.limit : undefined;
      const judged = this.checkParameter(frame, parameter, value, live, previous, lookup, nowMs);
      if (samples) samples.push(liveSample(sc, parameter, frame.timeMs, value, judged, live));
    }
    if (samples) this.deps.live.samples(sc, samples);
    if (anyLive) {
      this.deps.live.spacecraftChanged(sc);
      if (packet.apid === APID.COMMS) this.creditDownlink(frame, lookup);
    }
  }

  /**
   * One value judged; updates the current value (live samples only) and the alarms. `previous` is the state
   * held before a live sample (hysteresis), none for history.
   */
  private checkParameter(
    frame: FrameRecord,
    definition: ParameterDef,
    value: number,
    live: boolean,
    previous: LimitState | undefined,
    lookup: ContextLookup,
    nowMs: number,
  ): JudgedSample {
    const { current, alarms } = this.deps;
    const sc = frame.spacecraftId;
    const parameter = this.deps.limits.parameterFor(sc, definition);
    const judged = judgeSample(parameter, value, lookup, previous);
    const { raw, text, limit } = judged;
    if (live) current.set(sc, parameter.id, frame.timeMs, raw, value, limit, text);
    if (!isMonitored(parameter) || alarms.isQuiet(parameter.id, limit)) return judged;
    const change = alarms.observe({
      spacecraftId: sc,
      parameterId: parameter.id,
      kind: limit.side === 'state' || parameter.alarmStates ? 'state' : 'limit',
      state: limit,
      value,
      timeMs: frame.timeMs,
      playback: !live,
      nowMs,
    });
    if (change) this.alarmChanged(change, frame.timeMs);
    return judged;
  }

  private creditDownlink(frame: FrameRecord, lookup: ContextLookup): void {
    const previous = this.lastCommsMs.get(frame.spacecraftId);
    this.lastCommsMs.set(frame.spacecraftId, frame.timeMs);
    if (previous === undefined || lookup('comms.tx_state') !== TX_ON) return;
    const seconds = Math.min(MAX_DOWNLINK_CREDIT_S, Math.max(0, (frame.timeMs - previous) / 1000));
    const target = lookup('comms.downlink_station');
    const station = this.deps.index.parameterById.get('comms.downlink_station')?.states?.[target ?? 0];
    if (!station || station === 'NONE' || seconds === 0) return;
    const rateBps = lookup('comms.downlink_rate') ?? 0;
    this.credits.push({
      spacecraftId: frame.spacecraftId,
      stationId: station,
      timeMs: frame.timeMs,
      seconds,
      bytes: (rateBps / 8) * seconds,
    });
  }

  private reportClockAhead(frame: FrameRecord, nowMs: number): void {
    const last = this.clockAheadReportedMs.get(frame.spacecraftId);
    if (last !== undefined && nowMs - last < CLOCK_AHEAD_EVENT_EVERY_MS) return;
    this.clockAheadReportedMs.set(frame.spacecraftId, nowMs);
    this.addEvent(clockAheadEvent(frame.spacecraftId, frame.timeMs, nowMs));
    this.deps.requestCommit();
  }

  /** Different bytes for an archived packet key: an event naming both stations, counted for each of them. */
  private reportConflict(frame: FrameRecord, isNew: boolean): void {
    const conflict = this.conflicts.observe(frame, isNew);
    if (!conflict) return;
    this.addEvent(frameConflictEvent(conflict, frame.receivedMs));
    for (const stationId of new Set([conflict.archivedStationId, conflict.conflictingStationId])) {
      this.deps.stations.record(stationId, { rejects: { conflict: 1 } });
    }
    this.deps.live.spacecraftChanged(conflict.spacecraftId);
  }

  /** An event of the ground segment raised outside the frame path (fair share): archived with the next commit. */
  groundEvent(event: TelemetryEvent): void {
    this.addEvent(event);
    this.deps.requestCommit();
  }

  private addEvent(event: TelemetryEvent): void {
    this.events.push(event);
    this.deps.live.event(event);
  }
}
