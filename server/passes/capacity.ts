// Capacity used per spacecraft over a window, pure: imaging time over time in orbit, from the payload's
// onboard IMAGING_START / IMAGING_END events (recorded onboard outside contacts and dumped at the next pass,
// so the archive holds the whole orbit, not only the passes), and downlink time over contact time, from the
// utilization's accounting of the same window.
import type { TelemetryEvent, UtilizationResponse } from '../../shared/protocol/api';
import type { CapacityResponse, CapacityRow } from '../../shared/protocol/capacity';

export const IMAGING_START = 'IMAGING_START';
export const IMAGING_END = 'IMAGING_END';
/**
 * No imaging lasts longer: a start whose end has not come within this is taken to have lost its end (the
 * event overwritten in a full recorder, a packet never heard). Imaging strips over the mission's targets
 * last minutes; half an hour is a third of an orbit.
 */
export const MAX_IMAGING_MS = 30 * 60_000;
const MINUTE_MS = 60_000;

export interface ImagingTime {
  imagingMs: number;
  unpaired: number;
}

/**
 * The imaging inside [fromMs, toMs] from one spacecraft's imaging events, read from MAX_IMAGING_MS before
 * `fromMs` so an imaging that began just before the window is whole. A start and the next end bound an
 * imaging; a start followed by another start, an end without a start and a start without its end after
 * MAX_IMAGING_MS are unpaired and count nothing: the figure errs short, never long. A start still open at
 * `toMs` (imaging now, its end not yet downlinked) counts to `toMs`.
 */
export function imagingTime(events: readonly TelemetryEvent[], fromMs: number, toMs: number): ImagingTime {
  const ordered = events
    .filter((e) => e.code === IMAGING_START || e.code === IMAGING_END)
    .sort((a, b) => a.timeMs - b.timeMs || (a.code === IMAGING_END ? -1 : 1));
  let imagingMs = 0;
  let unpaired = 0;
  let startMs: number | null = null;
  const count = (a: number, b: number) => {
    if (b - a > MAX_IMAGING_MS) {
      unpaired++;
      return;
    }
    imagingMs += Math.max(0, Math.min(b, toMs) - Math.max(a, fromMs));
  };
  for (const event of ordered) {
    if (event.code === IMAGING_START) {
      if (startMs !== null) unpaired++;
      startMs = event.timeMs;
    } else if (startMs === null) {
      // An end whose start came before the events read: inside the window, a lost start.
      if (event.timeMs >= fromMs) unpaired++;
    } else {
      count(startMs, event.timeMs);
      startMs = null;
    }
  }
  if (startMs !== null) count(startMs, toMs);
  return { imagingMs, unpaired };
}

export interface SpacecraftImaging {
  spacecraftId: string;
  /** Its imaging events of the window; null when more were there than were read. */
  events: readonly TelemetryEvent[] | null;
}

/**
 * Rows for the spacecraft given, in their order. Orbit time starts where the utilization's recording does:
 * before that Ortaq saw nothing, so neither imaging nor downlink could be counted.
 */
export function computeCapacity(utilization: UtilizationResponse, imaging: readonly SpacecraftImaging[]) {
  const { from, to, recordingFromMs } = utilization;
  const countedFromMs = recordingFromMs ?? to;
  const rows: CapacityRow[] = imaging.flatMap(({ spacecraftId, events }) => {
    const use = utilization.spacecraft.find((s) => s.spacecraftId === spacecraftId);
    if (!use) return [];
    const time = events === null ? null : imagingTime(events, countedFromMs, to);
    return [
      {
        spacecraftId,
        orbitMinutes: (to - countedFromMs) / MINUTE_MS,
        imagingMinutes: time === null ? null : time.imagingMs / MINUTE_MS,
        unpairedImagingEvents: time?.unpaired ?? 0,
        contactMinutes: use.contactMinutes,
        downlinkMinutes: use.downlinkMinutes,
      },
    ];
  });
  const body: CapacityResponse = { from, to, recordingFromMs, spacecraft: rows };
  return body;
}
