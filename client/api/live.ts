// The /live socket: subscribes to the fleet and to what the open view wants, feeds every update into the
// store, and after a reconnect resubscribes with the last time it saw so the server sends what was missed.
import { io, type Socket } from 'socket.io-client';
import {
  LIVE_NAMESPACE,
  type LiveClientEvents,
  type LiveServerEvents,
  type LiveSubscription,
} from '../../shared/protocol';
import { UNAUTHENTICATED } from '../../shared/protocol/auth';
import { canSee } from '../store/authSlice';
import { ortaqStore, type LiveInterest } from '../store';

export type LiveSocket = Socket<LiveServerEvents, LiveClientEvents>;

/** Builds the subscription for an interest; `sinceMs` asks for a catch-up from the archive. */
export function subscriptionFor(interest: LiveInterest, sinceMs: number | null): LiveSubscription {
  return {
    fleet: true,
    spacecraft: interest.spacecraft,
    parameters: interest.parameters,
    ...(sinceMs === null ? {} : { sinceMs }),
  };
}

export interface LiveClientOptions {
  /** Server origin; the page's own when absent. */
  url?: string;
  now?: () => number;
  /** First reconnection delay (socket.io backs off from it up to 5 s). */
  reconnectionDelayMs?: number;
  /** Outside a browser only (tests, tools): headers such as the session cookie a browser sends by itself. */
  extraHeaders?: Record<string, string>;
}

export interface LiveClient {
  socket: LiveSocket;
  stop(): void;
}

/** Connects to /live and keeps the subscription in step with the store's interest. */
export function startLiveClient(options: LiveClientOptions = {}): LiveClient {
  const now = options.now ?? Date.now;
  const socket: LiveSocket = io(`${options.url ?? ''}${LIVE_NAMESPACE}`, {
    transports: ['websocket', 'polling'],
    reconnectionDelay: options.reconnectionDelayMs ?? 1000,
    reconnectionDelayMax: 5000,
    forceNew: true,
    ...(options.extraHeaders && { extraHeaders: options.extraHeaders }),
  });
  const store = ortaqStore.getState;
  let everConnected = false;

  const subscribe = () => {
    const state = store();
    // The first subscription takes a snapshot; later ones (after a reconnect or a new view) catch up.
    const since = everConnected ? state.lastUpdateMs : null;
    // The server refuses a subscription naming a spacecraft the partner sees only as a status line.
    const interest = {
      ...state.interest,
      spacecraft: state.interest.spacecraft.filter((id) => canSee(state.me, id, 'telemetry')),
    };
    socket.emit('subscribe', subscriptionFor(interest, since), (result) => {
      if ('data' in result) store().applyLiveUpdate(result.data, now());
    });
  };

  socket.on('connect', () => {
    store().setConnection('connected', now());
    subscribe();
    everConnected = true;
  });
  socket.on('disconnect', () => store().setConnection('disconnected', now()));
  socket.on('connect_error', (error) => {
    store().setConnection('disconnected', now());
    // A refused session does not retry by itself: the app signs in again and starts a new client.
    if (error.message === UNAUTHENTICATED) store().signedOut();
  });
  socket.on('update', (update) => store().applyLiveUpdate(update, now()));
  socket.on('system', (conditions) => store().setSystemAlarms(Array.isArray(conditions) ? conditions : []));

  const unwatch = ortaqStore.subscribe((state, prev) => {
    if (state.interest !== prev.interest && socket.connected) subscribe();
  });

  return {
    socket,
    stop: () => {
      unwatch();
      socket.disconnect();
    },
  };
}
