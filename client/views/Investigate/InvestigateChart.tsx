import { useRef, useState } from 'react';
import type { ParameterDef } from '../../../shared/dictionary';
import type { HistorySeries } from '../../../shared/protocol';
import {
  TimeSeriesChart,
  plotLeft,
  plotWidth,
  type ChartAnnotation,
  type ChartMarker,
} from '../../charts/TimeSeriesChart';
import { useI18n } from '../../i18n';
import { download, exportFileName, svgToPng } from '../../lib/exportFiles';
import { useLabels } from '../../i18n/useLabels';
import { useCan } from '../../auth';
import { api } from '../../api/rest';
import { useResource } from '../../api/useResource';
import { limitSteps } from '../../charts/limitSteps';
import { LimitsPanel } from './LimitsPanel';
import { AnnotationForm } from './AnnotationForm';

const CHART_HEIGHT = 200;

/**
 * A history chart with keyboard pan/zoom, event markers, annotations and PNG export. A dragged range zooms,
 * or, for who may write the shift log, asks whether to zoom or to annotate it.
 */
export function InvestigateChart({
  spacecraftId,
  parameter,
  series,
  fromMs,
  toMs,
  width,
  markers,
  annotations,
  onAnnotated,
  onZoom,
  onPan,
  onZoomOut,
}: {
  spacecraftId: string;
  parameter: ParameterDef;
  series: HistorySeries | undefined;
  fromMs: number;
  toMs: number;
  width: number;
  markers: readonly ChartMarker[];
  annotations: readonly ChartAnnotation[];
  /** Given when the user may annotate: called once an annotation is saved. */
  onAnnotated?: () => void;
  onZoom: (aMs: number, bMs: number) => void;
  onPan: (fraction: number) => void;
  onZoomOut: () => void;
}) {
  const { t, utc } = useI18n();
  const labels = useLabels();
  const box = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);
  const [picked, setPicked] = useState<{ fromMs: number; toMs: number } | null>(null);
  const [showLimits, setShowLimits] = useState(false);
  // Enumerated parameters have alarm states, not yellow and red limits.
  const measured = parameter.states === undefined;
  const limits = useResource(`${spacecraftId}|${parameter.id}`, () =>
    measured ? api.parameterLimits(spacecraftId, parameter.id) : Promise.resolve(null),
  );
  const changes = limits.data?.history ?? [];
  const steps =
    limits.data && changes.length > 0 ? limitSteps(limits.data.mission, changes, fromMs, toMs) : undefined;

  const timeAt = (clientX: number) => {
    const rect = box.current!.getBoundingClientRect();
    const fraction = (clientX - rect.left - plotLeft) / plotWidth(width);
    return fromMs + Math.min(1, Math.max(0, fraction)) * (toMs - fromMs);
  };

  const mayExport = useCan('export');
  const exportPng = async () => {
    const svg = box.current?.querySelector('svg.recharts-surface');
    if (!(svg instanceof SVGSVGElement)) return;
    const rootStyle = getComputedStyle(document.documentElement);
    const background = rootStyle.getPropertyValue('--panel').trim() || '#fff';
    const unit = parameter.unit ? ` [${parameter.unit}]` : '';
    const caption = {
      title: `${labels.spacecraft(spacecraftId)} · ${labels.parameter(parameter)}${unit}`,
      subtitle: `${utc(fromMs, { mark: false })} – ${utc(toMs)} · Ortaq`,
      color: rootStyle.getPropertyValue('--text').trim() || '#000',
    };
    download(
      exportFileName({ spacecraft: [spacecraftId], parameters: [parameter.id], fromMs, toMs }, 'png'),
      await svgToPng(svg, background, caption),
    );
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowLeft') onPan(-0.25);
    else if (e.key === 'ArrowRight') onPan(0.25);
    else if (e.key === '-') onZoomOut();
    else if (e.key === '+' || e.key === '=') onZoom(fromMs + (toMs - fromMs) / 4, toMs - (toMs - fromMs) / 4);
    else return;
    e.preventDefault();
  };

  return (
    <figure className="panel chart-panel" data-testid={`history-${spacecraftId}-${parameter.id}`}>
      <figcaption>
        <span>
          {labels.parameter(parameter)}{' '}
          {parameter.unit ? <span className="muted">[{parameter.unit}]</span> : null}
        </span>
        {series?.downsampled ? <span className="tag">{t('investigate.downsampled')}</span> : null}
        <span className="muted small">{t('investigate.points', { count: series?.points.length ?? 0 })}</span>
        {limits.data ? (
          <button
            type="button"
            className="small"
            aria-expanded={showLimits}
            onClick={() => setShowLimits(!showLimits)}
            data-testid="limits-toggle"
          >
            {t('limits.button')}
            {limits.data.override ? ' ✎' : ''}
          </button>
        ) : null}
        {mayExport ? (
          <button type="button" className="small" onClick={() => void exportPng()} data-testid="export-png">
            {t('investigate.png')}
          </button>
        ) : null}
      </figcaption>
      <div
        ref={box}
        className="chart-box zoomable"
        tabIndex={0}
        role="group"
        aria-label={t('investigate.chartHelp', { name: labels.parameter(parameter) })}
        onKeyDown={onKeyDown}
        onPointerDown={(e) => {
          if (e.button !== 0) return;
          const t0 = timeAt(e.clientX);
          setPicked(null);
          setDrag({ a: t0, b: t0 });
        }}
        onPointerMove={(e) => drag && setDrag({ a: drag.a, b: timeAt(e.clientX) })}
        onPointerUp={() => {
          if (drag && Math.abs(drag.b - drag.a) > (toMs - fromMs) / 200) {
            const range = { fromMs: Math.min(drag.a, drag.b), toMs: Math.max(drag.a, drag.b) };
            if (onAnnotated) setPicked(range);
            else onZoom(range.fromMs, range.toMs);
          }
          setDrag(null);
        }}
        onPointerLeave={() => setDrag(null)}
      >
        <TimeSeriesChart
          points={series?.points ?? []}
          fromMs={fromMs}
          toMs={toMs}
          parameter={parameter}
          width={width}
          height={CHART_HEIGHT}
          markers={markers}
          annotations={annotations}
          syncId="investigate"
          selection={drag ? { fromMs: Math.min(drag.a, drag.b), toMs: Math.max(drag.a, drag.b) } : picked}
          {...(limits.data?.effective ? { limits: limits.data.effective } : {})}
          {...(steps ? { limitSteps: steps } : {})}
        />
      </div>
      {picked && onAnnotated ? (
        <AnnotationForm
          spacecraftId={spacecraftId}
          parameterId={parameter.id}
          range={picked}
          onZoom={() => {
            setPicked(null);
            onZoom(picked.fromMs, picked.toMs);
          }}
          onSaved={() => {
            setPicked(null);
            onAnnotated();
          }}
          onCancel={() => setPicked(null)}
        />
      ) : null}
      {showLimits && limits.data ? (
        <LimitsPanel
          spacecraftId={spacecraftId}
          parameterId={parameter.id}
          data={limits.data}
          onChanged={limits.reload}
        />
      ) : null}
    </figure>
  );
}
