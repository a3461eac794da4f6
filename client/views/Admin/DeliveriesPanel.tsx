import { useI18n } from '../../i18n';
import { channelsApi } from './channelsApi';
import { useAdminList } from './useAdminList';

/** Channels with the log, so a channel created a moment ago is shown by its name. */
const loadDeliveries = async () => {
  const [log, channels] = await Promise.all([channelsApi.deliveries(50), channelsApi.list()]);
  return { deliveries: log.deliveries, names: new Map(channels.channels.map((c) => [c.id, c.name])) };
};

/** The newest delivery attempts: sent, retried, failed or suppressed, with the receiver's answer. */
export function DeliveriesPanel() {
  const { t, utc } = useI18n();
  const log = useAdminList(loadDeliveries, 5000);
  const nameOf = (id: string) => log.data?.names.get(id) ?? id.slice(0, 8);
  return (
    <section className="panel admin-panel admin-audit" aria-labelledby="admin-deliveries">
      <h2 id="admin-deliveries">{t('notify.deliveries')}</h2>
      <table className="data-table" data-testid="admin-deliveries">
        <thead>
          <tr>
            <th>{t('admin.when')}</th>
            <th>{t('notify.channel')}</th>
            <th>{t('notify.outcomeTitle')}</th>
            <th>{t('notify.answer')}</th>
            <th>{t('notify.alarm')}</th>
          </tr>
        </thead>
        <tbody>
          {log.data?.deliveries.map((d) => (
            <tr key={d.id} data-outcome={d.outcome}>
              <td>{utc(d.atMs)}</td>
              <td>{nameOf(d.channelId)}</td>
              <td>
                {t(`notify.outcome.${d.outcome}`)} ({d.attempt})
              </td>
              <td>
                {d.status ?? '—'} {d.answer} · {Math.round(d.durationMs)} ms
              </td>
              <td>{d.alarmId.slice(0, 8)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {log.data?.deliveries.length === 0 ? <p className="muted">{t('notify.noDeliveries')}</p> : null}
    </section>
  );
}
