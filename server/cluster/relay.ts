// The live feed of a node that has peers: everything processing reports goes to this node's dashboards at
// once and, gathered for a few milliseconds, to the other nodes. What the other nodes report is applied to
// this node's current values and alarm book and fed to its dashboards, so any node serves the whole fleet.
import type { Server as SocketServer } from 'socket.io';
import { TEXTS, textCode, type DictionaryIndex } from '../../shared/dictionary';
import type { Alarm, TelemetryEvent } from '../../shared/protocol/api';
import type { LiveSample } from '../../shared/protocol/live';
import { describeValue } from '../limits/sample';
import type { StationStatsBook } from '../state/stationStats';
import type { AlarmBook } from '../limits/alarms';
import type { LiveFeed } from '../live/feed';
import type { CurrentValues } from '../state/currentValues';
import type { StationCounterDelta } from '../archive/types';
import {
  CLUSTER_NEWS_EVENT,
  CLUSTER_PROTOCOL_VERSION,
  clusterNewsSchema,
  type ClusterEvents,
  type ClusterNews,
  type LinkNews,
} from './messages';

/** How long news is gathered before it goes out: one Redis message per interval, not one per frame. */
export const RELAY_INTERVAL_MS = 20;
/** Longest string text taken from another node: no text is longer than a space packet (64 KiB). */
const MAX_RELAYED_TEXT = 65_536;
/** Samples held for the next message; beyond this the oldest go (dashboards catch up from the archive). */
export const MAX_RELAY_SAMPLES = 200_000;

export interface RelayDeps {
  io: SocketServer;
  nodeId: string;
  index: DictionaryIndex;
  current: CurrentValues;
  alarms: AlarmBook;
  stations: StationStatsBook;
  /** This node's own fan-out. */
  local: LiveFeed;
}

type ClusterServer = SocketServer<Record<string, never>, Record<string, never>, ClusterEvents>;

export class ClusterRelay implements LiveFeed {
  private samplesOut: LiveSample[] = [];
  private readonly alarmsOut = new Map<string, Alarm>();
  private eventsOut: TelemetryEvent[] = [];
  private readonly linksOut = new Set<string>();
  private stationCountersOut: StationCounterDelta[] = [];
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Samples dropped because Redis could not keep up (exported as a metric by the caller if wanted). */
  dropped = 0;

  constructor(private readonly deps: RelayDeps) {
    (deps.io as unknown as ClusterServer).on(CLUSTER_NEWS_EVENT, (news) => this.receive(news));
  }

  /** Dashboards on other nodes may watch any spacecraft, so samples are always built in a cluster. */
  watches(): boolean {
    return true;
  }

  samples(spacecraftId: string, samples: LiveSample[]): void {
    this.deps.local.samples(spacecraftId, samples);
    for (const sample of samples) this.samplesOut.push(sample);
    if (this.samplesOut.length > MAX_RELAY_SAMPLES) {
      const excess = this.samplesOut.length - MAX_RELAY_SAMPLES;
      this.samplesOut.splice(0, excess);
      this.dropped += excess;
    }
    this.schedule();
  }

  alarm(alarm: Alarm): void {
    this.deps.local.alarm(alarm);
    // Processing keeps mutating its alarm objects: send the state as it is now.
    this.alarmsOut.set(alarm.id, structuredClone(alarm));
    this.schedule();
  }

  event(event: TelemetryEvent): void {
    this.deps.local.event(event);
    this.eventsOut.push(event);
    this.schedule();
  }

  spacecraftChanged(spacecraftId: string): void {
    this.deps.local.spacecraftChanged(spacecraftId);
    this.linksOut.add(spacecraftId);
    this.schedule();
  }

  stationsChanged(): void {
    this.deps.local.stationsChanged();
  }

  /** Station counter increments on their way to the archive: the other nodes add them to their totals. */
  stationCounters(deltas: readonly StationCounterDelta[]): void {
    if (deltas.length === 0) return;
    for (const delta of deltas) this.stationCountersOut.push(delta);
    this.schedule();
  }

  /** Sends what is pending now (also used at shutdown so the last news is not lost). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const news: ClusterNews = {
      version: CLUSTER_PROTOCOL_VERSION,
      node: this.deps.nodeId,
      samples: this.samplesOut,
      alarms: [...this.alarmsOut.values()],
      events: this.eventsOut,
      links: [...this.linksOut].map((id) => this.linkNews(id)).filter((link) => link !== null),
      stationCounters: this.stationCountersOut,
    };
    this.samplesOut = [];
    this.alarmsOut.clear();
    this.eventsOut = [];
    this.linksOut.clear();
    this.stationCountersOut = [];
    const { samples, alarms, events, links, stationCounters } = news;
    if (samples.length + alarms.length + events.length + links.length + stationCounters.length === 0) return;
    (this.deps.io as unknown as ClusterServer).serverSideEmit(CLUSTER_NEWS_EVENT, news);
  }

  stop(): void {
    if (this.stopped) return;
    this.flush();
    this.stopped = true;
  }

  private schedule(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => this.flush(), RELAY_INTERVAL_MS);
  }

  private linkNews(spacecraftId: string): LinkNews | null {
    const link = this.deps.current.link(spacecraftId);
    if (link.lastFrameMs === null) return null;
    return { spacecraftId, lastFrameMs: link.lastFrameMs, heardBy: [...link.heardBy] };
  }

  private receive(message: unknown): void {
    const parsed = clusterNewsSchema.safeParse(message);
    if (!parsed.success) {
      console.error('cluster: ignored a message of another shape or version');
      return;
    }
    applyNews(parsed.data, this.deps);
  }
}

/** Applies another node's news here, without sending it on (no echo between nodes). */
export function applyNews(news: ClusterNews, deps: RelayDeps): void {
  const { current, alarms, local, index } = deps;
  const bySpacecraft = new Map<string, LiveSample[]>();
  for (const sample of news.samples) {
    let list = bySpacecraft.get(sample.spacecraftId);
    if (!list) bySpacecraft.set(sample.spacecraftId, (list = []));
    list.push(sample);
    const parameter = index.parameterById.get(sample.parameterId);
    // A string's text comes with its code: this node may never have read it.
    if (parameter?.string) sample.text = relayedText(sample);
    if (sample.playback || !parameter) continue;
    // The limit state comes as the node that processed the frame judged it: adopted, not judged again.
    const { raw, text } = describeValue(parameter, sample.v);
    current.update(sample.spacecraftId, {
      parameterId: sample.parameterId,
      timeMs: sample.t,
      raw,
      value: sample.v,
      limit: sample.limit,
      ...(text !== undefined ? { text } : {}),
    });
  }
  for (const [spacecraftId, samples] of bySpacecraft) local.samples(spacecraftId, samples);
  for (const link of news.links) {
    for (const [stationId, receivedMs] of link.heardBy) {
      current.heard(link.spacecraftId, stationId, link.lastFrameMs, receivedMs);
    }
    local.spacecraftChanged(link.spacecraftId);
  }
  for (const alarm of news.alarms) {
    local.alarm(alarms.adopt(alarm));
    local.spacecraftChanged(alarm.spacecraftId);
  }
  for (const event of news.events) local.event(event);
  if (news.stationCounters.length > 0) {
    deps.stations.load(news.stationCounters);
    local.stationsChanged();
  }
}

/**
 * The text of a relayed string sample, learnt, when it is the text its code stands for; otherwise what this
 * node knows of the code (a sample whose text was mangled on the way shows no other text than its code's).
 */
function relayedText(sample: LiveSample): string {
  const text: unknown = sample.text;
  if (typeof text === 'string' && text.length <= MAX_RELAYED_TEXT && textCode(text) === sample.v) {
    TEXTS.learn(text);
    return text;
  }
  return TEXTS.textOf(sample.v) ?? '';
}
