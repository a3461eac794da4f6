// Which station statistics a tick's fleet part carries: the stations whose statistics changed since they were
// last sent (one station hears a frame, the other twenty-nine are the same), merged by stationId on the
// dashboard. Each station also goes out again once every LIVE_REFRESH_MS, changed or not, so a dashboard
// whose snapshot was taken between two ticks holds the server's statistics again within that time; the
// stations' refresh windows are staggered, so thirty stations do not all go to every dashboard in one tick.
import type { StationStats } from '../../shared/protocol/api';
import { LIVE_REFRESH_MS } from '../../shared/protocol/live';
import { staggeredWindow } from './staggeredWindow';

interface Sent {
  json: string;
  /** The station's refresh window it was last sent in. */
  window: number;
}

export class StationChanges {
  /** Bounded by the mission's stations: what was last sent of each. */
  private readonly sent = new Map<string, Sent>();

  /** The statistics to send of `stats` (every station's, now); null when none is due. */
  take(stats: readonly StationStats[], nowMs: number): StationStats[] | null {
    const out = stats.filter((station) => {
      const json = JSON.stringify(station);
      const window = staggeredWindow(station.stationId, nowMs, LIVE_REFRESH_MS);
      const last = this.sent.get(station.stationId);
      if (last && last.json === json && last.window === window) return false;
      this.sent.set(station.stationId, { json, window });
      return true;
    });
    return out.length > 0 ? out : null;
  }
}
