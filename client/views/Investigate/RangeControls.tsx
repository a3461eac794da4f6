import { useI18n } from '../../i18n';
import type { TimeRange } from '../../lib/investigateState';
import { HISTORY_WINDOWS } from '../../lib/windows';

/** "YYYY-MM-DDTHH:mm" in UTC, the value format of a datetime-local input read as UTC. */
const toInput = (ms: number) => new Date(ms).toISOString().slice(0, 16);
const fromInput = (value: string) => Date.parse(`${value}:00Z`);

export function RangeControls({
  range,
  fromMs,
  toMs,
  onChange,
  onPan,
  onZoomOut,
}: {
  range: TimeRange;
  fromMs: number;
  toMs: number;
  onChange: (range: TimeRange) => void;
  onPan: (fraction: number) => void;
  onZoomOut: () => void;
}) {
  const { t } = useI18n();
  const setAbsolute = (which: 'from' | 'to', value: string) => {
    const ms = fromInput(value);
    if (!Number.isFinite(ms)) return;
    const next = which === 'from' ? { fromMs: ms, toMs } : { fromMs, toMs: ms };
    if (next.toMs > next.fromMs) onChange({ kind: 'absolute', ...next });
  };
  return (
    <div className="range-controls" role="group" aria-label={t('investigate.range')}>
      {HISTORY_WINDOWS.map((w) => (
        <button
          key={w.key}
          type="button"
          aria-pressed={range.kind === 'last' && range.key === w.key}
          onClick={() => onChange({ kind: 'last', key: w.key })}
        >
          {t(w.label)}
        </button>
      ))}
      <label>
        {t('investigate.from')}{' '}
        <input
          type="datetime-local"
          value={toInput(fromMs)}
          onChange={(e) => setAbsolute('from', e.target.value)}
        />
      </label>
      <label>
        {t('investigate.to')}{' '}
        <input
          type="datetime-local"
          value={toInput(toMs)}
          onChange={(e) => setAbsolute('to', e.target.value)}
        />
      </label>
      <span className="muted small">UTC</span>
      <button type="button" onClick={() => onPan(-0.5)} aria-label={t('investigate.panBack')}>
        ◀
      </button>
      <button type="button" onClick={() => onPan(0.5)} aria-label={t('investigate.panForward')}>
        ▶
      </button>
      <button type="button" onClick={onZoomOut}>
        {t('investigate.zoomOut')}
      </button>
    </div>
  );
}
