import { useState } from 'react';
import { MAX_ENTRY_TEXT } from '../../shared/protocol/shiftlog';
import { api, ApiRequestError } from '../api/rest';
import { useI18n } from '../i18n';

/**
 * What to do with a range dragged on a chart: zoom to it, or write it into the shift log as an annotation of
 * this spacecraft (and parameter), which every chart of the spacecraft then draws.
 */
export function AnnotationForm({
  spacecraftId,
  parameterId,
  range,
  onZoom,
  onSaved,
  onCancel,
}: {
  spacecraftId: string;
  parameterId: string;
  range: { fromMs: number; toMs: number };
  onZoom: () => void;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { t, utc } = useI18n();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (text.trim() === '') return setError(t('annotation.textRequired'));
    setBusy(true);
    try {
      await api.writeEntry({
        text: text.trim(),
        spacecraft: [spacecraftId],
        parameters: [parameterId],
        range: { fromMs: Math.round(range.fromMs), toMs: Math.round(range.toMs) },
      });
      onSaved();
    } catch (failure) {
      const code = failure instanceof ApiRequestError ? (failure.body?.error ?? String(failure.status)) : '?';
      setError(t('annotation.failed', { error: code }));
      setBusy(false);
    }
  };

  return (
    <form
      className="annotation-form"
      onSubmit={(e) => void submit(e)}
      data-testid="annotation-form"
      noValidate
    >
      <span className="muted small">
        {utc(range.fromMs, { mark: false })} – {utc(range.toMs)}
      </span>
      <label className="annotation-text">
        {t('annotation.text')}
        <input
          autoFocus
          maxLength={MAX_ENTRY_TEXT}
          value={text}
          onChange={(e) => setText(e.target.value)}
          data-testid="annotation-text"
        />
      </label>
      <div className="form-buttons">
        <button type="submit" className="primary" disabled={busy} data-testid="annotation-save">
          {t('annotation.save')}
        </button>
        <button type="button" onClick={onZoom} data-testid="annotation-zoom">
          {t('annotation.zoom')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('annotation.cancel')}
        </button>
      </div>
      {error ? (
        <p role="alert" data-testid="annotation-error">
          ⚠ {error}
        </p>
      ) : null}
    </form>
  );
}
