import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { EventsResponse, HistoryResponse } from '../../../shared/protocol';
import type { Annotation } from '../../../shared/protocol/shiftlog';
import { distinctParameters } from '../../../shared/dictionary';
import { api } from '../../api/rest';
import { useResource } from '../../api/useResource';
import { EmptyState, RequestError } from '../../components/EmptyState';
import { StatusOnlyNotice } from '../../components/StatusOnly';
import { plotWidth } from '../../charts/TimeSeriesChart';
import { chartOverlays, fetchAnnotations, type ChartMarker } from '../../charts/annotations';
import { useAnnotationWords } from '../../charts/useAnnotations';
import { useI18n } from '../../i18n';
import { csvUnit, download, exportFileName, historyCsv } from '../../lib/exportFiles';
import { eventText } from '../../i18n/eventText';
import { useCan, useVisibility } from '../../auth';
import {
  pan,
  parseInvestigate,
  pinnedRange,
  resolveRange,
  serializeInvestigate,
  zoomOut,
  zoomTo,
  type InvestigateState,
} from '../../lib/investigateState';
import { useLabels } from '../../i18n/useLabels';
import { useElementWidth } from '../../lib/useElementWidth';
import { useServerNow } from '../../store/useNow';
import { useDictionary, useOrtaq } from '../../store';
import { ChartLegend } from '../../charts/ChartLegend';
import { InvestigateChart } from './InvestigateChart';
import { TextHistory } from './TextHistory';
import { RangeControls } from './RangeControls';
import { ParameterPicker } from './ParameterPicker';

/** A followed ("last 1 h") window is re-read this often. */
const FOLLOW_MS = 10_000;

interface Loaded {
  history: HistoryResponse[];
  events: EventsResponse[];
  annotations: Annotation[][];
}

export function InvestigateView() {
  const i18n = useI18n();
  const { t } = i18n;
  const labels = useLabels();
  const [copied, setCopied] = useState<'copied' | 'failed' | null>(null);
  const dictionary = useDictionary();
  const alarms = useOrtaq((s) => s.alarms);
  const [params, setParams] = useSearchParams();
  const asked = parseInvestigate(params);
  const exportAllowed = useCan('export');
  const mayAnnotate = useCan('shiftlog:write');
  const visible = useVisibility();
  // A link may name a spacecraft the agreement shares only as status: explain it, and ask nothing of it.
  const denied = asked.spacecraft.filter(
    (id) => dictionary?.spacecraftById.has(id) && !visible(id, 'telemetry'),
  );
  const state = { ...asked, spacecraft: asked.spacecraft.filter((id) => !denied.includes(id)) };
  // Exports only for a role with `export` and spacecraft the agreement shares at that level.
  const mayExport = exportAllowed && state.spacecraft.every((id) => visible(id, 'export'));
  const now = useServerNow(FOLLOW_MS);
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const columns = Math.max(1, state.spacecraft.length);
  const chartWidth = Math.floor(width / columns) - 24;
  const live = state.range.kind === 'last';
  const { fromMs, toMs } = resolveRange(state.range, Math.floor(now / 1000) * 1000);
  const maxPoints = Math.max(50, plotWidth(chartWidth));

  const update = (next: Partial<InvestigateState>) => setParams(serializeInvestigate({ ...state, ...next }));

  const key = `${state.spacecraft.join()}|${state.parameters.join()}|${fromMs}|${toMs}|${maxPoints}`;
  const ready = state.spacecraft.length > 0 && state.parameters.length > 0 && width > 0;
  const data = useResource<Loaded | null>(key, async () => {
    if (!ready) return null;
    const [history, events, annotations] = await Promise.all([
      Promise.all(
        state.spacecraft.map((sc) =>
          api.history(sc, { params: state.parameters, from: fromMs, to: toMs, maxPoints }),
        ),
      ),
      Promise.all(state.spacecraft.map((sc) => api.events({ spacecraft: sc, from: fromMs, to: toMs }))),
      Promise.all(state.spacecraft.map((sc) => fetchAnnotations(sc, fromMs, toMs))),
    ]);
    return { history, events, annotations };
  });

  const housekeeping = useMemo(
    () => distinctParameters(dictionary?.dictionary.packets.filter((p) => p.kind === 'housekeeping') ?? []),
    [dictionary],
  );

  const annotationWords = useAnnotationWords();
  const overlaysFor = (i: number, spacecraftId: string) =>
    chartOverlays(data.data?.annotations[i] ?? [], Object.values(alarms), spacecraftId, annotationWords, {
      fromMs,
      toMs,
    });
  const markersFor = (i: number, spacecraftId: string): ChartMarker[] => [
    ...(data.data?.events[i]?.events ?? []).map((e) => ({
      t: e.timeMs,
      severity: e.severity,
      label: `${labels.state(e.code)}: ${eventText(i18n, dictionary, e)}`,
    })),
    ...overlaysFor(i, spacecraftId).markers,
  ];

  // The link pins a followed window to the times on screen: whoever opens it sees what was seen.
  const copyLink = async () => {
    const pinned = serializeInvestigate({ ...state, range: pinnedRange(state.range, now) });
    const url = `${window.location.origin}/investigate?${pinned.toString()}`;
    try {
      await navigator.clipboard.writeText(url);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  };

  if (!dictionary) return <EmptyState kind="loading" title={t('empty.loading')} />;
  const unknown = state.spacecraft.filter((id) => !dictionary.spacecraftById.has(id));

  return (
    <section className="view investigate-view" aria-labelledby="inv-title">
      <header className="view-header">
        <h1 id="inv-title">{t('investigate.title')}</h1>
        <span className={`mode-badge ${live ? 'live' : 'history'}`} data-testid="mode-badge">
          <span aria-hidden="true">{live ? '●' : '■'}</span>{' '}
          {live ? t('investigate.live') : t('investigate.history')}
        </span>
        <ChartLegend variant="history" />
      </header>
      <div className="toolbar investigate-controls">
        {[0, 1].map((slot) => (
          <label key={slot}>
            {slot === 0 ? t('investigate.spacecraft') : t('investigate.compare')}{' '}
            <select
              data-testid={`sc-select-${slot}`}
              value={state.spacecraft[slot] ?? ''}
              onChange={(e) => {
                const next = [...state.spacecraft];
                if (e.target.value) next[slot] = e.target.value;
                else next.splice(slot, 1);
                update({ spacecraft: next.filter(Boolean) });
              }}
            >
              <option value="">{slot === 0 ? t('investigate.choose') : t('investigate.none')}</option>
              {/* Only what the agreement lets this partner open: no list entry that ends in a refusal. */}
              {dictionary.dictionary.spacecraft
                .filter((s) => visible(s.id, 'telemetry'))
                .map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
            </select>
          </label>
        ))}
        <ParameterPicker
          parameters={housekeeping}
          selected={state.parameters}
          onChange={(ids) => update({ parameters: ids })}
        />
        <RangeControls
          range={state.range}
          fromMs={fromMs}
          toMs={toMs}
          onChange={(range) => update({ range })}
          onPan={(f) => update({ range: pan(state.range, f, now) })}
          onZoomOut={() => update({ range: zoomOut(state.range, 2, now) })}
        />
        {mayExport ? (
          <button
            type="button"
            disabled={!data.data}
            onClick={() =>
              data.data &&
              download(
                exportFileName({ ...state, fromMs, toMs }, 'csv'),
                new Blob([historyCsv(data.data.history, (id) => csvUnit(dictionary.parameterById.get(id)))], {
                  type: 'text/csv',
                }),
              )
            }
            data-testid="export-csv"
          >
            {t('investigate.csv')}
          </button>
        ) : null}
        <button type="button" onClick={() => void copyLink()} data-testid="copy-link">
          {t('investigate.copyLink')}
        </button>
        <span role="status" className="muted small" data-testid="copy-status">
          {copied === 'copied'
            ? t('investigate.copied')
            : copied === 'failed'
              ? t('investigate.copyFailed')
              : ''}
        </span>
      </div>
      {unknown.length ? (
        <EmptyState kind="unknown" title={t('spacecraft.unknown', { id: unknown.join(', ') })} />
      ) : null}
      {denied.map((id) => (
        <StatusOnlyNotice key={id} spacecraftId={id} />
      ))}
      {(!state.spacecraft.length && !denied.length) || !state.parameters.length ? (
        <EmptyState kind="empty" title={t('investigate.pick')} />
      ) : null}
      {data.error ? <RequestError error={data.error} retry={data.reload} /> : null}
      <div
        ref={ref}
        className="investigate-columns"
        style={{ gridTemplateColumns: `repeat(${columns}, 1fr)` }}
      >
        {state.spacecraft.map((sc, i) => (
          <div key={sc} className="investigate-column" data-testid={`column-${sc}`}>
            <h2>{labels.spacecraft(sc)}</h2>
            {state.parameters.map((pid) => {
              const parameter = dictionary.parameterById.get(pid);
              if (!parameter) return null;
              if (parameter.string)
                return (
                  <TextHistory
                    key={pid}
                    spacecraftId={sc}
                    parameter={parameter}
                    series={data.data?.history[i]?.series.find((s) => s.parameterId === pid)}
                  />
                );
              return (
                <InvestigateChart
                  key={pid}
                  spacecraftId={sc}
                  parameter={parameter}
                  series={data.data?.history[i]?.series.find((s) => s.parameterId === pid)}
                  fromMs={fromMs}
                  toMs={toMs}
                  width={chartWidth}
                  markers={markersFor(i, sc)}
                  annotations={overlaysFor(i, sc).bands}
                  {...(mayAnnotate ? { onAnnotated: data.reload } : {})}
                  onZoom={(a, b) => update({ range: zoomTo(a, b) })}
                  onPan={(f) => update({ range: pan(state.range, f, now) })}
                  onZoomOut={() => update({ range: zoomOut(state.range, 2, now) })}
                />
              );
            })}
          </div>
        ))}
      </div>
    </section>
  );
}
