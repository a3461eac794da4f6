// A dashboard as a measuring instrument: a stock socket.io client on /live that subscribes like the
// spacecraft view (one spacecraft, a handful of charted parameters) and timestamps every sample it receives.
import { io, type Socket } from 'socket.io-client';
import {
  LIVE_NAMESPACE,
  type LiveClientEvents,
  type LiveServerEvents,
  type LiveSubscription,
  type LiveUpdate,
} from '../../shared/protocol';
import { BENCH_USER } from '../harness/appOptions';

export type DashboardSocket = Socket<LiveServerEvents, LiveClientEvents>;

export interface Dashboard {
  socket: DashboardSocket;
  /** Called for every update with the local receive time (performance.now() and Date.now()). */
  onUpdate(listener: (update: LiveUpdate, atPerfMs: number, atEpochMs: number) => void): void;
  /** Called with the size of every frame the transport receives (characters of a text frame, bytes otherwise). */
  onFrame(listener: (bytes: number) => void): void;
  close(): void;
}

/** Signs in as the benchmark server's user, as the dashboard's login form does; returns the session cookie. */
export async function signIn(url: string): Promise<string> {
  const res = await fetch(`${url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(BENCH_USER),
  });
  if (res.status !== 200) throw new Error(`sign-in: ${res.status} ${await res.text()}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/** A /live socket carrying the session cookie, as a signed-in browser's would. */
export function liveSocket(url: string, cookie: string, options: { reconnectionDelayMax?: number } = {}) {
  const socket: DashboardSocket = io(`${url}${LIVE_NAMESPACE}`, {
    transports: ['websocket'],
    forceNew: true,
    extraHeaders: { cookie },
    ...options,
  });
  return socket;
}

export async function connectDashboard(
  url: string,
  cookie: string,
  subscription: LiveSubscription,
): Promise<Dashboard> {
  const socket = liveSocket(url, cookie);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  const reply = await socket.timeout(10_000).emitWithAck('subscribe', subscription);
  if ('error' in reply) throw new Error(`subscribe: ${reply.error}`);
  return {
    socket,
    onUpdate: (listener) => socket.on('update', (update) => listener(update, performance.now(), Date.now())),
    onFrame: (listener) =>
      socket.io.engine.on('packet', ({ data }) =>
        listener(
          typeof data === 'string' ? data.length : ((data as ArrayBuffer | undefined)?.byteLength ?? 0),
        ),
      ),
    close: () => socket.close(),
  };
}
