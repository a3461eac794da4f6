import type { Pass } from '../../../shared/protocol';
import type { MaintenanceWindow } from '../../../shared/protocol/maintenance';
import { useI18n } from '../../i18n';
import { useDictionary } from '../../store';
import type { PassGroup } from '../../lib/passes';
import { useLabels } from '../../i18n/useLabels';
import { useElementWidth } from '../../lib/useElementWidth';

const ROW_H = 34;
const LABEL_W = 150;
const AXIS_H = 24;
/** One colour per spacecraft, in dictionary order; names are in the legend and on each bar's title. */
export const SPACECRAFT_COLOURS = [
  '#4fc3f7',
  '#ffb74d',
  '#81c784',
  '#f06292',
  '#ba68c8',
  '#e0e0e0',
  '#4db6ac',
  '#fff176',
];

function tickStep(spanMs: number): number {
  const hours = spanMs / 3600_000;
  return (hours <= 6 ? 1 : hours <= 12 ? 2 : hours <= 24 ? 3 : 6) * 3600_000;
}

/** Gantt of past and upcoming passes: a row per station, a bar per pass, the current time marked. */
export function PassTimeline({
  passes,
  groups,
  fromMs,
  toMs,
  nowMs,
  selectedGroupId,
  onSelect,
  outages = [],
}: {
  /** Planned outages of stations: shaded on their rows. */
  outages?: readonly MaintenanceWindow[];
  passes: readonly Pass[];
  groups: readonly PassGroup[];
  fromMs: number;
  toMs: number;
  nowMs: number;
  selectedGroupId: string | null;
  onSelect: (groupId: string) => void;
}) {
  const { t, utc } = useI18n();
  const labels = useLabels();
  const dictionary = useDictionary();
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const stations = dictionary?.dictionary.stations ?? [];
  const spacecraft = dictionary?.dictionary.spacecraft ?? [];
  const colour = (id: string) =>
    SPACECRAFT_COLOURS[spacecraft.findIndex((s) => s.id === id) % SPACECRAFT_COLOURS.length];
  const plotW = Math.max(1, width - LABEL_W - 8);
  const x = (ms: number) => LABEL_W + ((ms - fromMs) / (toMs - fromMs)) * plotW;
  const height = AXIS_H + stations.length * ROW_H + 4;
  const groupOf = (p: Pass) =>
    groups.find((g) => g.spacecraftId === p.spacecraftId && g.passes.includes(p))?.id ?? '';
  const step = tickStep(toMs - fromMs);
  const ticks: number[] = [];
  for (let tick = Math.ceil(fromMs / step) * step; tick <= toMs; tick += step) ticks.push(tick);

  return (
    <div ref={ref} className="timeline" data-testid="pass-timeline">
      {width > 0 ? (
        // A group, not an image: an image's content is presentational, and the pass bars are buttons.
        <svg width={width} height={height} role="group" aria-label={t('stations.timeline')}>
          {ticks.map((tick) => (
            <g key={tick}>
              <line x1={x(tick)} x2={x(tick)} y1={AXIS_H - 4} y2={height} stroke="var(--grid)" />
              <text x={x(tick)} y={14} textAnchor="middle" fontSize={11} fill="var(--muted)">
                {utc(tick, { date: false, seconds: false, mark: false })}
              </text>
            </g>
          ))}
          {stations.map((st, row) => (
            <g key={st.id} transform={`translate(0 ${AXIS_H + row * ROW_H})`}>
              <rect
                x={0}
                y={0}
                width={width}
                height={ROW_H}
                fill={row % 2 ? 'var(--row-alt)' : 'transparent'}
              />
              <text x={8} y={ROW_H / 2 + 4} fontSize={13} fill="var(--text)">
                {st.name}
              </text>
            </g>
          ))}
          {outages.map((w) => {
            const row = stations.findIndex((s) => s.id === w.targetId);
            const x1 = Math.max(LABEL_W, x(w.fromMs));
            const x2 = Math.min(width - 8, x(w.toMs));
            if (row < 0 || x2 <= x1) return null;
            return (
              <rect
                key={w.id}
                className="outage-band"
                data-testid={`outage-${w.targetId}`}
                x={x1}
                y={AXIS_H + row * ROW_H + 2}
                width={x2 - x1}
                height={ROW_H - 4}
              >
                <title>{`${t('maintenance.plannedOutage')}: ${w.reason} · ${utc(w.fromMs, { mark: false })}–${utc(w.toMs)}`}</title>
              </rect>
            );
          })}
          {passes.map((p) => {
            const row = stations.findIndex((s) => s.id === p.stationId);
            if (row < 0) return null;
            const x1 = Math.max(LABEL_W, x(p.aosMs));
            const x2 = Math.min(width - 8, x(p.losMs));
            if (x2 <= x1) return null;
            const gid = groupOf(p);
            const future = p.aosMs > nowMs;
            const heard = (p.reception?.frames ?? 0) > 0;
            // Not heard within a planned outage: planned, not a failure of the station.
            const planned = p.planned !== undefined && !heard;
            const title = `${labels.spacecraft(p.spacecraftId)} · ${labels.station(p.stationId)} · ${utc(p.aosMs, { mark: false })}–${utc(p.losMs, { date: false })} · ${Math.round(p.maxElevationDeg)}°${heard ? ` · ${t('stations.framesCount', { count: p.reception!.frames })}` : ''}${planned ? ` · ${t('maintenance.plannedPass')}` : ''}`;
            return (
              <g
                key={`${p.spacecraftId}${p.stationId}${p.aosMs}`}
                role="button"
                tabIndex={0}
                aria-label={title}
                className={`pass-bar${gid === selectedGroupId ? ' selected' : ''}${future ? ' future' : ''}${planned ? ' planned' : ''}`}
                data-planned={planned}
                onClick={() => onSelect(gid)}
                onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && onSelect(gid)}
              >
                <title>{title}</title>
                <rect
                  x={x1}
                  y={AXIS_H + row * ROW_H + 6}
                  width={Math.max(3, x2 - x1)}
                  height={ROW_H - 12}
                  rx={3}
                  fill={colour(p.spacecraftId)}
                  fillOpacity={future || planned ? 0.45 : 0.95}
                  strokeDasharray={planned ? '4 3' : undefined}
                  stroke={gid === selectedGroupId || planned ? 'var(--text)' : 'none'}
                  strokeWidth={2}
                />
                {heard ? (
                  <text
                    x={x1 + 2}
                    y={AXIS_H + row * ROW_H + ROW_H - 8}
                    fontSize={10}
                    fill="#000"
                    aria-hidden="true"
                  >
                    ✓
                  </text>
                ) : null}
              </g>
            );
          })}
          {nowMs >= fromMs && nowMs <= toMs ? (
            <g>
              <line
                x1={x(nowMs)}
                x2={x(nowMs)}
                y1={AXIS_H - 6}
                y2={height}
                stroke="var(--red)"
                strokeWidth={2}
              />
              <text x={x(nowMs) + 4} y={AXIS_H - 8} fontSize={11} fill="var(--red)">
                {t('stations.now')}
              </text>
            </g>
          ) : null}
        </svg>
      ) : null}
      <ul className="legend">
        {spacecraft.map((s) => (
          <li key={s.id}>
            <span className="swatch" style={{ background: colour(s.id) }} aria-hidden="true" /> {s.name}
          </li>
        ))}
        <li>
          <span className="swatch future" aria-hidden="true" /> {t('stations.upcoming')}
        </li>
        <li>✓ {t('stations.heard')}</li>
        <li>
          <span className="swatch outage" aria-hidden="true" /> {t('maintenance.plannedOutage')}
        </li>
      </ul>
    </div>
  );
}
