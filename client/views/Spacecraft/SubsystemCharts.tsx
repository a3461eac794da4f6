import { useEffect, useMemo } from 'react';
import type { ParameterDef } from '../../../shared/dictionary';
import { api } from '../../api/rest';
import { useResource } from '../../api/useResource';
import { useNavigate } from 'react-router';
import { useCan } from '../../auth';
import { LiveChart, type LiveAnnotating } from '../../charts/LiveChart';
import { useLiveOverlays } from '../../charts/useAnnotations';
import { investigateHref, zoomTo } from '../../lib/investigateState';
import { LevelBadge } from '../../components/StatusBadge';
import { useLabels } from '../../i18n/useLabels';
import { useOrtaq } from '../../store';
import { serverNow } from '../../lib/serverClock';

/** History points asked for when a live window opens: about one per pixel of a wide chart. */
const SEED_POINTS = 800;

/** Limits changed at run time are re-read this often: a change made elsewhere reaches the bands within it. */
const LIMITS_REFRESH_MS = 60_000;

/**
 * The parameters with the limits in force for this spacecraft (changed at run time, else the mission file's),
 * so the live bands are the ones the server judges by. Objects change only when the limits do.
 */
function useLimitsInForce(
  spacecraftId: string,
  parameters: readonly ParameterDef[],
): readonly ParameterDef[] {
  const overrides = useResource(
    `limits|${spacecraftId}`,
    () => api.spacecraftLimits(spacecraftId),
    LIMITS_REFRESH_MS,
  );
  const key = JSON.stringify(overrides.data?.overrides.map((c) => [c.parameterId, c.limits]) ?? []);
  return useMemo(() => {
    const inForce = new Map(
      (JSON.parse(key) as [string, ParameterDef['limits']][]).map(([id, l]) => [id, l]),
    );
    return parameters.map((p) => (inForce.has(p.id) ? { ...p, limits: inForce.get(p.id) } : p));
  }, [key, parameters]);
}

/** Seeds the live windows from the archive so a chart opened mid-pass, or after it, is not empty. */
function useHistorySeed(spacecraftId: string, parameters: readonly ParameterDef[], windowMs: number) {
  const samples = useOrtaq((s) => s.samples);
  const ids = parameters.map((p) => p.id).join(',');
  // The window ends at the server's now, which simulated or replayed time sets apart from the browser's:
  // read again once the first live update has told it (the seed merges, so reading twice loses nothing).
  const clockKnown = useOrtaq((s) => s.serverClock !== null);
  useEffect(() => {
    if (!ids) return;
    let current = true;
    const to = serverNow(useOrtaq.getState().serverClock, Date.now());
    api
      .history(spacecraftId, { params: ids.split(','), from: to - windowMs, to, maxPoints: SEED_POINTS })
      .then((res) => {
        if (!current) return;
        for (const series of res.series) {
          samples.seed(
            spacecraftId,
            series.parameterId,
            series.points.map((p) => (p.playback ? { t: p.t, v: p.v, playback: true } : { t: p.t, v: p.v })),
          );
        }
      })
      // Without history the windows fill from the live stream; nothing else to do.
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [samples, spacecraftId, ids, windowMs, clockKnown]);
}

export function SubsystemCharts({
  spacecraftId,
  parameters,
  windowMs,
}: {
  spacecraftId: string;
  parameters: readonly ParameterDef[];
  windowMs: number;
}) {
  const labels = useLabels();
  const navigate = useNavigate();
  useHistorySeed(spacecraftId, parameters, windowMs);
  const samples = useOrtaq((s) => s.samples);
  const charted = useLimitsInForce(spacecraftId, parameters);
  // One read of the window's annotations for every chart of the view.
  const { overlays, reload } = useLiveOverlays(spacecraftId, windowMs);
  const mayAnnotate = useCan('shiftlog:write');
  const annotating = (parameterId: string): LiveAnnotating => ({
    overlays,
    ...(mayAnnotate ? { onAnnotated: reload } : {}),
    // A live window does not zoom: the range opens in Investigate, where it can be read at leisure.
    onZoom: (range) =>
      void navigate(
        investigateHref({
          spacecraft: [spacecraftId],
          parameters: [parameterId],
          range: zoomTo(range.fromMs, range.toMs),
        }),
      ),
  });
  return (
    <div className="chart-grid">
      {charted.map((p) => {
        const level = samples.newestSample(spacecraftId, p.id)?.limit.level;
        return (
          <figure key={p.id} className="panel chart-panel">
            <figcaption>
              {labels.parameter(p)} {p.unit ? <span className="muted">[{p.unit}]</span> : null}{' '}
              {level ? <LevelBadge level={level} compact /> : null}
            </figcaption>
            <LiveChart
              spacecraftId={spacecraftId}
              parameter={p}
              windowMs={windowMs}
              annotating={annotating(p.id)}
            />
          </figure>
        );
      })}
    </div>
  );
}
