import { useState } from 'react';
import type { CreateChannelRequest } from '../../../shared/protocol/notify';
import { useI18n } from '../../i18n';
import { ChannelForm } from './ChannelForm';
import { channelsApi } from './channelsApi';
import { AdminError, useAdminAction } from './fields';
import { Secret } from './Secret';
import { useAdminList } from './useAdminList';

/** Where alarms are sent: webhooks (chat services too) and e-mail, each for one partner's operations centre. */
export function ChannelsPanel() {
  const { t, utc } = useI18n();
  const channels = useAdminList(channelsApi.list);
  const [secret, setSecret] = useState<string | null>(null);
  const { error, run } = useAdminAction(channels.reload);
  const create = (request: CreateChannelRequest) =>
    run(async () => setSecret((await channelsApi.create(request)).signingSecret ?? null));
  return (
    <section className="panel admin-panel" aria-labelledby="admin-channels">
      <h2 id="admin-channels">{t('notify.channels')}</h2>
      <p className="muted">{t('notify.channelsHint')}</p>
      <table className="data-table" data-testid="admin-channels">
        <thead>
          <tr>
            <th>{t('notify.name')}</th>
            <th>{t('user.partner')}</th>
            <th>{t('notify.target')}</th>
            <th>{t('notify.minSeverity')}</th>
            <th>{t('admin.created')}</th>
            <th>
              <span className="sr-only">{t('admin.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {channels.data?.channels.map((c) => (
            <tr key={c.id} className={c.enabled ? undefined : 'muted'}>
              <td>{c.name}</td>
              <td>{c.partner}</td>
              <td>
                {t(`notify.${c.kind}`)} · {c.target}
              </td>
              <td>{t(`notify.severity.${c.minSeverity}`)}</td>
              <td>
                {utc(c.createdAtMs)} · {c.createdBy}
              </td>
              <td>
                <button
                  type="button"
                  className="small"
                  onClick={() => void run(() => channelsApi.update(c.id, { enabled: !c.enabled }))}
                >
                  {c.enabled ? t('admin.disable') : t('admin.enable')}
                </button>{' '}
                <button
                  type="button"
                  className="small"
                  onClick={() => void run(() => channelsApi.remove(c.id))}
                >
                  {t('notify.remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ChannelForm onCreate={create} />
      <AdminError error={error ?? channels.error} />
      {secret ? <Secret label={t('notify.signingSecret')} value={secret} testId="channel-secret" /> : null}
    </section>
  );
}
