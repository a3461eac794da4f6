import { useId } from 'react';
import { CONTACT_OUTCOMES, type ContactOutcome } from '../../../shared/protocol/contacts';
import { useI18n } from '../../i18n';
import { OUTCOME_LOOK, OutcomePatterns, OutcomeShape } from './contactLook';

const SWATCH_W = 22;
const SWATCH_H = 14;

/** An outcome's swatch drawn as the bars are: the same colour, pattern and mark. */
function OutcomeSwatch({ outcome, prefix }: { outcome: ContactOutcome; prefix: string }) {
  return (
    <svg width={SWATCH_W} height={SWATCH_H} aria-hidden="true" className="outcome-swatch">
      <OutcomeShape
        outcome={outcome}
        prefix={prefix}
        x={1}
        y={1}
        width={SWATCH_W - 2}
        height={SWATCH_H - 2}
      />
      <text x={3} y={SWATCH_H - 3} fontSize={10} fontWeight="bold" fill="#000">
        {OUTCOME_LOOK[outcome].mark}
      </text>
    </svg>
  );
}

/** What the timeline's colours and marks mean: outcomes of judged passes, then spacecraft of the others. */
export function TimelineLegend({
  colours,
}: {
  colours: readonly { id: string; name: string; colour: string | undefined }[];
}) {
  const { t } = useI18n();
  const prefix = `legend${useId().replace(/[^\w-]/g, '')}`;
  return (
    <div className="timeline-legends">
      <svg width={0} height={0} aria-hidden="true" className="pattern-defs">
        <OutcomePatterns prefix={prefix} />
      </svg>
      <ul className="legend" aria-label={t('contacts.legend')} data-testid="outcome-legend">
        <li className="legend-title">{t('contacts.legend')}</li>
        {CONTACT_OUTCOMES.map((o) => (
          <li key={o} data-outcome={o}>
            <OutcomeSwatch outcome={o} prefix={prefix} /> {t(`contacts.outcome.${o}`)}
          </li>
        ))}
      </ul>
      <ul className="legend" aria-label={t('contacts.notJudgedLegend')}>
        <li className="legend-title">{t('contacts.notJudgedLegend')}</li>
        {colours.map((s) => (
          <li key={s.id}>
            <span className="swatch" style={{ background: s.colour }} aria-hidden="true" /> {s.name}
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
