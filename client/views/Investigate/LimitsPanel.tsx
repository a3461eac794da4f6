import type { ParameterLimitsResponse } from '../../../shared/protocol/limits';
import { useCan } from '../../auth';
import { useI18n } from '../../i18n';
import { LimitForm } from './LimitForm';
import { bandText, limitsText } from './limitText';

/**
 * A parameter's limits for one spacecraft: the mission file's beside those in force, the changes made at run
 * time (newest first), and, for who may change them, the form.
 */
export function LimitsPanel({
  spacecraftId,
  parameterId,
  data,
  onChanged,
}: {
  spacecraftId: string;
  parameterId: string;
  data: ParameterLimitsResponse;
  onChanged: () => void;
}) {
  const i18n = useI18n();
  const { t, utc } = i18n;
  const mayChange = useCan('limits:write');
  return (
    <div className="limits-panel" data-testid={`limits-${spacecraftId}-${parameterId}`}>
      <table className="data-table limits-table">
        <thead>
          <tr>
            <th />
            <th scope="col">{t('limits.mission')}</th>
            <th scope="col">{t('limits.inForce')}</th>
          </tr>
        </thead>
        <tbody>
          {(['yellow', 'red'] as const).map((level) => (
            <tr key={level}>
              <th scope="row">{t(`level.${level}`)}</th>
              <td>{bandText(i18n, data.mission?.[level])}</td>
              <td data-testid={`limits-in-force-${level}`}>{bandText(i18n, data.effective?.[level])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('limits.history')}</h3>
      {data.history.length === 0 ? (
        <p className="muted small">{t('limits.noChanges')}</p>
      ) : (
        <ol className="limit-history" data-testid="limit-history">
          {data.history.map((change) => (
            <li key={change.id}>
              <span className="muted small">{t('limits.by', { by: change.by, time: utc(change.atMs) })}</span>{' '}
              <span>
                {limitsText(i18n, change.previous)} → {limitsText(i18n, change.limits)}
              </span>
              <q>{change.reason}</q>
            </li>
          ))}
        </ol>
      )}
      {mayChange ? (
        <LimitForm
          key={data.override?.id ?? 0}
          spacecraftId={spacecraftId}
          parameterId={parameterId}
          effective={data.effective}
          overridden={data.override !== null}
          onChanged={onChanged}
        />
      ) : null}
    </div>
  );
}
