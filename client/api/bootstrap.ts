// Loads what every view needs before the live stream takes over, and keeps retrying what failed while the
// server is unreachable, so a dashboard opened before its server recovers by itself.
import { ortaqStore } from '../store';
import { api } from './rest';

const RETRY_MS = 5000;

type Loader = () => Promise<void>;

const store = ortaqStore.getState;

const LOADERS: Record<string, Loader> = {
  dictionary: async () => store().setDictionary(await api.dictionary()),
  fleet: async () => {
    const res = await api.fleet();
    store().setFleet(res.fleet);
    store().noteServerTime(res.serverTimeMs, Date.now());
  },
  alarms: async () => store().mergeAlarms((await api.alarms()).alarms, true),
  stations: async () => store().mergeStations((await api.stations()).stations, true),
  events: async () => store().mergeEvents((await api.events({})).events),
};

export function startBootstrap(): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending = Object.keys(LOADERS);

  const attempt = async () => {
    const results = await Promise.allSettled(pending.map((name) => LOADERS[name]!()));
    if (stopped) return;
    pending = pending.filter((_, i) => results[i]!.status === 'rejected');
    store().setServerReachable(store().dictionary !== null);
    if (pending.length > 0) timer = setTimeout(() => void attempt(), RETRY_MS);
  };
  void attempt();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
