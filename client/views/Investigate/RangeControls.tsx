import { useI18n } from '../../i18n';
import type { TimeRange } from '../../lib/investigateState';
import { HISTORY_WINDOWS } from '../../lib/windows';
import { UtcTimeInput } from './UtcTimeInput';

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
  const setAbsolute = (which: 'from' | 'to', ms: number) => {
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
      <UtcTimeInput
        label={t('investigate.from')}
        valueMs={fromMs}
        onCommit={(ms) => setAbsolute('from', ms)}
      />
      <UtcTimeInput label={t('investigate.to')} valueMs={toMs} onCommit={(ms) => setAbsolute('to', ms)} />
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
