import { useId } from 'react';
import type { Pass } from '../../../shared/protocol';
import type { ContactRecord } from '../../../shared/protocol/contacts';
import type { MaintenanceWindow } from '../../../shared/protocol/maintenance';
import { useVisibility } from '../../auth';
import { useI18n } from '../../i18n';
import { useDictionary } from '../../store';
import type { PassGroup } from '../../lib/passes';
import { useElementWidth } from '../../lib/useElementWidth';
import { contactKey, OutcomePatterns } from './contactLook';
import { PassBar } from './PassBar';
import { TimelineLegend } from './TimelineLegend';

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

/**
 * Gantt of past and upcoming passes: a row per station, a bar per pass, the current time marked. A past pass
 * with a contact record shows its outcome; upcoming passes, and past ones not judged yet, their spacecraft.
 */
export function PassTimeline({
  passes,
  groups,
  fromMs,
  toMs,
  nowMs,
  selectedGroupId,
  onSelect,
  outages = [],
  contacts = new Map(),
}: {
  /** Contact records of the window's past passes, by `contactKey`: their outcome colours the bar. */
  contacts?: ReadonlyMap<string, ContactRecord>;
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
  const dictionary = useDictionary();
  const visible = useVisibility();
  const [ref, width] = useElementWidth<HTMLDivElement>();
  // useId's own characters (colons) do not survive in `url(#…)`.
  const patterns = `outcome${useId().replace(/[^\w-]/g, '')}`;
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
          <OutcomePatterns prefix={patterns} />
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
            return (
              <PassBar
                key={contactKey(p)}
                pass={p}
                contact={contacts.get(contactKey(p)) ?? null}
                box={{ x: x1, y: AXIS_H + row * ROW_H + 6, width: Math.max(3, x2 - x1), height: ROW_H - 12 }}
                colour={colour(p.spacecraftId)}
                future={p.aosMs > nowMs}
                ended={p.losMs <= nowMs}
                outcomeShared={visible(p.spacecraftId, 'telemetry')}
                selected={gid === selectedGroupId}
                patterns={patterns}
                onSelect={() => onSelect(gid)}
              />
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
      <TimelineLegend colours={spacecraft.map((s) => ({ id: s.id, name: s.name, colour: colour(s.id) }))} />
    </div>
  );
}
