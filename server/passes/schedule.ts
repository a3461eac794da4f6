// Cached pass schedule: predicted passes of every spacecraft over every station, computed a UTC day at a
// time and kept for a bounded number of days. It serves GET /api/passes, the fleet's next contact and
// stations in contact, utilization, and tells stale/lost apart from simply out of contact.
import type { DictionaryIndex, SpacecraftDef, StationDef } from '../../shared/dictionary';
import type { NextContact, PassPrediction } from '../../shared/protocol/api';

export type PassPredictor = (
  spacecraft: SpacecraftDef,
  station: StationDef,
  fromMs: number,
  toMs: number,
) => PassPrediction[];

const DAY_MS = 86_400_000;
/** LEO passes last under ~20 minutes, so predicting this far around a day catches every pass that starts in it. */
const DAY_MARGIN_MS = 30 * 60_000;
/** How far ahead to look for the next contact. */
const NEXT_CONTACT_HORIZON_MS = 2 * DAY_MS;

export interface PassFilter {
  spacecraftId?: string;
  stationId?: string;
}

/** A day's passes by AOS, and the same passes per spacecraft and per station: a fleet of 100 spacecraft over
 * 30 stations predicts ~15 000 passes a day, and each fleet update asks for one spacecraft's few dozen. */
interface DayPasses {
  all: PassPrediction[];
  bySpacecraft: Map<string, PassPrediction[]>;
  byStation: Map<string, PassPrediction[]>;
}

const NONE: readonly PassPrediction[] = [];

/** Index of the first pass (of a list sorted by AOS) whose AOS is at or after timeMs. */
function firstAosFrom(passes: readonly PassPrediction[], timeMs: number): number {
  let [low, high] = [0, passes.length];
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (passes[mid]!.aosMs < timeMs) low = mid + 1;
    else high = mid;
  }
  return low;
}

function indexDay(passes: PassPrediction[]): DayPasses {
  const all = passes.sort((a, b) => a.aosMs - b.aosMs);
  const bySpacecraft = new Map<string, PassPrediction[]>();
  const byStation = new Map<string, PassPrediction[]>();
  for (const pass of all) {
    let ofSpacecraft = bySpacecraft.get(pass.spacecraftId);
    if (!ofSpacecraft) bySpacecraft.set(pass.spacecraftId, (ofSpacecraft = []));
    ofSpacecraft.push(pass);
    let ofStation = byStation.get(pass.stationId);
    if (!ofStation) byStation.set(pass.stationId, (ofStation = []));
    ofStation.push(pass);
  }
  return { all, bySpacecraft, byStation };
}

export class PassSchedule {
  private readonly days = new Map<number, DayPasses>();

  constructor(
    private readonly index: DictionaryIndex,
    private readonly predictor: PassPredictor | null,
    private readonly maxCachedDays = 21,
  ) {}

  /** False when no predictor is configured: then every spacecraft counts as possibly in contact. */
  get available(): boolean {
    return this.predictor !== null;
  }

  /** Passes whose [aos, los] overlaps [fromMs, toMs], by AOS. */
  passes(fromMs: number, toMs: number, filter: PassFilter = {}): PassPrediction[] {
    const result: PassPrediction[] = [];
    for (let day = Math.floor((fromMs - DAY_MARGIN_MS) / DAY_MS) * DAY_MS; day <= toMs; day += DAY_MS) {
      const passes = this.day(day);
      const candidates =
        filter.spacecraftId !== undefined
          ? (passes.bySpacecraft.get(filter.spacecraftId) ?? NONE)
          : filter.stationId !== undefined
            ? (passes.byStation.get(filter.stationId) ?? NONE)
            : passes.all;
      for (const pass of candidates) {
        // Each day is sorted by AOS: nothing after a pass that starts past the window can overlap it.
        if (pass.aosMs > toMs) break;
        if (pass.losMs < fromMs) continue;
        if (filter.spacecraftId !== undefined && pass.spacecraftId !== filter.spacecraftId) continue;
        if (filter.stationId !== undefined && pass.stationId !== filter.stationId) continue;
        result.push(pass);
      }
    }
    return result.sort((a, b) => a.aosMs - b.aosMs);
  }

  /** Passes in progress at nowMs, or null when the schedule is not available. */
  inView(spacecraftId: string, nowMs: number): PassPrediction[] | null {
    if (!this.available) return null;
    return this.passes(nowMs, nowMs, { spacecraftId });
  }

  stationsInView(spacecraftId: string, nowMs: number): string[] {
    return (this.inView(spacecraftId, nowMs) ?? []).map((pass) => pass.stationId);
  }

  spacecraftInView(stationId: string, nowMs: number): string[] {
    if (!this.available) return [];
    return this.passes(nowMs, nowMs, { stationId }).map((pass) => pass.spacecraftId);
  }

  /** The first pass starting after nowMs: the fleet asks it of every spacecraft at every request. */
  nextContact(spacecraftId: string, nowMs: number): NextContact | null {
    if (!this.available) return null;
    const untilMs = nowMs + NEXT_CONTACT_HORIZON_MS;
    // A pass belongs to the day of its AOS: the first day holding one after nowMs holds the next.
    for (let day = Math.floor(nowMs / DAY_MS) * DAY_MS; day <= untilMs; day += DAY_MS) {
      const passes = this.day(day).bySpacecraft.get(spacecraftId) ?? NONE;
      const next = passes[firstAosFrom(passes, nowMs + 1)];
      if (next) {
        return next.aosMs <= untilMs
          ? { stationId: next.stationId, aosMs: next.aosMs, losMs: next.losMs }
          : null;
      }
    }
    return null;
  }

  private day(dayStartMs: number): DayPasses {
    const cached = this.days.get(dayStartMs);
    if (cached) {
      // Map order is insertion order: re-inserting marks the day as recently used.
      this.days.delete(dayStartMs);
      this.days.set(dayStartMs, cached);
      return cached;
    }
    const passes: PassPrediction[] = [];
    const predictor = this.predictor;
    if (predictor) {
      for (const spacecraft of this.index.dictionary.spacecraft) {
        for (const station of this.index.dictionary.stations) {
          const predicted = predictor(
            spacecraft,
            station,
            dayStartMs - DAY_MARGIN_MS,
            dayStartMs + DAY_MS + DAY_MARGIN_MS,
          );
          // Each pass belongs to the day of its AOS, so passes over midnight are neither lost nor doubled.
          passes.push(...predicted.filter((p) => p.aosMs >= dayStartMs && p.aosMs < dayStartMs + DAY_MS));
        }
      }
    }
    const day = indexDay(passes);
    this.days.set(dayStartMs, day);
    if (this.days.size > this.maxCachedDays) this.days.delete(this.days.keys().next().value!);
    return day;
  }
}
