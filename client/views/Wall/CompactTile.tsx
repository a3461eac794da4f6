import { Link } from 'react-router';
import type { FleetEntry } from '../../../shared/protocol';
import { StatusBadge } from '../../components/StatusBadge';
import { useI18n } from '../../i18n';
import { useLabels } from '../../i18n/useLabels';
import { AlarmLine, ContactLine, useActiveAlarms, WITHOUT_FRESH_DATA } from './WallTile';

/**
 * A spacecraft that needs attention on the dense wall: name, state and the age of its data, then what is
 * wrong (its worst alarm) or, without an alarm, what its link is doing. The full tile's border patterns
 * (wall.css) mark the states without fresh data here too.
 */
export function CompactTile({ entry, nowMs }: { entry: FleetEntry; nowMs: number }) {
  const { t, relative } = useI18n();
  const labels = useLabels();
  const alarms = useActiveAlarms(entry.spacecraftId, nowMs);
  const noData = WITHOUT_FRESH_DATA.has(entry.status);
  const ageMs = entry.lastFrameMs === null ? null : nowMs - entry.lastFrameMs;
  const flashing = (entry.activeAlarms?.unacknowledged ?? 0) > 0;
  return (
    <Link
      to={`/spacecraft/${entry.spacecraftId}`}
      className={`wall-tile compact status-${entry.status}${noData ? ' no-fresh-data' : ''}${flashing ? ' flashing' : ''}`}
      data-testid={`attention-tile-${entry.spacecraftId}`}
      data-status={entry.status}
    >
      <div className="tile-head">
        <span className="tile-name">{labels.spacecraft(entry.spacecraftId)}</span>
        <span className={`tile-age${noData ? ' stale-age' : ''}`}>
          {noData ? <span aria-hidden="true">◷ </span> : null}
          {ageMs === null ? t('common.never') : relative(-ageMs)}
        </span>
      </div>
      <StatusBadge status={entry.status} className="tile-status" />
      {alarms.length > 0 ? <AlarmLine alarms={alarms} /> : <ContactLine entry={entry} nowMs={nowMs} />}
    </Link>
  );
}
