// The /live namespace: dashboards subscribe to the fleet and to spacecraft; changes from processing are
// collected here and sent in one coalescing tick per interval, whatever the ingest rate. In a tick a client
// gets its fleet part and its spacecraft part (tickParts.ts); clients that keep up and see alike share each
// part, built and encoded once for all of them (sendGroups.ts). The fleet part holds changed summaries only,
// as their changed fields and paced by fleetPace.ts from a record seeded when the first dashboard subscribes,
// and the statistics of changed stations only (stationChanges.ts). Until its subscription reply has gone out,
// a socket's parts wait in its own buffer: they change the snapshot the reply carries, so they must reach the
// dashboard after it.
import type { Namespace, Server as SocketServer, Socket } from 'socket.io';
import type { DictionaryIndex } from '../../shared/dictionary';
import type { Alarm, TelemetryEvent } from '../../shared/protocol/api';
import {
  LIVE_NAMESPACE,
  liveSubscriptionSchema,
  type LiveClientEvents,
  type LiveSample,
  type LiveServerEvents,
  type LiveUpdate,
} from '../../shared/protocol/live';
import type { LiveAudience } from './audience';
import type { Metrics } from '../metrics';
import { buildSubscriptionReply, type ActiveSubscription } from './catchUp';
import { ClientBuffer } from './clientBuffer';
import { FleetPace } from './fleetPace';
import type { LiveFeed } from './feed';
import type { LiveServices } from './services';
import { roomsFor, spacecraftRoom } from './rooms';
import { FLEET_PART_KEY, SendGroups, spacecraftPartKey, type SendGroup } from './sendGroups';
import { StationChanges } from './stationChanges';
import { fillFleetPart, fillSpacecraftPart, fleetById, type TickChanges } from './tickParts';

/** Samples kept per spacecraft between two ticks; more than that within 100 ms means a flood. */
const MAX_PENDING_PER_SPACECRAFT = 50_000;
/** Ticks of updates waiting in a client's transport beyond which the client counts as slow. */
const MAX_BACKLOG_TICKS = 8;

interface LiveData {
  subscription?: ActiveSubscription;
  audience?: LiveAudience;
  /** Set while the reply to the subscription it names is being built. */
  replying?: ActiveSubscription;
}

type LiveSocket = Socket<LiveClientEvents, LiveServerEvents, Record<string, never>, LiveData>;
type LiveNamespace = Namespace<LiveClientEvents, LiveServerEvents, Record<string, never>, LiveData>;

export class LiveHub implements LiveFeed {
  private readonly nsp: LiveNamespace;
  private pendingSamples = new Map<string, LiveSample[]>();
  private pendingDropped = new Map<string, number>();
  private readonly pendingAlarms = new Map<string, Alarm>();
  private pendingEvents: TelemetryEvent[] = [];
  private readonly dirtySpacecraft = new Set<string>();
  private readonly fleetPace = new FleetPace();
  private readonly stationChanges = new StationChanges();
  private stationsDirty = false;
  private readonly buffers = new Map<string, ClientBuffer>();
  private readonly timer: NodeJS.Timeout;
  private readonly stopSystemAlarms: () => void;

  constructor(
    io: SocketServer,
    private readonly services: LiveServices,
    private readonly metrics: Metrics,
    intervalMs: number,
  ) {
    // One socket.io server carries both namespaces, each with its own event map: typed here.
    this.nsp = io.of(LIVE_NAMESPACE) as unknown as LiveNamespace;
    this.nsp.on('connection', (socket: LiveSocket) => this.onConnection(socket));
    // Rare and small: sent at once to this node's dashboards, outside the coalesced updates.
    this.stopSystemAlarms = services.health.subscribe((conditions) =>
      this.nsp.local.emit('system', conditions),
    );
    this.timer = setInterval(() => this.flush(), intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.stopSystemAlarms();
  }

  watches(spacecraftId: string): boolean {
    return this.nsp.adapter.rooms.has(spacecraftRoom(spacecraftId));
  }

  samples(spacecraftId: string, samples: LiveSample[]): void {
    // Nobody on this node watches the spacecraft: nothing to keep.
    if (!this.watches(spacecraftId)) return;
    let pending = this.pendingSamples.get(spacecraftId);
    if (!pending) {
      pending = [];
      this.pendingSamples.set(spacecraftId, pending);
    }
    for (const sample of samples) pending.push(sample);
    if (pending.length > MAX_PENDING_PER_SPACECRAFT) {
      // Drop a quarter at once so a flood costs amortised O(1) per sample, not a shift per sample.
      const excess = pending.length - MAX_PENDING_PER_SPACECRAFT + MAX_PENDING_PER_SPACECRAFT / 4;
      pending.splice(0, excess);
      this.pendingDropped.set(spacecraftId, (this.pendingDropped.get(spacecraftId) ?? 0) + excess);
    }
  }

  alarm(alarm: Alarm): void {
    this.pendingAlarms.set(alarm.id, structuredClone(alarm));
  }

  event(event: TelemetryEvent): void {
    this.pendingEvents.push(event);
  }

  spacecraftChanged(spacecraftId: string): void {
    this.dirtySpacecraft.add(spacecraftId);
  }

  stationsChanged(): void {
    this.stationsDirty = true;
  }

  private onConnection(socket: LiveSocket): void {
    this.metrics.liveClients++;
    this.buffers.set(socket.id, new ClientBuffer());
    socket.emit('system', this.services.health.list());
    socket.on('disconnect', () => {
      this.metrics.liveClients--;
      this.buffers.delete(socket.id);
    });
    socket.on('subscribe', (request, ack) => {
      if (typeof ack !== 'function') return;
      const parsed = liveSubscriptionSchema.safeParse(request);
      if (!parsed.success) {
        ack({ error: 'bad_subscription' });
        return;
      }
      const subscription: ActiveSubscription = parsed.data;
      if (!this.othersHoldSummaries(socket)) this.seedFleetPace();
      for (const room of socket.rooms) if (room !== socket.id) void socket.leave(room);
      void socket.join(roomsFor(subscription));
      socket.data.subscription = subscription;
      socket.data.replying = subscription;
      this.buffers.get(socket.id)?.clear();
      const replied = () => {
        // A later subscription's reply is still to come.
        if (socket.data.replying === subscription) delete socket.data.replying;
      };
      buildSubscriptionReply(this.services, subscription).then(
        (data) => {
          ack({ data });
          replied();
        },
        (error: unknown) => {
          console.error('live: subscription reply failed', error);
          ack({ error: 'unavailable' });
          replied();
        },
      );
    });
  }

  /** Whether a socket other than `socket` subscribed, and so holds summaries the fleet part changes. */
  private othersHoldSummaries(socket: LiveSocket): boolean {
    for (const other of this.nsp.sockets.values()) {
      if (other !== socket && other.data.subscription) return true;
    }
    return false;
  }

  /**
   * Before the snapshot of a subscription that nobody else's precedes: the pace's record becomes the
   * summaries as they stand (see fleetPace.ts), and the marks before now are in it.
   */
  private seedFleetPace(): void {
    const nowMs = this.services.clock.now();
    this.fleetPace.seed(this.services.fleet.fleet(nowMs), nowMs);
    this.dirtySpacecraft.clear();
  }

  /**
   * One tick. A client whose buffer is empty and whose transport keeps up is in step: what it is sent is
   * exactly the tick's fleet part and spacecraft part for its subscription, so it joins a group for each and
   * each part is built and encoded once per group. A client that fell behind keeps its own buffer, which
   * holds what it missed as well, and gets both parts in one update.
   */
  private flush(): void {
    const startedMs = performance.now();
    const nowMs = this.services.clock.now();
    const changes = this.takeChanges(nowMs);
    const fleetParts = new SendGroups();
    const spacecraftParts = new SendGroups();
    for (const socket of this.nsp.sockets.values()) {
      const buffer = this.buffers.get(socket.id);
      const { subscription, audience, replying } = socket.data;
      if (!buffer || !subscription || !audience) continue;
      const keepsUp = !replying && backlog(socket) <= MAX_BACKLOG_TICKS * packetsPerTick(subscription);
      if (buffer.isEmpty && keepsUp) {
        if (!changes) continue;
        if (subscription.fleet) fleetParts.add(FLEET_PART_KEY, socket.id, subscription, audience);
        if (subscription.spacecraft.length > 0) {
          spacecraftParts.add(spacecraftPartKey(subscription), socket.id, subscription, audience);
        }
        continue;
      }
      if (changes) {
        if (subscription.fleet) fillFleetPart(buffer, changes);
        fillSpacecraftPart(buffer, subscription, changes);
      }
      if (!buffer.isEmpty && keepsUp) this.send([socket.id], audience, buffer.take(nowMs));
    }
    if (!changes) return;
    for (const group of fleetParts.values()) {
      this.sendPart(group, nowMs, (shared) => fillFleetPart(shared, changes));
    }
    for (const group of spacecraftParts.values()) {
      this.sendPart(group, nowMs, (shared) => fillSpacecraftPart(shared, group.subscription, changes));
    }
    this.metrics.liveFanoutSeconds += (performance.now() - startedMs) / 1000;
    this.metrics.liveFanoutTicks++;
  }

  /** What processing reported since the last tick, built once; null when nothing changed. */
  private takeChanges(nowMs: number): TickChanges | null {
    const { fleet: fleetView, stations: stationBook, schedule, index } = this.services;
    const fleet = this.fleetPace.take(this.dirtySpacecraft, nowMs, (id) => fleetView.entry(id, nowMs));
    const changes: TickChanges = {
      fleet,
      fleetById: fleetById(fleet),
      alarms: [...this.pendingAlarms.values()],
      events: this.pendingEvents,
      stations: this.stationsDirty
        ? this.stationChanges.take(
            stationBook.stats(stationIds(index), (id) => schedule.spacecraftInView(id, nowMs)),
            nowMs,
          )
        : null,
      // Handed over whole: processing starts new maps for the next tick.
      samples: this.pendingSamples,
      dropped: this.pendingDropped,
    };
    this.pendingSamples = new Map();
    this.pendingDropped = new Map();
    this.dirtySpacecraft.clear();
    this.pendingAlarms.clear();
    this.pendingEvents = [];
    this.stationsDirty = false;
    const { alarms, events, samples, stations } = changes;
    const summaries = fleet.whole.length + fleet.changes.length;
    const anything = summaries + alarms.length + events.length + samples.size > 0 || stations !== null;
    return anything ? changes : null;
  }

  private sendPart(group: SendGroup, nowMs: number, fill: (shared: ClientBuffer) => void): void {
    const shared = new ClientBuffer();
    fill(shared);
    if (!shared.isEmpty) this.send(group.socketIds, group.audience, shared.take(nowMs));
  }

  /** The only way an update leaves the hub: prepared for its audience, encoded once, written to each socket. */
  private send(socketIds: string[], audience: LiveAudience, update: LiveUpdate): void {
    if (update.dropped) this.metrics.liveDropped += update.dropped * socketIds.length;
    // Local: these sockets are on this node; the cluster adapter must not publish the update to the others.
    this.nsp.local.to(socketIds).emit('update', audience.prepare(update));
  }
}

/** Engine.io packets an in-step client is written per tick: one per part it subscribes to. */
function packetsPerTick(subscription: ActiveSubscription): number {
  return Math.max(1, Number(subscription.fleet) + Number(subscription.spacecraft.length > 0));
}

/** Packets waiting in the client's transport (engine.io keeps them in a field its typings mark private). */
function backlog(socket: LiveSocket): number {
  return (socket.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length;
}

function stationIds(index: DictionaryIndex): string[] {
  return index.dictionary.stations.map((s) => s.id);
}
