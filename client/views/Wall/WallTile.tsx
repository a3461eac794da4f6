import { Link } from 'react-router';
import type { FleetEntry } from '../../../shared/protocol';
import { StatusBadge } from '../../components/StatusBadge';
import { useI18n } from '../../i18n';
import { useLabels } from '../../lib/useDictionary';

/** Frames older than this make a tile grey even before the server calls the spacecraft stale. */
export const STALE_AFTER_MS = 60_000;

/** "Astana, Baku +3": a tile has room for two names. */
export const shortList = (items: readonly string[], max: number) =>
  items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} +${items.length - max}`;

export function BatteryGauge({ percent }: { percent: number | null }) {
  const { t, num } = useI18n();
  const level = percent === null ? 'unknown' : percent < 40 ? 'red' : percent < 60 ? 'yellow' : 'nominal';
  const width = Math.max(0, Math.min(100, percent ?? 0));
  return (
    <div
      className={`battery level-${level}`}
      role="meter"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent ?? undefined}
      aria-label={t('fleet.soc')}
    >
      <svg viewBox="0 0 110 40" preserveAspectRatio="none" aria-hidden="true">
        <rect x="1" y="1" width="100" height="38" rx="4" className="battery-shell" />
        <rect x="102" y="12" width="7" height="16" rx="2" className="battery-tip" />
        <rect x="4" y="4" width={width * 0.94} height="32" rx="2" className="battery-fill" />
      </svg>
      <span className="battery-text">
        {percent === null ? '—' : `${num(percent, 0)} %`}
        {level === 'red' ? ' ✖' : level === 'yellow' ? ' ▲' : ''}
      </span>
    </div>
  );
}

export function WallTile({ entry, nowMs }: { entry: FleetEntry; nowMs: number }) {
  const { t, relative } = useI18n();
  const labels = useLabels();
  const ageMs = entry.lastFrameMs === null ? null : nowMs - entry.lastFrameMs;
  const stale =
    entry.status === 'stale' || entry.status === 'lost' || ageMs === null || ageMs > STALE_AFTER_MS;
  const unacknowledged = entry.activeAlarms?.unacknowledged ?? 0;
  const flashing = unacknowledged > 0;
  const contact = entry.stationsInContact.length > 0;
  return (
    <Link
      to={`/spacecraft/${entry.spacecraftId}`}
      className={`wall-tile status-${entry.status}${stale ? ' stale' : ''}${flashing ? ' flashing' : ''}`}
      data-testid={`wall-tile-${entry.spacecraftId}`}
    >
      <div className="tile-name">{labels.spacecraft(entry.spacecraftId)}</div>
      <StatusBadge status={entry.status} className="tile-status" />
      <BatteryGauge percent={entry.socPercent} />
      <div className="tile-row">
        <span className="tile-label">{t('fleet.adcs')}</span>
        <span className="tile-value">{entry.adcsMode ? labels.state(entry.adcsMode) : '—'}</span>
      </div>
      <div className="tile-row">
        <span className="tile-label">{t('fleet.downlink')}</span>
        <span className="tile-value">{entry.downlink ? t(`downlink.${entry.downlink}`) : '—'}</span>
      </div>
      <div className="tile-row">
        <span className="tile-label">{t('fleet.contact')}</span>
        <span className="tile-value">
          {contact ? (
            <>
              <span aria-hidden="true">◉ </span>
              {shortList(entry.stationsInContact.map(labels.station), 2)}
            </>
          ) : entry.nextContact ? (
            t('wall.nextIn', { when: relative(entry.nextContact.aosMs - nowMs) })
          ) : (
            t('contact.none')
          )}
        </span>
      </div>
      <div className={`tile-age${stale ? ' stale-age' : ''}`}>
        {stale ? <span aria-hidden="true">◷ </span> : null}
        {ageMs === null ? t('common.never') : relative(-ageMs)}
      </div>
      {flashing ? (
        <div className="tile-alarm">
          <span aria-hidden="true">⚠ </span>
          {t('wall.unacked', { count: unacknowledged })}
        </div>
      ) : null}
    </Link>
  );
}
