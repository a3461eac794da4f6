// Fair share: from reception totals per spacecraft and station, the matrix of what each partner gave each
// other partner, the balance of every pair, and the pairs whose balance crossed the agreement's threshold.
// Pure: the archive query and the clock are the caller's.
import { randomUUID } from 'node:crypto';
import type { PartnerId } from '../../shared/dictionary';
import type { TelemetryEvent } from '../../shared/protocol/api';
import type { FairShareThresholds } from '../../shared/protocol/auth';
import type { FairShareBalance, FairShareCell, FairShareResponse } from '../../shared/protocol/fairShare';
import type { ContactTotal } from '../archive/types';
import type { Owners } from './records';

export function fairShareMatrix(
  totals: readonly ContactTotal[],
  owners: Owners,
  window: { from: number; to: number },
): FairShareResponse {
  const cells = new Map<string, FairShareCell>();
  const partners = owners.partners;
  for (const giver of partners) {
    for (const receiver of partners) {
      cells.set(pairKey(giver, receiver), { giver, receiver, contactMinutes: 0, packets: 0 });
    }
  }
  for (const total of totals) {
    const giver = owners.stationPartner(total.stationId);
    const receiver = owners.spacecraftPartner(total.spacecraftId);
    if (giver === undefined || receiver === undefined) continue;
    const cell = cells.get(pairKey(giver, receiver))!;
    cell.contactMinutes += total.seconds / 60;
    cell.packets += total.packets;
  }
  const balances: FairShareBalance[] = [];
  partners.forEach((a, i) => {
    for (const b of partners.slice(i + 1)) {
      const given = cells.get(pairKey(a, b))!;
      const received = cells.get(pairKey(b, a))!;
      balances.push({
        a,
        b,
        packets: given.packets - received.packets,
        contactMinutes: given.contactMinutes - received.contactMinutes,
      });
    }
  });
  return { from: window.from, to: window.to, cells: [...cells.values()], balances };
}

/** Which side of a threshold a pair's balance is on: +1 a gave too much, -1 b did, 0 within. */
type Side = -1 | 0 | 1;

function sideOf(balance: FairShareBalance, thresholds: FairShareThresholds): Side {
  const over = (value: number, max: number | undefined) => max !== undefined && Math.abs(value) > max;
  if (!over(balance.packets, thresholds.maxBalancePackets)) {
    if (!over(balance.contactMinutes, thresholds.maxBalanceMinutes)) return 0;
    return balance.contactMinutes > 0 ? 1 : -1;
  }
  return balance.packets > 0 ? 1 : -1;
}

/**
 * Remembers each pair's side of the thresholds and turns a change of side into one event: crossing out
 * warns, coming back within informs. A new month starts every pair within again.
 */
export class FairShareWatch {
  private readonly sides = new Map<string, Side>();
  private month = '';

  check(
    month: string,
    balances: readonly FairShareBalance[],
    thresholds: FairShareThresholds,
    nowMs: number,
  ) {
    if (month !== this.month) {
      this.month = month;
      this.sides.clear();
    }
    const events: TelemetryEvent[] = [];
    for (const balance of balances) {
      const key = pairKey(balance.a, balance.b);
      const side = sideOf(balance, thresholds);
      if (side === (this.sides.get(key) ?? 0)) continue;
      this.sides.set(key, side);
      events.push(balanceEvent(balance, side, nowMs));
    }
    return events;
  }
}

function balanceEvent(balance: FairShareBalance, side: Side, nowMs: number): TelemetryEvent {
  const [creditor, debtor]: PartnerId[] = side >= 0 ? [balance.a, balance.b] : [balance.b, balance.a];
  const minutes = Math.round(Math.abs(balance.contactMinutes));
  const packets = Math.abs(balance.packets);
  return {
    id: randomUUID(),
    spacecraftId: null,
    timeMs: nowMs,
    source: 'ground',
    severity: side === 0 ? 'info' : 'warning',
    code: side === 0 ? 'FAIR_SHARE_WITHIN' : 'FAIR_SHARE_IMBALANCE',
    text:
      side === 0
        ? `fair share ${balance.a}–${balance.b} back within the agreement's thresholds`
        : `fair share ${creditor}–${debtor}: ${creditor} delivered ${packets} packets and ${minutes} contact ` +
          `minutes more of ${debtor}'s spacecraft this month than it received, past the agreement's threshold`,
  };
}

/** Partner ids vary in length: the separator keeps 'AB'+'CDE' and 'ABC'+'DE' apart. */
function pairKey(first: PartnerId, second: PartnerId): string {
  return `${first}→${second}`;
}
