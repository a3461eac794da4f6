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

export type DashboardSocket = Socket<LiveServerEvents, LiveClientEvents>;

export interface Dashboard {
  socket: DashboardSocket;
  /** Called for every update with the local receive time (performance.now() and Date.now()). */
  onUpdate(listener: (update: LiveUpdate, atPerfMs: number, atEpochMs: number) => void): void;
  close(): void;
}

export async function connectDashboard(url: string, subscription: LiveSubscription): Promise<Dashboard> {
  const socket: DashboardSocket = io(`${url}${LIVE_NAMESPACE}`, { transports: ['websocket'] });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  const reply = await socket.timeout(10_000).emitWithAck('subscribe', subscription);
  if ('error' in reply) throw new Error(`subscribe: ${reply.error}`);
  return {
    socket,
    onUpdate: (listener) => socket.on('update', (update) => listener(update, performance.now(), Date.now())),
    close: () => socket.close(),
  };
}
