import { useState, type FormEvent } from 'react';
import type { MaintenanceTargetKind, MaintenanceWindow } from '../../../shared/protocol/maintenance';
import { api } from '../../api/rest';
import { useCan, useVisibility } from '../../auth';
import { useI18n } from '../../i18n';
import { formatUtcInput, parseUtcInput } from '../../lib/utcInput';
import { useLabels } from '../../i18n/useLabels';
import { useDictionary } from '../../store';

const HOUR_MS = 3_600_000;

/** Planned maintenance of spacecraft and stations: the list, and for operators a form to plan one. */
export function MaintenancePanel({
  windows,
  nowMs,
  onChanged,
}: {
  windows: readonly MaintenanceWindow[];
  nowMs: number;
  onChanged: () => void;
}) {
  const { t, utc } = useI18n();
  const labels = useLabels();
  const mayPlan = useCan('maintenance:write');
  const [error, setError] = useState<string | null>(null);
  const name = (w: MaintenanceWindow) =>
    w.target === 'station' ? labels.station(w.targetId) : labels.spacecraft(w.targetId);
  const remove = async (id: string) => {
    try {
      await api.removeMaintenance(id);
      onChanged();
    } catch (e) {
      setError(String(e));
    }
  };
  return (
    <section className="panel" aria-labelledby="maintenance-title" data-testid="maintenance-panel">
      <h2 id="maintenance-title">{t('maintenance.title')}</h2>
      {windows.length === 0 ? <p className="muted">{t('maintenance.none')}</p> : null}
      {windows.length > 0 ? (
        <table className="data-table" data-testid="maintenance-windows">
          <thead>
            <tr>
              <th>{t('maintenance.what')}</th>
              <th>{t('maintenance.when')}</th>
              <th>{t('maintenance.reason')}</th>
              <th>{t('maintenance.by')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {windows.map((w) => (
              <tr key={w.id} className={w.fromMs <= nowMs && nowMs < w.toMs ? 'current' : ''}>
                <td>{name(w)}</td>
                <td>
                  {utc(w.fromMs, { mark: false })} – {utc(w.toMs)}
                </td>
                <td>{w.reason}</td>
                <td>{w.createdBy}</td>
                <td>
                  {mayPlan ? (
                    <button type="button" onClick={() => void remove(w.id)}>
                      {t('maintenance.remove')}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {mayPlan ? <PlanForm nowMs={nowMs} onPlanned={onChanged} onError={setError} /> : null}
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
    </section>
  );
}

function PlanForm({
  nowMs,
  onPlanned,
  onError,
}: {
  nowMs: number;
  onPlanned: () => void;
  onError: (message: string | null) => void;
}) {
  const { t } = useI18n();
  const dictionary = useDictionary();
  const visible = useVisibility();
  const [target, setTarget] = useState('');
  const [from, setFrom] = useState(() => formatUtcInput(nowMs));
  const [to, setTo] = useState(() => formatUtcInput(nowMs + 2 * HOUR_MS));
  const [reason, setReason] = useState('');
  const spacecraft = (dictionary?.dictionary.spacecraft ?? []).filter((s) => visible(s.id, 'telemetry'));
  const stations = dictionary?.dictionary.stations ?? [];
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const fromMs = parseUtcInput(from);
    const toMs = parseUtcInput(to);
    const [kind, targetId] = target.split(':') as [MaintenanceTargetKind, string];
    if (fromMs === null || toMs === null || toMs <= fromMs) return onError(t('maintenance.badTime'));
    try {
      await api.planMaintenance({ target: kind, targetId, fromMs, toMs, reason });
      onError(null);
      setReason('');
      onPlanned();
    } catch (error) {
      onError(String(error));
    }
  };
  return (
    <form className="admin-form" onSubmit={(e) => void submit(e)} data-testid="maintenance-form">
      <select
        aria-label={t('maintenance.target')}
        value={target}
        onChange={(e) => setTarget(e.target.value)}
        data-testid="maintenance-target"
      >
        <option value="" disabled>
          {t('maintenance.target')}
        </option>
        <optgroup label={t('maintenance.spacecraft')}>
          {spacecraft.map((s) => (
            <option key={s.id} value={`spacecraft:${s.id}`}>
              {s.name}
            </option>
          ))}
        </optgroup>
        <optgroup label={t('maintenance.stations')}>
          {stations.map((s) => (
            <option key={s.id} value={`station:${s.id}`}>
              {s.name}
            </option>
          ))}
        </optgroup>
      </select>
      <input
        aria-label={t('maintenance.from')}
        title={t('maintenance.from')}
        value={from}
        onChange={(e) => setFrom(e.target.value)}
        size={16}
        data-testid="maintenance-from"
      />
      <input
        aria-label={t('maintenance.to')}
        title={t('maintenance.to')}
        value={to}
        onChange={(e) => setTo(e.target.value)}
        size={16}
        data-testid="maintenance-to"
      />
      <input
        aria-label={t('maintenance.reason')}
        placeholder={t('maintenance.reason')}
        value={reason}
        maxLength={300}
        onChange={(e) => setReason(e.target.value)}
        data-testid="maintenance-reason"
      />
      <button type="submit" disabled={!target || !reason.trim()} data-testid="maintenance-plan">
        {t('maintenance.plan')}
      </button>
    </form>
  );
}
