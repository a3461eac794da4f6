// A small, known exchange between partners over three UTC days, committed to an archive as the ingest
// would: what the ledger tests build their ledger from.
import type { CommitBatch, FrameRecord, Store } from '../../server/archive/types';
import { encodedRecord } from './records';

export const LEDGER_T0 = Date.UTC(2026, 10, 1);
export const LEDGER_DAY_MS = 86_400_000;
export const LEDGER_DAYS = ['2026-11-01', '2026-11-02', '2026-11-03'];

/** Station, spacecraft and packets a day: KZ delivers TR's, TR delivers KZ's, KZ its own, AZ UZ's. */
export const LEDGER_FLOWS = [
  { stationId: 'astana', spacecraftId: 'gokturk-2', packets: 20, firstSeq: 0 },
  { stationId: 'ankara', spacecraftId: 'kazeosat-1', packets: 15, firstSeq: 0 },
  { stationId: 'astana', spacecraftId: 'kazeosat-1', packets: 10, firstSeq: 50 },
  { stationId: 'baku', spacecraftId: 'ortaq-1', packets: 5, firstSeq: 0 },
] as const;

export function ledgerBatches(): CommitBatch[] {
  return LEDGER_DAYS.map((_, day) => {
    const frames: FrameRecord[] = [];
    for (const flow of LEDGER_FLOWS) {
      const { stationId, spacecraftId } = flow;
      for (let k = 0; k < flow.packets; k++) {
        // Sequence counts unique per spacecraft over the fixture: Göktürk-2 on day 2 has 100–119.
        const sequenceCount = day * 100 + flow.firstSeq + k;
        const timeMs = LEDGER_T0 + day * LEDGER_DAY_MS + 3_600_000 + (flow.firstSeq + k) * 1000;
        const record = { stationId, spacecraftId, sequenceCount, timeMs, receivedMs: timeMs + 400 };
        frames.push(encodedRecord(record));
        // Ankara hears the first few of Astana's Göktürk-2 packets too, later: duplicates, not deliveries.
        if (flow.stationId === 'astana' && flow.spacecraftId === 'gokturk-2' && k < 5) {
          frames.push(encodedRecord({ ...record, stationId: 'ankara', receivedMs: timeMs + 900 }));
        }
      }
    }
    return { frames, alarms: [], events: [], stations: [], downlink: [] };
  });
}

export async function commitLedgerFixture(store: Store): Promise<void> {
  for (const batch of ledgerBatches()) await store.commit(batch);
}

/** After the fixture's last day closed. */
export const LEDGER_CLOSE_MS = LEDGER_T0 + 3 * LEDGER_DAY_MS + 3_600_000;
