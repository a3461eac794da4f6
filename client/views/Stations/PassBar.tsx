import type { Pass } from '../../../shared/protocol';
import type { ContactRecord } from '../../../shared/protocol/contacts';
import { useI18n } from '../../i18n';
import { useLabels } from '../../i18n/useLabels';
import { OUTCOME_LOOK, OutcomeShape, useContactText } from './contactLook';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Marks are drawn only on bars wide enough to hold one beside the bar's edge. */
const MARK_MIN_W = 12;
/** The strip on a judged pass that still says whose pass it was. */
const SPACECRAFT_STRIP_H = 3;

/**
 * One pass of the timeline, a button: judged, it shows its outcome (colour, pattern, mark) with a strip of its
 * spacecraft's colour on top; not judged, its spacecraft's colour, bright only while in progress, so a past
 * bar in a spacecraft's green is not taken for a completed contact.
 */
export function PassBar({
  pass: p,
  contact,
  box,
  colour,
  future,
  ended,
  outcomeShared,
  selected,
  patterns,
  onSelect,
}: {
  pass: Pass;
  contact: ContactRecord | null;
  box: Box;
  /** Of the pass's spacecraft; none for a spacecraft the dictionary does not list. */
  colour: string | undefined;
  future: boolean;
  /** Ended, and its record not written yet (or never: before the archive's first frame). */
  ended: boolean;
  /**
   * The viewer's partner may read this spacecraft's contact records (its telemetry). A record withheld by the
   * agreement leaves a past bar unjudged to this viewer: the bar says why, rather than "not judged yet".
   */
  outcomeShared: boolean;
  selected: boolean;
  /** The id prefix of the drawing's outcome patterns. */
  patterns: string;
  onSelect: () => void;
}) {
  const { t, utc } = useI18n();
  const labels = useLabels();
  const text = useContactText();
  const heard = (p.reception?.frames ?? 0) > 0;
  // Not heard within a planned outage: planned, not a failure of the station.
  const planned = contact === null && p.planned !== undefined && !heard;
  const parts = [
    labels.spacecraft(p.spacecraftId),
    labels.station(p.stationId),
    `${utc(p.aosMs, { mark: false })}–${utc(p.losMs, { date: false })}`,
    `${Math.round(p.maxElevationDeg)}°`,
    ...(contact ? [text.record(contact)] : []),
    ...(heard ? [t('stations.framesCount', { count: p.reception!.frames })] : []),
    ...(planned ? [t('maintenance.plannedPass')] : []),
    ...(contact === null && ended && !outcomeShared ? [t('contacts.notShared')] : []),
  ];
  const title = parts.join(' · ');
  const mark = contact ? OUTCOME_LOOK[contact.outcome].mark : heard ? '✓' : null;
  return (
    <g
      role="button"
      tabIndex={0}
      aria-label={title}
      className={`pass-bar${selected ? ' selected' : ''}${future ? ' future' : ''}${planned ? ' planned' : ''}`}
      data-planned={planned}
      data-outcome={contact?.outcome}
      data-cause={contact?.cause ?? undefined}
      data-shared={outcomeShared}
      onClick={onSelect}
      onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && onSelect()}
    >
      <title>{title}</title>
      {contact ? (
        <>
          <OutcomeShape outcome={contact.outcome} prefix={patterns} {...box} />
          <rect {...box} height={SPACECRAFT_STRIP_H} fill={colour} />
        </>
      ) : (
        <rect
          {...box}
          rx={3}
          fill={colour}
          fillOpacity={future || planned ? 0.45 : ended ? 0.6 : 0.95}
          strokeDasharray={planned ? '4 3' : undefined}
          stroke={planned ? 'var(--text)' : 'none'}
          strokeWidth={2}
        />
      )}
      {selected ? <rect {...box} rx={3} fill="none" stroke="var(--text)" strokeWidth={2} /> : null}
      {mark !== null && box.width >= MARK_MIN_W ? (
        <text
          x={box.x + 2}
          y={box.y + box.height - 5}
          fontSize={12}
          fontWeight="bold"
          fill="#000"
          aria-hidden="true"
        >
          {mark}
        </text>
      ) : null}
    </g>
  );
}
