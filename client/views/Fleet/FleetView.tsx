import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { SPACECRAFT_STATUSES, type SpacecraftStatus } from '../../../shared/protocol';
import { EmptyState } from '../../components/EmptyState';
import { StatusBadge, STATUS_KEYS } from '../../components/StatusBadge';
import { useI18n, type MessageKey } from '../../i18n';
import {
  atTime,
  FLEET_SORTS,
  filterFleet,
  parseFleetFilter,
  statusCounts,
  type FleetSort,
} from '../../lib/fleet';
import { useServerNow } from '../../store/useNow';
import { useLabels, usePartnerIds } from '../../i18n/useLabels';
import { useDictionary, useOrtaq } from '../../store';
import { FleetCard } from './FleetCard';

const SORT_KEYS: Record<FleetSort, MessageKey> = {
  status: 'fleet.sort.status',
  name: 'fleet.sort.name',
  soc: 'fleet.sort.soc',
  lastFrame: 'fleet.sort.lastFrame',
  nextContact: 'fleet.sort.nextContact',
};

/** Managers' overview: one card per spacecraft, counts by status, filters and sort in the URL. */
export function FleetView() {
  const { t } = useI18n();
  const labels = useLabels();
  const partners = usePartnerIds();
  const dictionary = useDictionary();
  const fleet = useOrtaq((s) => s.fleet);
  const reachable = useOrtaq((s) => s.serverReachable);
  const [params, setParams] = useSearchParams();
  const filter = parseFleetFilter(params);

  // Decided again every second from the facts the server sent, by the server's own rule.
  const now = useServerNow(1000);
  const entries = useMemo(() => atTime(Object.values(fleet ?? {}), now), [fleet, now]);
  const counts = useMemo(() => statusCounts(entries), [entries]);
  const shown = useMemo(
    () => filterFleet(entries, filter, dictionary?.dictionary.spacecraft ?? []),
    [entries, filter, dictionary],
  );

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  if (!fleet) {
    return reachable === false ? (
      <EmptyState kind="unreachable" title={t('empty.unreachable')} detail={t('empty.unreachableDetail')} />
    ) : (
      <EmptyState kind="loading" title={t('empty.loading')} />
    );
  }

  return (
    <section className="view fleet-view" aria-labelledby="fleet-title">
      <h1 id="fleet-title">{t('fleet.title')}</h1>
      <ul className="status-counts" aria-label={t('fleet.counts')}>
        {SPACECRAFT_STATUSES.map((s: SpacecraftStatus) => (
          <li key={s}>
            <button
              type="button"
              aria-pressed={filter.status === s}
              onClick={() => setParam('status', filter.status === s ? null : s)}
              className="count-button"
            >
              <StatusBadge status={s} /> <strong data-testid={`count-${s}`}>{counts[s]}</strong>
            </button>
          </li>
        ))}
      </ul>
      <div className="toolbar">
        <label>
          {t('fleet.partner')}{' '}
          <select value={filter.partner ?? ''} onChange={(e) => setParam('partner', e.target.value || null)}>
            <option value="">{t('common.all')}</option>
            {partners.map((p) => (
              <option key={p} value={p}>
                {labels.partner(p)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('fleet.status')}{' '}
          <select value={filter.status ?? ''} onChange={(e) => setParam('status', e.target.value || null)}>
            <option value="">{t('common.all')}</option>
            {SPACECRAFT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(STATUS_KEYS[s])}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('fleet.sortBy')}{' '}
          <select value={filter.sort} onChange={(e) => setParam('sort', e.target.value)}>
            {FLEET_SORTS.map((s) => (
              <option key={s} value={s}>
                {t(SORT_KEYS[s])}
              </option>
            ))}
          </select>
        </label>
      </div>
      {shown.length === 0 ? (
        <EmptyState kind="empty" title={entries.length === 0 ? t('empty.noData') : t('fleet.noMatch')} />
      ) : (
        <ul className="fleet-grid">
          {shown.map((entry) => (
            <li key={entry.spacecraftId}>
              <FleetCard entry={entry} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
