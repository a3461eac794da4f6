import { useState } from 'react';
import { MAX_ENTRY_TEXT } from '../../../shared/protocol/shiftlog';
import { api, ApiRequestError } from '../../api/rest';
import { useResource } from '../../api/useResource';
import { EmptyState, RequestError } from '../../components/EmptyState';
import { useCan, useVisibility } from '../../auth';
import { useI18n } from '../../i18n';
import { useDictionary } from '../../store';
import { EntryList } from './EntryList';
import { HandoverPanel } from './HandoverPanel';

/** The log and the handover are re-read this often: entries written on another desk show within it. */
const REFRESH_MS = 30_000;

/** Writes one entry, about the fleet or about one spacecraft the partner may see. */
function EntryForm({ onSaved }: { onSaved: () => void }) {
  const { t } = useI18n();
  const dictionary = useDictionary();
  const visible = useVisibility();
  const [text, setText] = useState('');
  const [spacecraft, setSpacecraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (text.trim() === '') return setError(t('annotation.textRequired'));
    try {
      await api.writeEntry({ text: text.trim(), spacecraft: spacecraft ? [spacecraft] : [] });
      setText('');
      setError(null);
      onSaved();
    } catch (failure) {
      const code = failure instanceof ApiRequestError ? (failure.body?.error ?? String(failure.status)) : '?';
      setError(t('shiftlog.failed', { error: code }));
    }
  };
  return (
    <form
      className="panel shiftlog-form"
      onSubmit={(e) => void submit(e)}
      data-testid="entry-form"
      noValidate
    >
      <label className="shiftlog-form-text">
        {t('shiftlog.newEntry')}
        <textarea
          maxLength={MAX_ENTRY_TEXT}
          value={text}
          onChange={(e) => setText(e.target.value)}
          data-testid="entry-text"
        />
      </label>
      <label>
        {t('shiftlog.about')}{' '}
        <select
          value={spacecraft}
          onChange={(e) => setSpacecraft(e.target.value)}
          data-testid="entry-spacecraft"
        >
          <option value="">{t('shiftlog.fleet')}</option>
          {dictionary?.dictionary.spacecraft
            .filter((s) => visible(s.id, 'telemetry'))
            .map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
        </select>
      </label>
      <button type="submit" className="primary" data-testid="entry-save">
        {t('shiftlog.write')}
      </button>
      {error ? <p role="alert">⚠ {error}</p> : null}
    </form>
  );
}

/** The shift log of the partner's operations centre: the handover of the shift, and the day's entries. */
export function ShiftLogView() {
  const { t } = useI18n();
  const mayWrite = useCan('shiftlog:write');
  const log = useResource('shiftlog', () => api.shiftLog(), REFRESH_MS);
  const draft = useResource('handover-draft', () => api.handoverDraft(), REFRESH_MS);
  const reload = () => {
    log.reload();
    draft.reload();
  };
  return (
    <section className="view shiftlog-view" aria-labelledby="shiftlog-title">
      <header className="view-header">
        <h1 id="shiftlog-title">{t('shiftlog.title')}</h1>
      </header>
      {log.error ? <RequestError error={log.error} retry={log.reload} /> : null}
      <div className="shiftlog-columns">
        <div>
          {mayWrite ? <EntryForm onSaved={reload} /> : null}
          <section className="panel" aria-labelledby="entries-title">
            <h2 id="entries-title">{t('shiftlog.entries')}</h2>
            {log.data ? (
              <EntryList entries={log.data.entries} testId="shiftlog-entries" />
            ) : (
              <EmptyState kind="loading" title={t('empty.loading')} />
            )}
          </section>
        </div>
        {draft.data ? <HandoverPanel draft={draft.data} onChanged={reload} /> : null}
      </div>
    </section>
  );
}
