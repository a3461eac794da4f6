// Fair share as a heat map with its numbers: rows are the partners whose stations delivered, columns the
// partners whose spacecraft they delivered. The shade is one sequential scale (light to dark blue, readable
// with every common colour-vision deficiency and in grey on paper); the numbers carry the meaning, the
// shade only guides the eye.
import { usePartnerIds } from '../../i18n/useLabels';
import type { FairShareResponse } from '../../../shared/protocol/fairShare';
import { api } from '../../api/rest';
import { useResource } from '../../api/useResource';
import { RequestError } from '../../components/EmptyState';
import { useI18n } from '../../i18n';
import { useLabels } from '../../i18n/useLabels';
import { download, fileTime, toCsv } from '../../lib/exportFiles';

/**
 * Five steps of a single-hue blue scale (ColorBrewer "Blues"), with the ink that contrasts on each: black
 * reaches 5.1:1 on #3182bd where white only reaches 4.2:1 (WCAG AA asks 4.5:1), white 7.9:1 on #08519c.
 */
const SHADES = ['#eff3ff', '#bdd7e7', '#6baed6', '#3182bd', '#08519c'] as const;
const INK = ['#000', '#000', '#000', '#000', '#fff'] as const;

export function shadeStep(value: number, max: number): number {
  if (max <= 0 || value <= 0) return 0;
  return Math.min(SHADES.length - 1, 1 + Math.floor((value / max) * (SHADES.length - 1)));
}

function fairShareCsv(data: FairShareResponse): string {
  const from = new Date(data.from).toISOString();
  const to = new Date(data.to).toISOString();
  const rows: (string | number)[][] = [['giver', 'receiver', 'from_utc', 'to_utc', 'contact_min', 'packets']];
  for (const c of data.cells) {
    rows.push([c.giver, c.receiver, from, to, Math.round(c.contactMinutes * 10) / 10, c.packets]);
  }
  rows.push([]);
  rows.push(['partner_a', 'partner_b', 'from_utc', 'to_utc', 'balance_contact_min', 'balance_packets']);
  for (const b of data.balances) {
    rows.push([b.a, b.b, from, to, Math.round(b.contactMinutes * 10) / 10, b.packets]);
  }
  return toCsv(rows);
}

export function FairShareMatrix({ fromMs, toMs }: { fromMs: number; toMs: number }) {
  const partnerIds = usePartnerIds();
  const { t, num } = useI18n();
  const labels = useLabels();
  const data = useResource(
    `fairshare:${fromMs}:${toMs}`,
    () => api.fairShare({ from: fromMs, to: toMs }),
    60_000,
  );
  if (data.error) return <RequestError error={data.error} retry={data.reload} />;
  if (!data.data) return null;
  const matrix = data.data;
  const cell = (giver: string, receiver: string) =>
    matrix.cells.find((c) => c.giver === giver && c.receiver === receiver);
  const max = Math.max(0, ...matrix.cells.map((c) => c.packets));
  const balances = matrix.balances.filter((b) => b.packets !== 0 || Math.abs(b.contactMinutes) >= 0.5);
  return (
    <section className="fair-share" aria-labelledby="fair-share-title" data-testid="fair-share">
      <div className="fair-share-header">
        <h2 id="fair-share-title">{t('partners.fairShare')}</h2>
        <button
          type="button"
          className="no-print"
          data-testid="fair-share-csv"
          onClick={() =>
            download(
              `ortaq_fair_share_${fileTime(matrix.from)}-${fileTime(matrix.to)}.csv`,
              new Blob([fairShareCsv(matrix)], { type: 'text/csv' }),
            )
          }
        >
          {t('partners.fairShareCsv')}
        </button>
      </div>
      <table className="data-table fair-share-matrix" data-testid="fair-share-matrix">
        <caption>{t('partners.fairShareHint')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('partners.giverReceiver')}</th>
            {partnerIds.map((p) => (
              <th key={p} scope="col">
                {labels.partner(p)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {partnerIds.map((giver) => (
            <tr key={giver}>
              <th scope="row">{labels.partner(giver)}</th>
              {partnerIds.map((receiver) => {
                const c = cell(giver, receiver);
                const step = shadeStep(c?.packets ?? 0, max);
                return (
                  <td
                    key={receiver}
                    className="num heat"
                    data-step={step}
                    style={{ background: SHADES[step], color: INK[step] }}
                  >
                    <span className="heat-packets">
                      {t('partners.packets', { n: num(c?.packets ?? 0, 0) })}
                    </span>
                    <span className="heat-minutes">
                      {t('partners.minutes', { n: num(c?.contactMinutes ?? 0, 0) })}
                    </span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <table className="data-table" data-testid="fair-share-balances">
        <caption>{t('partners.balances')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('partners.pair')}</th>
            <th scope="col">{t('partners.balancePackets')}</th>
            <th scope="col">{t('partners.balanceMinutes')}</th>
          </tr>
        </thead>
        <tbody>
          {balances.length === 0 ? (
            <tr>
              <td colSpan={3}>{t('partners.balanced')}</td>
            </tr>
          ) : (
            balances.map((b) => {
              const [ahead, behind] = b.packets >= 0 ? [b.a, b.b] : [b.b, b.a];
              return (
                <tr key={`${b.a}${b.b}`}>
                  <th scope="row">
                    {t('partners.ahead', { ahead: labels.partner(ahead), behind: labels.partner(behind) })}
                  </th>
                  <td className="num">{t('partners.packets', { n: num(Math.abs(b.packets), 0) })}</td>
                  <td className="num">
                    {t('partners.minutes', { n: num(Math.sign(b.packets || 1) * b.contactMinutes, 0) })}
                  </td>
                </tr>
              );
            })
          )}
        </tbody>
      </table>
    </section>
  );
}
