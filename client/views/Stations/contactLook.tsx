// How a contact outcome looks wherever the Stations view shows one: a colour, a fill pattern and a text mark,
// so an outcome reads apart without colour (grayscale print, colour blindness), and the words for it.
import type { ContactOutcome, ContactRecord } from '../../../shared/protocol/contacts';
import { CONTACT_OUTCOMES } from '../../../shared/protocol/contacts';
import type { ApiRequestError } from '../../api/rest';
import { RequestError } from '../../components/EmptyState';
import { useI18n } from '../../i18n';

type Pattern = 'solid' | 'stripes' | 'cross' | 'dots' | 'hollow';

export interface OutcomeLook {
  colour: string;
  pattern: Pattern;
  /** Drawn on the bar and in the legend; one glyph, in the fonts of every supported system. */
  mark: string;
}

/** Green to red as the pass went, grey for the outcomes that are nobody's failure. */
export const OUTCOME_LOOK: Record<ContactOutcome, OutcomeLook> = {
  completed: { colour: '#3fb950', pattern: 'solid', mark: '✓' },
  partial: { colour: '#e3b341', pattern: 'stripes', mark: '◐' },
  missed: { colour: '#f85149', pattern: 'cross', mark: '✗' },
  planned: { colour: '#8b98a9', pattern: 'dots', mark: '‖' },
  not_expected: { colour: '#5a6472', pattern: 'hollow', mark: '∅' },
};

/** Records are keyed as the archive keys them: spacecraft, station and AOS of the predicted pass. */
export const contactKey = (c: { spacecraftId: string; stationId: string; aosMs: number }) =>
  `${c.spacecraftId}|${c.stationId}|${c.aosMs}`;

export function indexContacts(records: readonly ContactRecord[]): Map<string, ContactRecord> {
  return new Map(records.map((r) => [contactKey(r), r]));
}

/** SVG pattern ids are document-wide: one prefix per drawing keeps two drawings from sharing them. */
export const patternId = (prefix: string, outcome: ContactOutcome) => `${prefix}-${outcome}`;

/** The fill patterns, drawn in dark ink over the outcome's colour; place once inside each `<svg>`. */
export function OutcomePatterns({ prefix }: { prefix: string }) {
  return (
    <defs>
      {CONTACT_OUTCOMES.map((outcome) => (
        <pattern
          key={outcome}
          id={patternId(prefix, outcome)}
          width={6}
          height={6}
          patternUnits="userSpaceOnUse"
        >
          <PatternInk pattern={OUTCOME_LOOK[outcome].pattern} />
        </pattern>
      ))}
    </defs>
  );
}

function PatternInk({ pattern }: { pattern: Pattern }) {
  const ink = { stroke: 'rgba(0, 0, 0, 0.55)', strokeWidth: 1.4 };
  switch (pattern) {
    case 'stripes':
      return <path d="M-1 7 L7 -1" {...ink} />;
    case 'cross':
      return <path d="M-1 7 L7 -1 M-1 -1 L7 7" {...ink} />;
    case 'dots':
      return <circle cx={3} cy={3} r={1.2} fill="rgba(0, 0, 0, 0.55)" />;
    case 'solid':
    case 'hollow':
      return null;
  }
}

/** A pass shape in an outcome's look: the colour, its pattern over it, a hollow one only outlined. */
export function OutcomeShape({
  outcome,
  prefix,
  ...box
}: {
  outcome: ContactOutcome;
  prefix: string;
  x: number;
  y: number;
  width: number;
  height: number;
}) {
  const look = OUTCOME_LOOK[outcome];
  const hollow = look.pattern === 'hollow';
  return (
    <>
      <rect
        {...box}
        rx={3}
        fill={look.colour}
        fillOpacity={hollow ? 0.25 : 0.95}
        stroke={hollow ? look.colour : 'none'}
        strokeWidth={hollow ? 2 : 0}
        strokeDasharray={hollow ? '3 2' : undefined}
      />
      {look.pattern === 'solid' || hollow ? null : (
        <rect {...box} rx={3} fill={`url(#${patternId(prefix, outcome)})`} />
      )}
    </>
  );
}

/** The words for a record: "Missed, cause: station" (with "provisional" while evidence may still come). */
export function useContactText() {
  const { t } = useI18n();
  const outcome = (o: ContactOutcome) => t(`contacts.outcome.${o}`);
  return {
    outcome,
    record: (r: ContactRecord) => {
      const text = r.cause
        ? t('contacts.withCause', { outcome: outcome(r.outcome), cause: t(`contacts.cause.${r.cause}`) })
        : outcome(r.outcome);
      return r.settled ? text : `${text} (${t('contacts.provisional')})`;
    },
  };
}

/** An outcome as a badge in a table: mark and words, coloured; the cause beside it. */
export function OutcomeBadge({ record }: { record: ContactRecord }) {
  const text = useContactText();
  const look = OUTCOME_LOOK[record.outcome];
  return (
    <span
      className={`outcome-badge outcome-${record.outcome}`}
      style={{ borderColor: look.colour }}
      data-outcome={record.outcome}
      data-cause={record.cause ?? undefined}
    >
      <span aria-hidden="true" style={{ color: look.colour }}>
        {look.mark}
      </span>{' '}
      {text.record(record)}
    </span>
  );
}

/** A refused request is a rule of the agreement, said as such; any other failure offers a retry. */
export function ContactsRequestError({ error, retry }: { error: ApiRequestError; retry: () => void }) {
  const { t } = useI18n();
  if (error.status === 403) return <p className="muted">{t('contacts.notShared')}</p>;
  return <RequestError error={error} retry={retry} />;
}
