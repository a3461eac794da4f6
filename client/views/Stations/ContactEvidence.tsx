// A pass's contact record in the per-pass comparison: the outcome with its cause, and the evidence it was
// judged on (share heard, packets and transfer frames expected against received, lost frames).
import type { ContactRecord } from '../../../shared/protocol/contacts';
import { useI18n } from '../../i18n';
import { OutcomeBadge } from './contactLook';

/** The header cells, in the order of `ContactEvidenceCells`. */
export function ContactEvidenceHeads() {
  const { t } = useI18n();
  return (
    <>
      <th scope="col">{t('contacts.outcomeHead')}</th>
      <th scope="col">{t('contacts.heard')}</th>
      <th scope="col">{t('contacts.packets')}</th>
      <th scope="col">{t('contacts.transferFrames')}</th>
    </>
  );
}

export function ContactEvidenceCells({ record, testId }: { record: ContactRecord | null; testId: string }) {
  const { t, num } = useI18n();
  if (!record)
    return (
      <>
        <td className="muted" data-testid={testId}>
          {t('contacts.notJudged')}
        </td>
        <td />
        <td />
        <td />
      </>
    );
  const ofExpected = (received: number | null, expected: number | null) =>
    received === null ? '—' : `${num(received)} / ${expected === null ? '—' : num(expected)}`;
  return (
    <>
      <td data-testid={testId}>
        <OutcomeBadge record={record} />
      </td>
      <td className="num">
        {num(100 * record.heardFraction, 0)} %
        {record.gaps.length > 0 ? (
          <div className="muted">{t('contacts.gapCount', { count: record.gaps.length })}</div>
        ) : null}
      </td>
      <td className="num">{ofExpected(record.packetsReceived, record.packetsExpected)}</td>
      <td className="num">
        {ofExpected(record.framesReceived, record.framesExpected)}
        {record.lostFrames === null ? null : (
          <div className={record.lostFrames > 0 ? 'lost-frames' : 'muted'}>
            {t('stations.lostFrames')} {num(record.lostFrames)}
          </div>
        )}
      </td>
    </>
  );
}
