import { useState, type FormEvent } from 'react';
import {
  NOTIFY_SEVERITIES,
  type ChannelKind,
  type CreateChannelRequest,
  type NotifySeverity,
} from '../../../shared/protocol/notify';
import { useI18n } from '../../i18n';
import { PartnerSelect, usePartnerChoice } from './fields';

/** The fields of a new channel; the server validates them again (URL scheme, addresses, host). */
export function ChannelForm({ onCreate }: { onCreate: (request: CreateChannelRequest) => Promise<boolean> }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<ChannelKind>('webhook');
  const [name, setName] = useState('');
  const [partner, setPartner] = usePartnerChoice();
  const [minSeverity, setMinSeverity] = useState<NotifySeverity>('yellow');
  const [url, setUrl] = useState('');
  const [host, setHost] = useState('');
  const [port, setPort] = useState('587');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const base = { name, partner, minSeverity };
    const request: CreateChannelRequest =
      kind === 'webhook'
        ? { ...base, kind, url }
        : {
            ...base,
            kind,
            host,
            port: Number(port),
            from,
            to: to.split(/[\s,;]+/).filter(Boolean),
            ...(username && { username }),
            ...(password && { password }),
          };
    if (await onCreate(request)) {
      setName('');
      setUrl('');
      setPassword('');
    }
  };
  const text = (label: string, value: string, set: (v: string) => void, testId: string, type = 'text') => (
    <input
      aria-label={label}
      placeholder={label}
      type={type}
      value={value}
      onChange={(e) => set(e.target.value)}
      data-testid={testId}
    />
  );
  return (
    <form className="admin-form" onSubmit={(e) => void submit(e)} data-testid="channel-form">
      <select
        aria-label={t('notify.kind')}
        value={kind}
        onChange={(e) => setKind(e.target.value as ChannelKind)}
        data-testid="channel-kind"
      >
        <option value="webhook">{t('notify.webhook')}</option>
        <option value="email">{t('notify.email')}</option>
      </select>
      {text(t('notify.name'), name, setName, 'channel-name')}
      <PartnerSelect value={partner} onChange={setPartner} />
      <select
        aria-label={t('notify.minSeverity')}
        value={minSeverity}
        onChange={(e) => setMinSeverity(e.target.value as NotifySeverity)}
      >
        {NOTIFY_SEVERITIES.map((s) => (
          <option key={s} value={s}>
            {t(`notify.severity.${s}`)}
          </option>
        ))}
      </select>
      {kind === 'webhook' ? (
        text(t('notify.url'), url, setUrl, 'channel-url', 'url')
      ) : (
        <>
          {text(t('notify.smtpHost'), host, setHost, 'channel-host')}
          {text(t('notify.smtpPort'), port, setPort, 'channel-port', 'number')}
          {text(t('notify.smtpUser'), username, setUsername, 'channel-user')}
          {text(t('notify.smtpPassword'), password, setPassword, 'channel-password', 'password')}
          {text(t('notify.from'), from, setFrom, 'channel-from', 'email')}
          {text(t('notify.to'), to, setTo, 'channel-to')}
        </>
      )}
      <button type="submit" disabled={!name.trim()} data-testid="channel-create">
        {t('notify.create')}
      </button>
    </form>
  );
}
