import type { Alarm, TelemetryEvent } from '../../shared/protocol/api';
import type { LiveSample } from '../../shared/protocol/live';

/**
 * What processing tells the live fan-out. Calls are cheap (they only mark or queue); the fan-out coalesces
 * them into at most LIVE_MAX_UPDATES_PER_S updates per client. A multi-node deployment can feed changes
 * from other nodes into the same interface.
 */
export interface LiveFeed {
  /** Whether any client here watches the spacecraft's samples (processing skips building them if not). */
  watches(spacecraftId: string): boolean;
  samples(spacecraftId: string, samples: LiveSample[]): void;
  alarm(alarm: Alarm): void;
  event(event: TelemetryEvent): void;
  spacecraftChanged(spacecraftId: string): void;
  stationsChanged(): void;
}

export const NO_LIVE_FEED: LiveFeed = {
  watches: () => false,
  samples: () => undefined,
  alarm: () => undefined,
  event: () => undefined,
  spacecraftChanged: () => undefined,
  stationsChanged: () => undefined,
};
