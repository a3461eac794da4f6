// The newest value of every parameter of every spacecraft, with its limit state. A sample older than the
// value held (a playback dump, a late frame from a slow station) never replaces it.
import type { ParameterValue } from '../../shared/protocol/api';
import type { LimitState } from '../../shared/protocol/status';

export interface SpacecraftLink {
  /** Newest packet time heard from the spacecraft. */
  lastFrameMs: number | null;
  /** Server time of the last valid realtime frame from any station (unique or not). */
  lastRealtimeMs: number | null;
  /** Server time of the last valid playback frame from any station. */
  lastPlaybackMs: number | null;
  /** Station → server time it last heard this spacecraft. */
  heardBy: Map<string, number>;
}

export class CurrentValues {
  private readonly values = new Map<string, Map<string, ParameterValue>>();
  private readonly links = new Map<string, SpacecraftLink>();

  get(spacecraftId: string, parameterId: string): ParameterValue | undefined {
    return this.values.get(spacecraftId)?.get(parameterId);
  }

  /** Time of the value held, or -Infinity: a sample is live only if it is at least this new. */
  timeOf(spacecraftId: string, parameterId: string): number {
    return this.get(spacecraftId, parameterId)?.timeMs ?? -Infinity;
  }

  /** Stores the value unless it is older than the one held; says whether it did. */
  update(spacecraftId: string, value: ParameterValue): boolean {
    let bySpacecraft = this.values.get(spacecraftId);
    if (!bySpacecraft) {
      bySpacecraft = new Map();
      this.values.set(spacecraftId, bySpacecraft);
    }
    const held = bySpacecraft.get(value.parameterId);
    if (held && held.timeMs > value.timeMs) return false;
    bySpacecraft.set(value.parameterId, value);
    return true;
  }

  /**
   * The ingest's form of update: overwrites the held value in place (no allocation per sample) unless the
   * new sample is older. Safe because held values are only ever serialised synchronously.
   */
  set(
    spacecraftId: string,
    parameterId: string,
    timeMs: number,
    raw: number,
    value: number,
    limit: LimitState,
    text: string | undefined,
  ): boolean {
    const held = this.get(spacecraftId, parameterId);
    if (!held) {
      const described = text !== undefined ? { text } : {};
      return this.update(spacecraftId, { parameterId, timeMs, raw, value, limit, ...described });
    }
    if (held.timeMs > timeMs) return false;
    held.timeMs = timeMs;
    held.raw = raw;
    held.value = value;
    held.limit = limit;
    // Deleting a property that is not there would still turn the held object into a slow dictionary. An empty
    // string's text ("") is a text.
    if (text !== undefined) held.text = text;
    else if (held.text !== undefined) delete held.text;
    return true;
  }

  parameters(spacecraftId: string): ParameterValue[] {
    return [...(this.values.get(spacecraftId)?.values() ?? [])];
  }

  link(spacecraftId: string): SpacecraftLink {
    let link = this.links.get(spacecraftId);
    if (!link) {
      link = { lastFrameMs: null, lastRealtimeMs: null, lastPlaybackMs: null, heardBy: new Map() };
      this.links.set(spacecraftId, link);
    }
    return link;
  }

  /** Records that a station delivered a valid frame of this spacecraft (packet time null: not trusted). */
  heard(
    spacecraftId: string,
    stationId: string,
    packetTimeMs: number | null,
    receivedMs: number,
    playback = false,
  ): void {
    const link = this.link(spacecraftId);
    if (packetTimeMs !== null && (link.lastFrameMs === null || packetTimeMs > link.lastFrameMs)) {
      link.lastFrameMs = packetTimeMs;
    }
    if (playback) link.lastPlaybackMs = Math.max(link.lastPlaybackMs ?? receivedMs, receivedMs);
    else link.lastRealtimeMs = Math.max(link.lastRealtimeMs ?? receivedMs, receivedMs);
    link.heardBy.set(stationId, receivedMs);
  }
}
