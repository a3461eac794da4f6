import { useState } from 'react';
import { MAX_ENTRY_TEXT, type Handover, type HandoverDraft } from '../../../shared/protocol/shiftlog';
import { api, ApiRequestError } from '../../api/rest';
import { useCan, useMe } from '../../auth';
import { useI18n } from '../../i18n';
import { useLabels } from '../../i18n/useLabels';
import { EntryList } from './EntryList';

const errorCode = (e: unknown) => (e instanceof ApiRequestError ? (e.body?.error ?? String(e.status)) : '?');

/** The last handover and whether it is accepted; who did neither hands over nor accepts their own. */
function LastHandover({ handover, onChanged }: { handover: Handover; onChanged: () => void }) {
  const { t, utc } = useI18n();
  const me = useMe();
  const mayWrite = useCan('shiftlog:write');
  const [error, setError] = useState<string | null>(null);
  const accept = async () => {
    try {
      await api.acceptHandover(handover.id);
      onChanged();
    } catch (e) {
      setError(t('shiftlog.failed', { error: errorCode(e) }));
    }
  };
  return (
    <div className="handover-last" data-testid="handover-last">
      <p>
        {t('shiftlog.lastHandover', { by: handover.createdBy, time: utc(handover.createdAtMs) })}
        {handover.note ? <q className="handover-note">{handover.note}</q> : null}
      </p>
      {handover.acceptedBy !== null && handover.acceptedAtMs !== null ? (
        <p className="handover-accepted" data-testid="handover-accepted">
          ✓ {t('shiftlog.acceptedBy', { by: handover.acceptedBy, time: utc(handover.acceptedAtMs) })}
        </p>
      ) : (
        <p className="handover-waiting">
          ◷ {t('shiftlog.awaiting')}{' '}
          {mayWrite && me?.principal.name !== handover.createdBy ? (
            <button
              type="button"
              className="primary"
              onClick={() => void accept()}
              data-testid="handover-accept"
            >
              {t('shiftlog.accept')}
            </button>
          ) : null}
        </p>
      )}
      {error ? <p role="alert">⚠ {error}</p> : null}
    </div>
  );
}

/** The handover of this shift: what it would list now (open alarms, entries since the last), and the button. */
export function HandoverPanel({ draft, onChanged }: { draft: HandoverDraft; onChanged: () => void }) {
  const { t, utc } = useI18n();
  const labels = useLabels();
  const mayWrite = useCan('shiftlog:write');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const handOver = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      await api.handOver({ note: note.trim() });
      setNote('');
      onChanged();
    } catch (failure) {
      setError(t('shiftlog.failed', { error: errorCode(failure) }));
    }
  };
  return (
    <section className="panel handover-panel" aria-labelledby="handover-title" data-testid="handover-panel">
      <h2 id="handover-title">{t('shiftlog.handover')}</h2>
      {draft.last ? <LastHandover handover={draft.last} onChanged={onChanged} /> : null}
      <h3>{t('shiftlog.openAlarms', { count: draft.alarms.length })}</h3>
      {draft.alarms.length ? (
        <ul className="handover-alarms" data-testid="handover-alarms">
          {draft.alarms.map((a) => (
            <li key={a.id} className={`level-${a.level}`}>
              <span className={`badge ${a.level}`}>{t(`level.${a.level}`)}</span>{' '}
              {labels.spacecraft(a.spacecraftId)} ·{' '}
              {a.parameterId ? labels.parameter(a.parameterId) : t('alarms.kind.link')} ·{' '}
              <span className="muted">{utc(a.openedAtMs)}</span>
              {a.acknowledgedBy ? <span className="muted"> · ✓ {a.acknowledgedBy}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      <h3>{t('shiftlog.entriesSince', { count: draft.entries.length })}</h3>
      <EntryList entries={draft.entries} testId="handover-entries" />
      {mayWrite ? (
        <form className="handover-form" onSubmit={(e) => void handOver(e)} data-testid="handover-form">
          <label>
            {t('shiftlog.note')}
            <textarea maxLength={MAX_ENTRY_TEXT} value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          <button type="submit" className="primary" data-testid="handover-submit">
            {t('shiftlog.handOver')}
          </button>
          {error ? <p role="alert">⚠ {error}</p> : null}
        </form>
      ) : null}
    </section>
  );
}
