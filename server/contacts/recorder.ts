// The contact recorder: the housekeeping step that turns every predicted pass into a contact record once it
// ended, and judges the records still open to evidence again. It carries on from the archive after a
// restart (the latest LOS recorded), and records are keyed by spacecraft, station and AOS, so a pass is
// neither forgotten nor recorded twice, whichever node holds the lease.
import type { ContactRecord } from '../../shared/protocol/contacts';
import type { ContactArchive, Store } from '../archive/types';
import type { PassSchedule } from '../passes/schedule';
import type { ContactPass } from './judge';

export interface ContactRecorderDeps {
  archive: Pick<ContactArchive, 'saveContacts' | 'lastContactLosMs' | 'unsettledContacts'> &
    Pick<Store, 'firstReceivedMs'>;
  schedule: Pick<PassSchedule, 'available' | 'passes'>;
  /** Resolves once every frame received so far is committed. */
  flush(): Promise<void>;
  judge(pass: ContactPass, nowMs: number, knownRatePerS: number | null): Promise<ContactRecord>;
}

/** A pass is judged this long after its LOS: its last frames are committed by then. */
export const JUDGE_DELAY_MS = 2 * 60_000;
/** Judging every simulated minute is plenty; each run reads a few passes. */
const EVERY_MS = 60_000;
/** Passes ending in at most this much time per run, so a node back after days catches up in steps. */
const MAX_SPAN_PER_RUN_MS = 6 * 3_600_000;
/** Longer than any LEO pass: passes ending after the cursor began at most this long before it. */
const MAX_PASS_MS = 30 * 60_000;
const UNSETTLED_PER_RUN = 200;

export class ContactRecorder {
  private lastRunMs = -Infinity;
  /** LOS up to which every pass is recorded; read from the archive at the first run. */
  private cursorMs: number | null = null;
  /** Realtime packets per second of each spacecraft at its last pass heard, for passes nobody heard. */
  private readonly rates = new Map<string, number>();

  constructor(private readonly deps: ContactRecorderDeps) {}

  /** Runs at most every EVERY_MS of the clock; `force` runs now (tests, the simulator check). */
  async tick(nowMs: number, force = false): Promise<void> {
    if (!force && nowMs - this.lastRunMs < EVERY_MS) return;
    if (!this.deps.schedule.available) return;
    this.lastRunMs = nowMs;
    await this.deps.flush();
    await this.rejudge(nowMs);
    for (;;) {
      const reached = await this.recordNew(nowMs);
      if (!force || reached) break;
    }
  }

  private async rejudge(nowMs: number): Promise<void> {
    const open = await this.deps.archive.unsettledContacts(UNSETTLED_PER_RUN);
    const records: ContactRecord[] = [];
    for (const record of open) records.push(await this.judge(record, nowMs));
    await this.deps.archive.saveContacts(records);
  }

  /** Records the passes that ended since the cursor; true once the cursor reached the horizon. */
  private async recordNew(nowMs: number): Promise<boolean> {
    const horizon = nowMs - JUDGE_DELAY_MS;
    const start = this.cursorMs === null ? await this.startMs() : { atMs: this.cursorMs, first: false };
    if (start === null || start.atMs >= horizon) return true;
    const { atMs: cursor, first } = start;
    const to = Math.min(horizon, cursor + MAX_SPAN_PER_RUN_MS);
    const passes = this.deps.schedule
      .passes(cursor - MAX_PASS_MS, to)
      .filter((p) => p.losMs > cursor && p.losMs <= to)
      // At the first record ever, a pass that began before Ortaq recorded anything could not have been heard.
      .filter((p) => !first || p.aosMs >= cursor);
    const records: ContactRecord[] = [];
    for (const pass of passes) records.push(await this.judge(pass, nowMs));
    await this.deps.archive.saveContacts(records);
    this.cursorMs = to;
    return to >= horizon;
  }

  /** The latest LOS recorded, or the first frame's time (`first`) for an archive with no record yet. */
  private async startMs(): Promise<{ atMs: number; first: boolean } | null> {
    const lastLosMs = await this.deps.archive.lastContactLosMs();
    if (lastLosMs !== null) return { atMs: lastLosMs, first: false };
    const firstMs = await this.deps.archive.firstReceivedMs();
    return firstMs === null ? null : { atMs: firstMs, first: true };
  }

  private async judge(pass: ContactPass, nowMs: number): Promise<ContactRecord> {
    const record = await this.deps.judge(pass, nowMs, this.rates.get(pass.spacecraftId) ?? null);
    const passS = (pass.losMs - pass.aosMs) / 1000;
    if (record.outcome === 'completed' && record.packetsExpected !== null && passS > 0)
      this.rates.set(pass.spacecraftId, record.packetsExpected / passS);
    return record;
  }
}
