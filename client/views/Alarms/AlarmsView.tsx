import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { Alarm } from '../../../shared/protocol';
import { api } from '../../api/rest';
import { useResource } from '../../api/useResource';
import { EmptyState } from '../../components/EmptyState';
import { useI18n } from '../../i18n';
import { useServerNow } from '../../store/useNow';
import { needsAttention, useOrtaq } from '../../store';
import { useMe } from '../../auth';
import { AlarmRow } from './AlarmRow';

/** Needs an operator first, then active, then newest. */
export function sortAlarms(alarms: readonly Alarm[], nowMs: number): Alarm[] {
  const rank = (a: Alarm) => (needsAttention(a, nowMs) ? 0 : a.active ? 1 : 2);
  return [...alarms].sort((a, b) => rank(a) - rank(b) || b.openedAtMs - a.openedAtMs);
}

export function AlarmsView() {
  const { t } = useI18n();
  const now = useServerNow(2000);
  const alarms = useOrtaq((s) => s.alarms);
  const reachable = useOrtaq((s) => s.serverReachable);
  const [params, setParams] = useSearchParams();
  const show = params.get('show') === 'all' ? 'all' : 'active';
  const mine = params.get('mine') === '1';
  const myName = useMe()?.principal.name ?? null;
  const [openId, setOpenId] = useState<string | null>(null);
  const mergeAlarms = useOrtaq((s) => s.mergeAlarms);
  // Recent (closed and acknowledged) alarms come from the archive; open ones are live in the store.
  const archive = useResource(`alarms:${show}`, () =>
    show === 'all' ? api.alarms({ scope: 'all', limit: 300 }) : Promise.resolve(null),
  );
  useEffect(() => {
    if (archive.data) mergeAlarms(archive.data.alarms);
  }, [archive.data, mergeAlarms]);

  const list = useMemo(() => {
    const all = Object.values(alarms);
    const shown = show === 'all' ? all : all.filter((a) => a.active || needsAttention(a, now));
    return sortAlarms(mine ? shown.filter((a) => a.assignedTo === myName) : shown, now);
  }, [alarms, show, now, mine, myName]);
  const setFilter = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value === null) next.delete(key);
    else next.set(key, value);
    setParams(next, { replace: true });
  };

  return (
    <section className="view alarms-view" aria-labelledby="alarms-title">
      <h1 id="alarms-title">{t('alarms.title')}</h1>
      <div className="toolbar" role="group" aria-label={t('alarms.filter')}>
        {(['active', 'all'] as const).map((s) => (
          <button
            key={s}
            type="button"
            aria-pressed={show === s}
            onClick={() => setFilter('show', s === 'active' ? null : s)}
          >
            {s === 'active' ? t('alarms.showActive') : t('alarms.showAll')}
          </button>
        ))}
        <button
          type="button"
          aria-pressed={mine}
          onClick={() => setFilter('mine', mine ? null : '1')}
          data-testid="alarms-mine"
        >
          {t('alarms.mine')}
        </button>
      </div>
      {list.length === 0 ? (
        reachable === false ? (
          <EmptyState
            kind="unreachable"
            title={t('empty.unreachable')}
            detail={t('empty.unreachableDetail')}
          />
        ) : (
          <EmptyState kind="empty" title={t('alarms.none')} />
        )
      ) : (
        <table className="data-table alarms-table">
          <thead>
            <tr>
              <th scope="col">{t('alarms.level')}</th>
              <th scope="col">{t('alarms.spacecraft')}</th>
              <th scope="col">{t('alarms.parameter')}</th>
              <th scope="col">{t('alarms.opened')}</th>
              <th scope="col">{t('alarms.value')}</th>
              <th scope="col">{t('alarms.state')}</th>
              <th scope="col">{t('alarms.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((alarm) => (
              <AlarmRow
                key={alarm.id}
                alarm={alarm}
                nowMs={now}
                open={openId === alarm.id}
                onOpen={(open) => setOpenId(open ? alarm.id : null)}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
