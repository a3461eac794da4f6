import { Link } from 'react-router';
import type { Alarm, FleetEntry } from '../../../shared/protocol';
import type { MaintenanceWindow } from '../../../shared/protocol/maintenance';
import { contactState } from '../../../shared/spacecraftStatus';
import { StatusBadge } from '../../components/StatusBadge';
import { useI18n } from '../../i18n';
import { useLabels } from '../../i18n/useLabels';
import { isActiveLive, useOrtaq, useShallow } from '../../store';

/** Statuses that mean no fresh realtime data: the tile's values are greyed and its age stands out. */
export const WITHOUT_FRESH_DATA: ReadonlySet<string> = new Set([
  'silent',
  'lost',
  'stale',
  'unknown',
  'no_contact',
]);

/** "Astana, Baku +3": a tile has room for two names. */
export const shortList = (items: readonly string[], max: number) =>
  items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} +${items.length - max}`;

export function BatteryGauge({ percent }: { percent: number | null }) {
  const { t, num } = useI18n();
  const level = percent === null ? 'unknown' : percent < 40 ? 'red' : percent < 60 ? 'yellow' : 'nominal';
  const width = Math.max(0, Math.min(100, percent ?? 0));
  // A meter needs a value: without one the gauge is the word and a dash, read as such.
  const meter =
    percent === null
      ? {}
      : {
          role: 'meter',
          'aria-valuemin': 0,
          'aria-valuemax': 100,
          'aria-valuenow': percent,
          'aria-label': t('fleet.soc'),
        };
  return (
    <div className={`battery level-${level}`} {...meter}>
      <svg viewBox="0 0 110 40" preserveAspectRatio="none" aria-hidden="true">
        <rect x="1" y="1" width="100" height="38" rx="4" className="battery-shell" />
        <rect x="102" y="12" width="7" height="16" rx="2" className="battery-tip" />
        <rect x="4" y="4" width={width * 0.94} height="32" rx="2" className="battery-fill" />
      </svg>
      <span className="battery-text">
        {percent === null ? <span className="sr-only">{`${t('fleet.soc')}: `}</span> : null}
        {percent === null ? '—' : `${num(percent, 0)} %`}
        {level === 'red' ? ' ✖' : level === 'yellow' ? ' ▲' : ''}
      </span>
    </div>
  );
}

/** Active alarms of one spacecraft, red first, then newest: acknowledged ones included (not resolved). */
export function useActiveAlarms(spacecraftId: string, nowMs: number): Alarm[] {
  return useOrtaq(
    useShallow((s) =>
      Object.values(s.alarms)
        .filter((a) => a.spacecraftId === spacecraftId && isActiveLive(a, nowMs))
        .sort((a, b) => (a.level === b.level ? b.openedAtMs - a.openedAtMs : a.level === 'red' ? -1 : 1)),
    ),
  );
}

/** Which parameter is alarming ("✖ Battery charge +2 more"), in the colour of the worst alarm. */
export function AlarmLine({ alarms }: { alarms: readonly Alarm[] }) {
  const { t } = useI18n();
  const labels = useLabels();
  const worst = alarms[0];
  if (!worst) return null;
  const unacked = alarms.some((a) => a.acknowledged === null);
  return (
    <div className={`tile-alarm level-${worst.level}${unacked ? ' flashing' : ''}`} data-testid="tile-alarm">
      <span aria-hidden="true">{worst.level === 'red' ? '✖ ' : '▲ '}</span>
      {worst.parameterId ? labels.parameter(worst.parameterId) : t('wall.linkAlarm')}
      {alarms.length > 1 ? ` ${t('wall.moreAlarms', { count: alarms.length - 1 })}` : ''}
    </div>
  );
}

export function ContactLine({ entry, nowMs }: { entry: FleetEntry; nowMs: number }) {
  const { t, relative } = useI18n();
  const labels = useLabels();
  const contact = contactState(entry.facts, nowMs);
  if (contact === 'receiving' && entry.stationsInContact.length > 0) {
    return (
      <div className="tile-contact receiving">
        <span aria-hidden="true">◉ </span>
        {t('contact.now', { stations: shortList(entry.stationsInContact.map(labels.station), 2) })}
      </div>
    );
  }
  if (contact === 'expected' || entry.stationsExpected.length > 0) {
    const stations = entry.stationsExpected.length > 0 ? entry.stationsExpected : entry.stationsInContact;
    return (
      <div className="tile-contact expected">
        <span aria-hidden="true">◌ </span>
        {t('contact.expected', { stations: shortList(stations.map(labels.station), 2) })}
      </div>
    );
  }
  return (
    <div className="tile-contact">
      {entry.nextContact
        ? t('wall.nextIn', { when: relative(entry.nextContact.aosMs - nowMs) })
        : t('contact.none')}
    </div>
  );
}

export function WallTile({
  entry,
  nowMs,
  maintenance,
}: {
  entry: FleetEntry;
  nowMs: number;
  /** The maintenance window the spacecraft is in now, if any. */
  maintenance?: MaintenanceWindow;
}) {
  const { t, relative, utc } = useI18n();
  const labels = useLabels();
  const alarms = useActiveAlarms(entry.spacecraftId, nowMs);
  const ageMs = entry.lastFrameMs === null ? null : nowMs - entry.lastFrameMs;
  const noData = WITHOUT_FRESH_DATA.has(entry.status);
  const flashing = (entry.activeAlarms?.unacknowledged ?? 0) > 0;
  return (
    <Link
      to={`/spacecraft/${entry.spacecraftId}`}
      className={`wall-tile status-${entry.status}${noData ? ' no-fresh-data' : ''}${flashing ? ' flashing' : ''}`}
      data-testid={`wall-tile-${entry.spacecraftId}`}
      data-status={entry.status}
    >
      <div className="tile-name">{labels.spacecraft(entry.spacecraftId)}</div>
      <div className="tile-head">
        <StatusBadge status={entry.status} className="tile-status" />
        <span className={`tile-age${noData ? ' stale-age' : ''}`}>
          {noData ? <span aria-hidden="true">◷ </span> : null}
          {ageMs === null ? t('common.never') : relative(-ageMs)}
        </span>
      </div>
      <AlarmLine alarms={alarms} />
      {maintenance ? (
        <div className="tile-maintenance" title={maintenance.reason} data-testid="tile-maintenance">
          <span aria-hidden="true">⚒ </span>
          {t('maintenance.until', { until: utc(maintenance.toMs, { date: false }) })}
        </div>
      ) : null}
      <BatteryGauge percent={entry.socPercent} />
      <ContactLine entry={entry} nowMs={nowMs} />
      {/* Attitude mode and downlink on one line: their values say what they are (⇣ marks the downlink). */}
      <div className="tile-row">
        <span className="tile-value" title={t('fleet.adcs')} aria-label={t('fleet.adcs')}>
          {entry.adcsMode ? labels.state(entry.adcsMode) : '—'}
        </span>
        <span className="tile-value" title={t('fleet.downlink')} aria-label={t('fleet.downlink')}>
          <span aria-hidden="true">⇣ </span>
          {entry.downlink ? t(`downlink.${entry.downlink}`) : '—'}
        </span>
      </div>
    </Link>
  );
}
