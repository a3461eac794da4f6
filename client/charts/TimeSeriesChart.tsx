// One parameter's history with its yellow/red limit bands, markers and zoom selection (the Investigate view;
// live windows draw on a canvas, see LiveChart).
import { Area, ComposedChart, Line, ReferenceArea, ReferenceLine, XAxis, YAxis, Tooltip } from 'recharts';
import type { Limits, ParameterDef } from '../../shared/dictionary';
import { useI18n } from '../i18n';
import { timeTickFormat, timeTicks, valueTicks } from './axisTicks';
import { chartDomain, limitBands } from './limits';
import { limitSegments, type LimitStep } from './limitSteps';
import { useLabels } from '../i18n/useLabels';
import type { ChartAnnotation, ChartMarker } from './annotations';

export interface ChartPoint {
  t: number;
  v: number;
  min?: number;
  max?: number;
  playback?: boolean;
}

/** Plot-area geometry, fixed so pointer positions map to times (drag-zoom) without asking the chart. */
export const CHART_MARGIN = { top: 8, right: 12, bottom: 4, left: 4 };
export const Y_AXIS_WIDTH = 72;
export const plotLeft = CHART_MARGIN.left + Y_AXIS_WIDTH;
export const plotWidth = (width: number) => Math.max(1, width - plotLeft - CHART_MARGIN.right);

const BAND_FILL = { yellow: 'var(--yellow-band)', red: 'var(--red-band)' };
const STEP_STROKE = { yellow: 'var(--yellow)', red: 'var(--red)' };
const MARKER_STROKE = { info: 'var(--marker-info)', warning: 'var(--yellow)', critical: 'var(--red)' };

/**
 * A marker's glyph at the top of its line, naming the event or alarm on hover (an SVG title: the browser's
 * own tooltip, also read by screen readers).
 */
function MarkerGlyph({ marker, viewBox }: { marker: ChartMarker; viewBox?: { x?: number; y?: number } }) {
  const x = viewBox?.x ?? 0;
  const y = (viewBox?.y ?? 0) + 10;
  return (
    <g className="chart-marker" data-testid="chart-marker">
      <title>{marker.label}</title>
      {/* A wider transparent target than the glyph itself, so the pointer finds it. */}
      <rect x={x - 7} y={y - 10} width={14} height={14} fill="transparent" />
      <text x={x} y={y} textAnchor="middle" fontSize={11} fill={MARKER_STROKE[marker.severity]}>
        {marker.severity === 'info' ? '◆' : '▲'}
      </text>
    </g>
  );
}

/** The annotation's pen at the top of its band, naming the entry on hover (an SVG title, like markers). */
function AnnotationGlyph({
  annotation,
  viewBox,
}: {
  annotation: ChartAnnotation;
  viewBox?: { x?: number; y?: number };
}) {
  const x = (viewBox?.x ?? 0) + 2;
  const y = (viewBox?.y ?? 0) + 2;
  return (
    <g className="chart-annotation" data-testid="chart-annotation">
      <title>{annotation.label}</title>
      <rect x={x} y={y} width={14} height={14} rx={2} fill="var(--annotation)" />
      <text x={x + 7} y={y + 11} textAnchor="middle" fontSize={10} fill="var(--bg)">
        ✎
      </text>
    </g>
  );
}

interface Row {
  t: number;
  live: number | null;
  playback: number | null;
  range: [number, number] | null;
}

/** Live and playback points go to separate series so the two are told apart (colour and dash and legend). */
function toRows(points: readonly ChartPoint[]): Row[] {
  return points.map((p) => ({
    t: p.t,
    live: p.playback ? null : p.v,
    playback: p.playback ? p.v : null,
    range: p.min !== undefined && p.max !== undefined && p.max > p.min ? [p.min, p.max] : null,
  }));
}

/** The y range that brings every set of limits near the data into view (each step of a step line). */
function limitsDomain(
  values: readonly number[],
  sets: readonly (Limits | undefined)[],
  unit: string,
): [number, number] {
  const domains = sets.map((limits) => chartDomain(values, limits, unit));
  return [Math.min(...domains.map((d) => d[0])), Math.max(...domains.map((d) => d[1]))];
}

export function TimeSeriesChart({
  points,
  fromMs,
  toMs,
  parameter,
  width,
  height,
  markers = [],
  annotations = [],
  selection,
  syncId,
  limits: limitsInForce,
  limitSteps,
}: {
  points: readonly ChartPoint[];
  fromMs: number;
  toMs: number;
  parameter: ParameterDef;
  width: number;
  height: number;
  markers?: readonly ChartMarker[];
  annotations?: readonly ChartAnnotation[];
  selection?: { fromMs: number; toMs: number } | null;
  /** Charts given the same id share a crosshair. */
  syncId?: string;
  /** The limits in force now, when they differ from the mission file's (the bands and the axis follow them). */
  limits?: Limits;
  /** The limits over the window, drawn as a step line (limits changed at run time). */
  limitSteps?: readonly LimitStep[];
}) {
  const { t, num, utc } = useI18n();
  const labels = useLabels();
  if (width <= 0) return <div style={{ height }} />;
  const values = points.flatMap((p) => (p.min !== undefined && p.max !== undefined ? [p.min, p.max] : [p.v]));
  const states = parameter.states;
  const stateValues = states ? Object.keys(states).map(Number) : null;
  // Enum parameters get one tick per state and a little room above and below.
  const domain: [number, number] = stateValues
    ? [Math.min(...stateValues) - 0.5, Math.max(...stateValues) + 0.5]
    : limitsDomain(
        values,
        [limitsInForce ?? parameter.limits, ...(limitSteps ?? []).map((s) => s.limits)],
        parameter.unit,
      );
  const bands = limitBands(limitsInForce ?? parameter.limits, domain);
  const steps = limitSteps ? limitSegments(limitSteps) : [];
  // Round values (multiples of 1, 2, 2.5 or 5 × 10ⁿ) with the decimals that tell neighbours apart.
  const round = valueTicks(domain[0], domain[1], Math.max(2, Math.floor(height / 40)));
  const tickY = (v: number) =>
    states
      ? labels.state(states[v] ?? '') || num(v)
      : parameter.time
        ? utc(v, { date: false, mark: false })
        : num(v, round.digits);
  const yTicks = stateValues && stateValues.length <= 8 ? stateValues : stateValues ? undefined : round.ticks;
  const spanMs = toMs - fromMs;
  const tickX = (t: number) => utc(t, timeTickFormat(spanMs));
  const hasPlayback = points.some((p) => p.playback);
  const hasRange = points.some((p) => p.min !== undefined && p.max !== undefined && p.max > p.min);
  // A dot per point helps read sparse playback dumps; on dense data it only costs SVG nodes.
  const playbackDots = points.length <= 80 ? { r: 1.5 } : false;
  const rows = toRows(points);
  return (
    <div className="chart-frame">
      {points.length === 0 ? <div className="chart-empty">{t('chart.noData')}</div> : null}
      {/* Charts with one syncId share a crosshair and tooltip at the same time (stacked and side by side). */}
      <ComposedChart
        width={width}
        height={height}
        data={rows}
        margin={CHART_MARGIN}
        {...(syncId ? { syncId, syncMethod: 'value' as const } : {})}
      >
        {bands.map((b, i) => (
          <ReferenceArea
            key={i}
            y1={b.y1}
            y2={b.y2}
            fill={BAND_FILL[b.level]}
            fillOpacity={1}
            ifOverflow="hidden"
            stroke="none"
          />
        ))}
        <XAxis
          dataKey="t"
          type="number"
          domain={[fromMs, toMs]}
          allowDataOverflow
          ticks={timeTicks(fromMs, toMs, Math.max(2, Math.floor(plotWidth(width) / 110)))}
          tickFormatter={tickX}
          stroke="var(--axis)"
          tick={{ fontSize: 11 }}
        />
        <YAxis
          width={Y_AXIS_WIDTH}
          domain={domain}
          allowDataOverflow
          tickFormatter={tickY}
          {...(yTicks ? { ticks: yTicks, interval: 0 } : {})}
          stroke="var(--axis)"
          tick={{ fontSize: 11 }}
          type="number"
        />
        {hasRange ? (
          <Area
            dataKey="range"
            name={t('chart.range')}
            stroke="none"
            fill="var(--series-range)"
            isAnimationActive={false}
          />
        ) : null}
        <Line
          dataKey="live"
          name={t('chart.live')}
          stroke="var(--series-live)"
          strokeWidth={1.5}
          dot={false}
          isAnimationActive={false}
          type={states ? 'stepAfter' : 'linear'}
          connectNulls={false}
        />
        {hasPlayback ? (
          <Line
            dataKey="playback"
            name={t('chart.playback')}
            stroke="var(--series-playback)"
            strokeDasharray="4 3"
            strokeWidth={1.5}
            dot={playbackDots}
            isAnimationActive={false}
            type={states ? 'stepAfter' : 'linear'}
          />
        ) : null}
        {steps.map((s, i) => (
          <ReferenceLine
            key={`s${i}`}
            segment={[
              { x: s.from.t, y: s.from.v },
              { x: s.to.t, y: s.to.v },
            ]}
            stroke={STEP_STROKE[s.level]}
            strokeWidth={1.5}
            ifOverflow="hidden"
            className={`limit-step limit-step-${s.level}`}
          />
        ))}
        {annotations.map((a) => (
          <ReferenceArea
            key={`a${a.id}`}
            x1={Math.max(a.fromMs, fromMs)}
            x2={Math.min(Math.max(a.toMs, a.fromMs + (toMs - fromMs) / 400), toMs)}
            fill="var(--annotation-band)"
            fillOpacity={1}
            stroke="var(--annotation)"
            strokeOpacity={0.6}
            ifOverflow="hidden"
            label={<AnnotationGlyph annotation={a} />}
          />
        ))}
        {markers.map((m, i) => (
          <ReferenceLine
            key={`m${i}`}
            x={m.t}
            stroke={MARKER_STROKE[m.severity]}
            strokeDasharray="2 2"
            ifOverflow="hidden"
            label={<MarkerGlyph marker={m} />}
          />
        ))}
        {selection ? (
          <ReferenceArea
            x1={selection.fromMs}
            x2={selection.toMs}
            fill="var(--selection)"
            fillOpacity={0.3}
          />
        ) : null}
        <Tooltip
          isAnimationActive={false}
          labelFormatter={(t) => utc(Number(t))}
          formatter={(v) =>
            typeof v !== 'number' ? String(v) : parameter.time ? utc(v) : `${tickY(v)} ${parameter.unit}`
          }
          contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)' }}
        />
      </ComposedChart>
    </div>
  );
}
