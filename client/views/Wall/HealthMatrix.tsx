import { useNavigate } from 'react-router';
import { SUBSYSTEMS } from '../../../shared/dictionary';
import type { FleetEntry } from '../../../shared/protocol';
import { LevelBadge, STATUS_ICONS, STATUS_KEYS } from '../../components/StatusBadge';
import { useI18n } from '../../i18n';
import { useLabels } from '../../i18n/useLabels';

/** Statuses in which the cells show values that are arriving now; otherwise they are greyed, last known. */
const FRESH = new Set(['nominal', 'warning', 'critical']);

/**
 * Spacecraft × subsystem, worst current level in each cell; a cell opens that subsystem's charts. A
 * subsystem with no value received is "no data", never nominal.
 */
export function HealthMatrix({ entries }: { entries: readonly FleetEntry[] }) {
  const { t } = useI18n();
  const labels = useLabels();
  const navigate = useNavigate();
  return (
    <table className="health-matrix" aria-label={t('wall.matrix')}>
      <thead>
        <tr>
          <th scope="col">{t('wall.spacecraft')}</th>
          {SUBSYSTEMS.map((s) => (
            <th key={s} scope="col">
              {labels.subsystem(s)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.spacecraftId} className={FRESH.has(e.status) ? undefined : 'no-fresh-data'}>
            <th scope="row">
              <span
                className={`row-status status-${e.status}`}
                aria-label={t(STATUS_KEYS[e.status])}
                title={t(STATUS_KEYS[e.status])}
              >
                {STATUS_ICONS[e.status]}
              </span>
              {labels.spacecraft(e.spacecraftId)}
            </th>
            {SUBSYSTEMS.map((s) => {
              // Null: the agreement shows this partner the status line only; no level is claimed.
              if (e.subsystems === null) {
                return (
                  <td key={s} className="cell">
                    —
                  </td>
                );
              }
              const level = e.subsystems[s] ?? 'unknown';
              return (
                <td key={s} className={`cell level-${level}`}>
                  <button
                    type="button"
                    onClick={() => void navigate(`/spacecraft/${e.spacecraftId}?subsystem=${s}`)}
                    aria-label={`${labels.spacecraft(e.spacecraftId)} ${labels.subsystem(s)}`}
                  >
                    <LevelBadge level={level} compact />
                  </button>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
