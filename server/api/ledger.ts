// REST: fair share between partners, the ledger's public key and the signed monthly statements. The agreement
// applies as everywhere: a partner receives statements of the pairs it belongs to, nobody else's.
import { z } from 'zod';
import { partnerIdSchema } from '../../shared/protocol/partner';
import type { FairShareResponse } from '../../shared/protocol/fairShare';
import type { LedgerKeyResponse, LedgerStatement } from '../../shared/protocol/ledger';
import { fairShareMatrix } from '../ledger/fairShare';
import type { AccessRule } from '../auth/access/rest';
import { SIGNED_IN } from '../auth/access/rest';
import { monthDays } from '../ledger/days';
import {
  orderPair,
  signStatement,
  statementBody,
  STATEMENT_CSV_HEADER,
  statementCsvRows,
} from '../ledger/statements';
import { HttpError } from './errors';
import { asParsed, defineRoute, type ApiRoute } from './route';
import type { ApiServices } from './services';

const partner = partnerIdSchema;

export const statementQuery = z.object({
  month: z
    .string()
    .regex(/^\d{4}-\d{2}$/)
    .refine((m) => monthDays(m) !== null, 'no such month'),
  partners: z
    .string()
    .max(20)
    .transform((text) => text.split(',').map((p) => p.trim()))
    .pipe(z.tuple([partner, partner]))
    .transform(([a, b]) => orderPair(a, b)),
  format: z.enum(['json', 'csv']).default('json'),
});

/** The caller's partner must be one of the pair. */
function mustBeParty(partners: readonly string[]): AccessRule {
  return (caller) =>
    partners.includes(caller.principal.partner)
      ? null
      : `partner ${caller.principal.partner} is not party to ${partners.join('–')}`;
}

export function ledgerRoutes(api: ApiServices): ApiRoute[] {
  return [
    fairShareRoute(api),
    defineRoute({
      method: 'get',
      path: '/api/ledger/key',
      // Public by nature; any signed-in partner fetches it to check statements it was handed.
      permission: SIGNED_IN,
      resolve: asParsed,
      handle: () => {
        const body: LedgerKeyResponse = api.ledger.signer.publicKey;
        return { json: body };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/ledger/statement',
      query: statementQuery,
      permission: ['fleet:read'],
      // Partners are mission data: the schema takes any well-formed id, the mission says which exist.
      resolve: ({ query }) => {
        const unknown = query.partners.filter((p) => !api.index.partnerById.has(p));
        if (unknown.length > 0)
          throw new HttpError(400, 'bad_request', `no partner ${unknown.join(', ')} in the mission`);
        return query;
      },
      access: ({ partners }) => [mustBeParty(partners)],
      handle: async ({ month, partners, format }) => {
        const range = monthDays(month);
        if (!range) throw new HttpError(400, 'bad_request', 'no such month');
        const days = await api.ledger.book.days(range.first, range.last);
        const { signer } = api.ledger;
        const statement: LedgerStatement = signStatement(
          statementBody(month, partners, signer.publicKey.keyId, days),
          signer,
        );
        if (format === 'csv') {
          return {
            csv: {
              filename: `ortaq-statement-${month}-${partners.join('-')}.csv`,
              header: STATEMENT_CSV_HEADER,
              rows: statementCsvRows(statement),
            },
          };
        }
        return { json: statement };
      },
    }),
  ];
}

const DAY_MS = 86_400_000;
const MAX_FAIR_SHARE_MS = 93 * DAY_MS;

export const fairShareQuery = z
  .object({
    from: z.coerce.number().int().nonnegative().max(8.64e15).optional(),
    to: z.coerce.number().int().nonnegative().max(8.64e15).optional(),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, 'from must not be after to')
  .refine(
    (q) => q.from === undefined || q.to === undefined || q.to - q.from <= MAX_FAIR_SHARE_MS,
    'window longer than 93 days',
  );

/** The matrix of what each partner's stations delivered of each partner's spacecraft: counts, no telemetry. */
export function fairShareRoute(api: ApiServices): ApiRoute {
  return defineRoute({
    method: 'get',
    path: '/api/fairshare',
    query: fairShareQuery,
    permission: ['fleet:read'],
    resolve: ({ query }, nowMs) => {
      const to = query.to ?? (query.from !== undefined ? query.from + 30 * DAY_MS : nowMs);
      return { from: query.from ?? Math.max(0, to - 30 * DAY_MS), to, format: query.format };
    },
    handle: async ({ from, to, format }) => {
      await api.flush();
      const totals = await api.archive.contactTotals(from, to);
      const body: FairShareResponse = fairShareMatrix(totals, api.ledger.book.owners, { from, to });
      if (format === 'json') return { json: body };
      return {
        csv: {
          filename: `ortaq-fair-share-${new Date(from).toISOString().slice(0, 10)}.csv`,
          header: 'giver,receiver,from_utc,to_utc,contact_min,packets',
          rows: body.cells.map(
            (c) =>
              `${c.giver},${c.receiver},${new Date(from).toISOString()},${new Date(to).toISOString()},` +
              `${Math.round(c.contactMinutes * 10) / 10},${c.packets}\n`,
          ),
        },
      };
    },
  });
}
