import { Link } from 'react-router';
import type { FleetEntry } from '../../../shared/protocol';
import { Age } from '../../components/Age';
import { StatusBadge } from '../../components/StatusBadge';
import { useI18n } from '../../i18n';
import { useDictionary } from '../../store';
import { useLabels } from '../../i18n/useLabels';
import { ContactText } from '../../components/ContactText';
import { StatusOnlyTag } from '../../components/StatusOnly';

export function FleetCard({ entry }: { entry: FleetEntry }) {
  const { t, num } = useI18n();
  const labels = useLabels();
  const def = useDictionary()?.spacecraftById.get(entry.spacecraftId);
  const partner = def?.partner ?? '';
  return (
    <Link
      to={`/spacecraft/${entry.spacecraftId}`}
      className={`fleet-card card status-${entry.status}`}
      data-testid={`fleet-card-${entry.spacecraftId}`}
    >
      <div className="card-head">
        <h2>{labels.spacecraft(entry.spacecraftId)}</h2>
        <span className="partner" title={labels.partner(partner)}>
          {partner}
        </span>
      </div>
      <StatusBadge status={entry.status} />
      <StatusOnlyTag spacecraftId={entry.spacecraftId} />
      <dl className="facts">
        <dt>{t('fleet.soc')}</dt>
        <dd data-testid="soc">{entry.socPercent === null ? '—' : `${num(entry.socPercent, 1)} %`}</dd>
        <dt>{t('fleet.adcs')}</dt>
        <dd>{entry.adcsMode ? labels.state(entry.adcsMode) : '—'}</dd>
        <dt>{t('fleet.downlink')}</dt>
        <dd>{entry.downlink ? t(`downlink.${entry.downlink}`) : '—'}</dd>
        <dt>{t('fleet.lastFrame')}</dt>
        <dd>
          <Age ms={entry.lastFrameMs} showTime={false} />
        </dd>
        <dt>{t('fleet.contact')}</dt>
        <dd>
          <ContactText entry={entry} />
        </dd>
        <dt>{t('fleet.alarms')}</dt>
        <dd>
          {/* Null: the agreement shows this partner the status line only. */}
          {entry.activeAlarms === null
            ? '—'
            : entry.activeAlarms.red + entry.activeAlarms.yellow === 0
              ? t('fleet.noAlarms')
              : t('fleet.alarmCounts', { red: entry.activeAlarms.red, yellow: entry.activeAlarms.yellow })}
        </dd>
      </dl>
    </Link>
  );
}
