// A monthly statement between two partners as a page to print and sign off: totals per direction, every
// ledger record, the days it is anchored to, the Ed25519 signature with the fingerprint of the key that made
// it, and how anyone checks it without Ortaq. The JSON it shows is the signed one, offered for download.
import { useSearchParams } from 'react-router';
import type { LedgerStatement } from '../../../shared/protocol/ledger';
import { api, apiPath } from '../../api/rest';
import { useResource } from '../../api/useResource';
import { useMe } from '../../auth';
import { RequestError } from '../../components/EmptyState';
import { useI18n } from '../../i18n';
import { useLabels, usePartnerIds } from '../../i18n/useLabels';
import { download } from '../../lib/exportFiles';
import { useServerNow } from '../../store/useNow';

/** The last whole UTC month before `nowMs`, "YYYY-MM": the one a monthly report is made of. */
export function previousMonth(nowMs: number): string {
  const now = new Date(nowMs);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}

/** A key fingerprint in groups of four, as it is read out over the phone. */
export const fingerprint = (hex: string) => hex.match(/.{1,4}/g)?.join(' ') ?? hex;

function StatementChoice({ month, a, b }: { month: string; a: string; b: string }) {
  const { t } = useI18n();
  const labels = useLabels();
  const partnerIds = usePartnerIds();
  const [, setParams] = useSearchParams();
  const set = (next: { month?: string; a?: string; b?: string }) =>
    setParams({ month, a, b, ...next }, { replace: true });
  const options = partnerIds.map((p) => (
    <option key={p} value={p}>
      {labels.partner(p)}
    </option>
  ));
  return (
    <div className="toolbar no-print statement-choice">
      <label>
        {t('statement.month')}{' '}
        <input
          type="month"
          value={month}
          onChange={(e) => e.target.value && set({ month: e.target.value })}
        />
      </label>
      <label>
        {t('partners.partner')}{' '}
        <select value={a} onChange={(e) => set({ a: e.target.value })} data-testid="statement-a">
          {options}
        </select>
      </label>
      <label>
        {t('partners.partner')}{' '}
        <select value={b} onChange={(e) => set({ b: e.target.value })} data-testid="statement-b">
          {options}
        </select>
      </label>
    </div>
  );
}

export function StatementView() {
  const { t } = useI18n();
  const labels = useLabels();
  const me = useMe();
  const partnerIds = usePartnerIds();
  const now = useServerNow(3_600_000);
  const [params] = useSearchParams();
  const own = me?.principal.partner ?? partnerIds[0] ?? '';
  const month = params.get('month') ?? previousMonth(now);
  const a = params.get('a') ?? own;
  const b = params.get('b') ?? partnerIds.find((p) => p !== a) ?? a;
  const query = { month, partners: `${a},${b}` };
  const statement = useResource(`statement:${month}:${a}:${b}`, () => api.statement(query));
  const key = useResource('ledger-key', () => api.ledgerKey());
  const title = t('statement.title', { a: labels.partner(a), b: labels.partner(b), month });
  return (
    <section className="view statement-view" aria-labelledby="statement-title">
      <header className="view-header">
        <h1 id="statement-title">{title}</h1>
        <div className="toolbar no-print">
          <button
            type="button"
            disabled={!statement.data}
            data-testid="statement-json"
            onClick={() =>
              statement.data &&
              download(
                `ortaq-statement-${month}-${a}-${b}.json`,
                new Blob([JSON.stringify(statement.data, null, 2)], { type: 'application/json' }),
              )
            }
          >
            {t('statement.json')}
          </button>
          <a className="button" href={apiPath('/api/ledger/statement', { ...query, format: 'csv' })} download>
            {t('statement.csv')}
          </a>
          <button type="button" onClick={() => window.print()}>
            {t('partners.print')}
          </button>
        </div>
      </header>
      <StatementChoice month={month} a={a} b={b} />
      {statement.error ? <RequestError error={statement.error} retry={statement.reload} /> : null}
      {statement.data ? <StatementBody statement={statement.data} publishedKeyId={key.data?.keyId} /> : null}
    </section>
  );
}

function StatementBody({
  statement,
  publishedKeyId,
}: {
  statement: LedgerStatement;
  publishedKeyId?: string;
}) {
  const { t, num, bytes, utc } = useI18n();
  const labels = useLabels();
  const direction = (giver: string, receiver: string) =>
    t('statement.direction', { giver: labels.partner(giver), receiver: labels.partner(receiver) });
  return (
    <div className="statement" data-testid="statement">
      <table className="data-table" data-testid="statement-totals">
        <caption>{t('statement.totals')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('partners.pair')}</th>
            <th scope="col">{t('statement.packets')}</th>
            <th scope="col">{t('statement.bytes')}</th>
          </tr>
        </thead>
        <tbody>
          {statement.totals.map((total) => (
            <tr key={`${total.giver}→${total.receiver}`}>
              <th scope="row">{direction(total.giver, total.receiver)}</th>
              <td className="num">{num(total.packets, 0)}</td>
              <td className="num">{bytes(total.bytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {statement.days.length === 0 ? <p className="muted">{t('statement.none')}</p> : null}
      <table className="data-table statement-records" data-testid="statement-records">
        <caption>{t('statement.records', { n: num(statement.records.length, 0) })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('statement.day')}</th>
            <th scope="col">{t('partners.pair')}</th>
            <th scope="col">{t('statement.station')}</th>
            <th scope="col">{t('partners.spacecraft')}</th>
            <th scope="col">{t('statement.packets')}</th>
            <th scope="col">{t('statement.bytes')}</th>
            <th scope="col">{t('statement.span')}</th>
            <th scope="col">{t('statement.digest')}</th>
          </tr>
        </thead>
        <tbody>
          {statement.records.map((r) => (
            <tr key={`${r.day}/${r.stationId}/${r.spacecraftId}`}>
              <td>{r.day}</td>
              <td>{`${r.giver} → ${r.receiver}`}</td>
              <td>{labels.station(r.stationId)}</td>
              <td>{labels.spacecraft(r.spacecraftId)}</td>
              <td className="num">{num(r.packets, 0)}</td>
              <td className="num">{bytes(r.bytes)}</td>
              <td>
                {utc(r.firstMs, { seconds: false, mark: false })}–{utc(r.lastMs, { seconds: false })}
              </td>
              <td className="hash">{r.digest}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <details className="statement-days" open>
        <summary>{t('statement.days', { n: num(statement.days.length, 0) })}</summary>
        <ol>
          {statement.days.map((d) => (
            <li key={d.day}>
              {d.day} <span className="hash">{d.hash}</span>
            </li>
          ))}
        </ol>
      </details>
      <section className="statement-signature panel" data-testid="statement-signature">
        <h2>{t('statement.signature')}</h2>
        <dl>
          <dt>{t('statement.keyId')}</dt>
          <dd className="hash" data-testid="statement-key-id">
            {fingerprint(statement.keyId)}
            {publishedKeyId !== undefined ? (
              <span className="muted">
                {' '}
                {publishedKeyId === statement.keyId ? t('statement.keyPublished') : t('statement.keyOther')}
              </span>
            ) : null}
          </dd>
          <dt>{t('statement.signatureValue')}</dt>
          <dd className="hash">{statement.signature}</dd>
        </dl>
        <h3>{t('statement.howToVerify')}</h3>
        <ol className="statement-verify">
          <li>{t('statement.verifyKey')}</li>
          <li>{t('statement.verifyText')}</li>
          <li>
            {t('statement.verifyCli')}{' '}
            <code>npm run ledger -- verify --key ledger-key.pem statement.json</code>
          </li>
        </ol>
      </section>
    </div>
  );
}
