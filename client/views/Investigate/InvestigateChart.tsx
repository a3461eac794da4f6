import { useRef, useState } from 'react';
import { isMeasured, type ParameterDef } from '../../../shared/dictionary';
import type { HistorySeries } from '../../../shared/protocol';
import { TimeSeriesChart, plotLeft, plotWidth } from '../../charts/TimeSeriesChart';
import type { ChartAnnotation, ChartMarker } from '../../charts/annotations';
import { AnnotationForm } from '../../charts/AnnotationForm';
import { useRangeDrag } from '../../charts/useRangeDrag';
import { useI18n } from '../../i18n';
import { download, exportFileName, svgToPng } from '../../lib/exportFiles';
import { useLabels } from '../../i18n/useLabels';
import { useCan } from '../../auth';
import { api } from '../../api/rest';
import { useResource } from '../../api/useResource';
import { limitSteps } from '../../charts/limitSteps';
import { LimitsPanel } from './LimitsPanel';

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
  const [picked, setPicked] = useState<{ fromMs: number; toMs: number } | null>(null);
  const [showLimits, setShowLimits] = useState(false);
  const measured = isMeasured(parameter);
  const limits = useResource(`${spacecraftId}|${parameter.id}`, () =>
    measured ? api.parameterLimits(spacecraftId, parameter.id) : Promise.resolve(null),
  );
  const changes = limits.data?.history ?? [];
  const steps =
    limits.data && changes.length > 0 ? limitSteps(limits.data.mission, changes, fromMs, toMs) : undefined;

  const drag = useRangeDrag({
    box,
    plot: { left: plotLeft, width: plotWidth(width) },
    window: () => ({ fromMs, toMs }),
    onStart: () => setPicked(null),
    onRange: (range) => (onAnnotated ? setPicked(range) : onZoom(range.fromMs, range.toMs)),
  });

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
        {...drag.handlers}
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
          selection={drag.selection ?? picked}
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
