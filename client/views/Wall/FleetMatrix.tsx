import { Link } from 'react-router';
import type { MatrixCell } from '../../lib/denseWall';
import { STATUS_ICONS, STATUS_KEYS } from '../../components/StatusBadge';
import { useI18n } from '../../i18n';
import { useLabels } from '../../i18n/useLabels';
import { WITHOUT_FRESH_DATA } from './WallTile';

/**
 * The whole fleet at a glance: one cell per spacecraft (its state's glyph and colour, its short name),
 * grouped by partner behind a cell naming the partner. Cells of states without fresh data carry the same
 * patterns as the tiles, so stale stays visible in grayscale. A cell opens the spacecraft.
 */
export function FleetMatrix({
  cells,
  columns,
  scale,
  shortName,
}: {
  cells: readonly MatrixCell[];
  columns: number;
  /** Text size over the wall's unit: more than 1 where the screen has room. */
  scale: number;
  shortName: (spacecraftId: string) => string;
}) {
  const { t } = useI18n();
  const labels = useLabels();
  return (
    <ul
      className="fleet-matrix"
      style={{ ['--columns' as string]: columns, fontSize: `${scale}em` }}
      aria-label={t('wall.fleetHealth')}
    >
      {cells.map((cell) =>
        cell.kind === 'partner' ? (
          <li key={`partner-${cell.partner}`} className="matrix-partner">
            {labels.partner(cell.partner)}
            <span className="sr-only">{` (${t('wall.partnerCount', { count: cell.count })})`}</span>
          </li>
        ) : (
          <li key={cell.entry.spacecraftId}>
            <Link
              to={`/spacecraft/${cell.entry.spacecraftId}`}
              className={`matrix-cell status-${cell.entry.status}${WITHOUT_FRESH_DATA.has(cell.entry.status) ? ' no-fresh-data' : ''}`}
              data-testid={`matrix-cell-${cell.entry.spacecraftId}`}
              data-status={cell.entry.status}
              title={`${labels.spacecraft(cell.entry.spacecraftId)}: ${t(STATUS_KEYS[cell.entry.status])}`}
            >
              <span className="matrix-glyph" aria-hidden="true">
                {STATUS_ICONS[cell.entry.status]}
              </span>
              <span className="sr-only">{`${labels.spacecraft(cell.entry.spacecraftId)}, ${t(STATUS_KEYS[cell.entry.status])}: `}</span>
              <span aria-hidden="true">{shortName(cell.entry.spacecraftId)}</span>
            </Link>
          </li>
        ),
      )}
    </ul>
  );
}
