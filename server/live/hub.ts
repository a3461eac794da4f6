// The /live namespace: dashboards subscribe to the fleet and to spacecraft; changes from processing are
// collected here and sent as at most one coalesced update per client per interval, whatever the ingest rate.
// Clients that keep up and share a subscription and an audience get one update, encoded once for all of them.
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
import type { LiveFeed } from './feed';
import type { LiveServices } from './services';
import { FLEET_ROOM, isSpacecraftRoom, roomsFor, spacecraftOfRoom, spacecraftRoom } from './rooms';

/** Samples kept per spacecraft between two ticks; more than that within 100 ms means a flood. */
const MAX_PENDING_PER_SPACECRAFT = 50_000;
/** Engine.io packets waiting for a client's transport beyond which the client counts as slow. */
const MAX_WRITE_BACKLOG = 8;

interface LiveData {
  subscription?: ActiveSubscription;
  audience?: LiveAudience;
}

interface PendingChanges {
  fleet: NonNullable<LiveUpdate['fleet']>;
  alarms: Alarm[];
  events: TelemetryEvent[];
  stations: LiveUpdate['stations'] | null;
  samples: Map<string, LiveSample[]>;
}

/** Sockets in step with the hub that will receive the same update. */
interface SendGroup {
  first: LiveSocket;
  audience: LiveAudience;
  socketIds: string[];
}
type LiveSocket = Socket<LiveClientEvents, LiveServerEvents, Record<string, never>, LiveData>;
type LiveNamespace = Namespace<LiveClientEvents, LiveServerEvents, Record<string, never>, LiveData>;

export class LiveHub implements LiveFeed {
  private readonly nsp: LiveNamespace;
  private readonly pendingSamples = new Map<string, LiveSample[]>();
  private readonly pendingDropped = new Map<string, number>();
  private readonly pendingAlarms = new Map<string, Alarm>();
  private pendingEvents: TelemetryEvent[] = [];
  private readonly dirtySpacecraft = new Set<string>();
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
      for (const room of socket.rooms) if (room !== socket.id) void socket.leave(room);
      void socket.join(roomsFor(subscription));
      socket.data.subscription = subscription;
      this.buffers.get(socket.id)?.clear();
      buildSubscriptionReply(this.services, subscription).then(
        (data) => ack({ data }),
        (error: unknown) => {
          console.error('live: subscription reply failed', error);
          ack({ error: 'unavailable' });
        },
      );
    });
  }

  /**
   * One tick. A client whose buffer is empty and whose transport keeps up is in step: its update is exactly
   * the tick's changes for its subscription, so it joins a group and the update is built once per group. A
   * client that fell behind keeps its own buffer, which holds what it missed as well.
   */
  private flush(): void {
    const { clock, fleet: fleetView, stations: stationBook, schedule, index } = this.services;
    const startedMs = performance.now();
    const nowMs = clock.now();
    const fleet = [...this.dirtySpacecraft].map((id) => fleetView.entry(id, nowMs));
    const alarms = [...this.pendingAlarms.values()];
    const events = this.pendingEvents;
    const stations = this.stationsDirty
      ? stationBook.stats(stationIds(index), (id) => schedule.spacecraftInView(id, nowMs))
      : null;
    const changes: PendingChanges = { fleet, alarms, events, stations, samples: this.pendingSamples };
    const anything =
      fleet.length + alarms.length + events.length + changes.samples.size > 0 || stations !== null;
    this.dirtySpacecraft.clear();
    this.pendingAlarms.clear();
    this.pendingEvents = [];
    this.stationsDirty = false;

    const groups = new Map<string, SendGroup>();
    for (const socket of this.nsp.sockets.values()) {
      const buffer = this.buffers.get(socket.id);
      const { subscription, audience } = socket.data;
      if (!buffer || !subscription || !audience) continue;
      const keepsUp = backlog(socket) <= MAX_WRITE_BACKLOG;
      if (buffer.isEmpty && keepsUp) {
        if (anything) joinGroup(groups, socket, audience);
        continue;
      }
      if (anything) this.fill(buffer, socket, changes);
      if (!buffer.isEmpty && keepsUp) this.send([socket.id], audience, buffer.take(nowMs));
    }
    for (const group of groups.values()) {
      const shared = new ClientBuffer();
      this.fill(shared, group.first, changes);
      if (!shared.isEmpty) this.send(group.socketIds, group.audience, shared.take(nowMs));
    }
    this.pendingSamples.clear();
    this.pendingDropped.clear();
    if (anything) {
      this.metrics.liveFanoutSeconds += (performance.now() - startedMs) / 1000;
      this.metrics.liveFanoutTicks++;
    }
  }

  /** The only way an update leaves the hub: prepared for its audience, encoded once, written to each socket. */
  private send(socketIds: string[], audience: LiveAudience, update: LiveUpdate): void {
    if (update.dropped) this.metrics.liveDropped += update.dropped * socketIds.length;
    // Local: these sockets are on this node; the cluster adapter must not publish the update to the others.
    this.nsp.local.to(socketIds).emit('update', audience.prepare(update));
  }

  private fill(buffer: ClientBuffer, socket: LiveSocket, changes: PendingChanges): void {
    const subscription = socket.data.subscription;
    if (!subscription) return;
    if (socket.rooms.has(FLEET_ROOM)) {
      buffer.addFleet(changes.fleet);
      buffer.addAlarms(changes.alarms);
      buffer.addEvents(changes.events);
      if (changes.stations) buffer.setStations(changes.stations);
    }
    const wanted = subscription.parameters.length > 0 ? new Set(subscription.parameters) : null;
    for (const room of socket.rooms) {
      if (!isSpacecraftRoom(room)) continue;
      const spacecraftId = spacecraftOfRoom(room);
      const pending = changes.samples.get(spacecraftId);
      if (!socket.rooms.has(FLEET_ROOM)) {
        buffer.addFleet(changes.fleet.filter((entry) => entry.spacecraftId === spacecraftId));
      }
      buffer.noteDropped(this.pendingDropped.get(spacecraftId) ?? 0);
      if (!pending) continue;
      buffer.addSamples(wanted ? pending.filter((s) => wanted.has(s.parameterId)) : pending);
    }
  }
}

/** Same audience, same rooms, same parameters: the same update. */
function joinGroup(groups: Map<string, SendGroup>, socket: LiveSocket, audience: LiveAudience): void {
  const rooms = [...socket.rooms].filter((room) => room !== socket.id).sort();
  const parameters = [...(socket.data.subscription?.parameters ?? [])].sort();
  const key = JSON.stringify([audience.key, rooms, parameters]);
  const group = groups.get(key);
  if (group) group.socketIds.push(socket.id);
  else groups.set(key, { first: socket, audience, socketIds: [socket.id] });
}

/** Packets waiting in the client's transport (engine.io keeps them in a field its typings mark private). */
function backlog(socket: LiveSocket): number {
  return (socket.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length;
}

function stationIds(index: DictionaryIndex): string[] {
  return index.dictionary.stations.map((s) => s.id);
}
