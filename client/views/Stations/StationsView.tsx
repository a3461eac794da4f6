import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../api/rest';
import { useResource } from '../../api/useResource';
import { useMaintenance } from '../../api/useMaintenance';
import { RequestError } from '../../components/EmptyState';
import { useI18n } from '../../i18n';
import { groupOverlappingPasses, multiStationGroups } from '../../lib/passes';
import { useServerNow } from '../../store/useNow';
import { ContactAvailability } from './ContactAvailability';
import { ContactsRequestError, indexContacts } from './contactLook';
import { MaintenancePanel } from './MaintenancePanel';
import { PassComparison } from './PassComparison';
import { PassTimeline } from './PassTimeline';
import { StationTable } from './StationTable';

const SPANS_H = [6, 12, 24, 48];
/** The timeline is re-read once a minute (of server time). */
const REFRESH_MS = 60_000;

export function StationsView() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const hours = SPANS_H.includes(Number(params.get('hours'))) ? Number(params.get('hours')) : 12;
  const selected = params.get('pass');
  const now = useServerNow(1000);
  const anchor = Math.floor(now / REFRESH_MS) * REFRESH_MS;
  const fromMs = anchor - (hours / 2) * 3600_000;
  const toMs = anchor + (hours / 2) * 3600_000;
  const passes = useResource(
    `passes:${fromMs}:${toMs}`,
    () => api.passes({ from: fromMs, to: toMs }),
    undefined,
    { keepPrevious: true },
  );
  // Records exist for passes over: the past half of the window, re-read with it.
  const contacts = useResource(
    `contacts:${fromMs}:${anchor}`,
    () => api.contacts({ from: fromMs, to: anchor }),
    undefined,
    { keepPrevious: true },
  );
  const records = useMemo(() => indexContacts(contacts.data?.contacts ?? []), [contacts.data]);
  const maintenance = useMaintenance();
  const windows = maintenance.data?.windows ?? [];
  const groups = useMemo(() => groupOverlappingPasses(passes.data?.passes ?? []), [passes.data]);
  const compared = useMemo(() => multiStationGroups(groups), [groups]);
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value === null) next.delete(key);
    else next.set(key, value);
    setParams(next, { replace: true });
  };
  const group = groups.find((g) => g.id === selected) ?? compared[0] ?? null;

  return (
    <section className="view stations-view" aria-labelledby="stations-title">
      <h1 id="stations-title">{t('stations.title')}</h1>
      <StationTable />
      <section className="panel" aria-labelledby="timeline-title">
        <div className="panel-head">
          <h2 id="timeline-title">{t('stations.timeline')}</h2>
          <label>
            {t('stations.span')}{' '}
            <select value={hours} onChange={(e) => set('hours', e.target.value)}>
              {SPANS_H.map((h) => (
                <option key={h} value={h}>
                  {t('stations.hours', { hours: h })}
                </option>
              ))}
            </select>
          </label>
        </div>
        {passes.error ? <RequestError error={passes.error} retry={passes.reload} /> : null}
        {contacts.error ? <ContactsRequestError error={contacts.error} retry={contacts.reload} /> : null}
        <PassTimeline
          passes={passes.data?.passes ?? []}
          fromMs={fromMs}
          toMs={toMs}
          nowMs={now}
          selectedGroupId={group?.id ?? null}
          onSelect={(id) => set('pass', id)}
          groups={groups}
          outages={windows.filter((w) => w.target === 'station')}
          contacts={records}
        />
      </section>
      <PassComparison
        group={group}
        candidates={compared}
        contacts={records}
        onSelect={(id) => set('pass', id)}
      />
      <ContactAvailability />
      <MaintenancePanel
        windows={windows}
        nowMs={now}
        onChanged={() => {
          maintenance.reload();
          passes.reload();
        }}
      />
    </section>
  );
}
