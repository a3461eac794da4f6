// Monthly statements between two partners: the month's ledger records of what each delivered of the
// other's spacecraft (or, for one partner twice, of its own), the chain hash of each day they come from,
// totals per direction, signed with the deployment's Ed25519 key over the body's canonical JSON.
import type { PartnerId } from '../../shared/dictionary';
import {
  LEDGER_STATEMENT_FORMAT,
  type LedgerDay,
  type LedgerStatement,
  type LedgerTotal,
  type StatementBody,
} from '../../shared/protocol/ledger';
import { canonicalJson } from './canonical';
import type { LedgerSigner } from './signer';

/**
 * The pair in the order of the ids, so KZ–TR and TR–KZ are one statement. Not the mission's order: partners
 * are mission data, and a statement must verify the same after mission.yaml lists them otherwise.
 */
export function orderPair(a: PartnerId, b: PartnerId): [PartnerId, PartnerId] {
  return a <= b ? [a, b] : [b, a];
}

export function statementBody(
  month: string,
  partners: [PartnerId, PartnerId],
  keyId: string,
  days: readonly LedgerDay[],
): StatementBody {
  const [a, b] = orderPair(...partners);
  const inPair = (giver: PartnerId, receiver: PartnerId) =>
    (giver === a && receiver === b) || (giver === b && receiver === a);
  const monthDays = days.filter((d) => d.day.startsWith(`${month}-`));
  const records = monthDays.flatMap((d) =>
    d.records.filter((r) => inPair(r.giver, r.receiver)).map((r) => ({ day: d.day, ...r })),
  );
  const directions: [PartnerId, PartnerId][] =
    a === b
      ? [[a, a]]
      : [
          [a, b],
          [b, a],
        ];
  const totals: LedgerTotal[] = directions.map(([giver, receiver]) => {
    const of = records.filter((r) => r.giver === giver && r.receiver === receiver);
    return {
      giver,
      receiver,
      packets: of.reduce((sum, r) => sum + r.packets, 0),
      bytes: of.reduce((sum, r) => sum + r.bytes, 0),
    };
  });
  return {
    format: LEDGER_STATEMENT_FORMAT,
    month,
    partners: [a, b],
    keyId,
    days: monthDays.map((d) => ({ day: d.day, hash: d.hash })),
    records,
    totals,
  };
}

export function signStatement(body: StatementBody, signer: LedgerSigner): LedgerStatement {
  return { ...body, signature: signer.sign(canonicalJson(body)) };
}

/** The signed text of a statement: everything but the signature, as canonical JSON. */
export function signedText(statement: LedgerStatement): string {
  const { signature: _signature, ...body } = statement;
  return canonicalJson(body);
}

/** One row per record, for the CSV export of a statement. */
export const STATEMENT_CSV_HEADER =
  'day,giver,receiver,station,spacecraft,packets,bytes,first_utc,last_utc,digest';

export function statementCsvRows(statement: LedgerStatement): string[] {
  return statement.records.map(
    (r) =>
      `${[
        r.day,
        r.giver,
        r.receiver,
        r.stationId,
        r.spacecraftId,
        r.packets,
        r.bytes,
        new Date(r.firstMs).toISOString(),
        new Date(r.lastMs).toISOString(),
        r.digest,
      ].join(',')}\n`,
  );
}
