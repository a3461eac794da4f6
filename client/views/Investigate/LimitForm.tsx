import { useState } from 'react';
import type { LimitBand, Limits } from '../../../shared/dictionary';
import { limitChangeRequestSchema, MAX_LIMIT_REASON_CHARS } from '../../../shared/protocol/limits';
import { api, ApiRequestError } from '../../api/rest';
import { useI18n } from '../../i18n';
import { LIMIT_BOUNDS } from '../../charts/limitSteps';

type Field = `${'yellow' | 'red'}.${'low' | 'high'}`;
type Draft = Record<Field, string>;

const FIELD_LABEL = {
  'yellow.low': 'limits.yellowLow',
  'yellow.high': 'limits.yellowHigh',
  'red.low': 'limits.redLow',
  'red.high': 'limits.redHigh',
} as const;

function draftOf(limits: Limits | null): Draft {
  const draft = {} as Draft;
  for (const [level, side] of LIMIT_BOUNDS) draft[`${level}.${side}`] = String(limits?.[level]?.[side] ?? '');
  return draft;
}

/** The limits the fields say, empty fields left out; a field that is no number stays text for the schema. */
function limitsOf(draft: Draft): Record<string, Record<string, unknown>> {
  const limits: Record<string, Record<string, unknown>> = {};
  for (const [level, side] of LIMIT_BOUNDS) {
    const text = draft[`${level}.${side}`].trim().replace(',', '.');
    if (text === '') continue;
    (limits[level] ??= {})[side] = Number.isNaN(Number(text)) ? text : Number(text);
  }
  return limits;
}

/**
 * Change a spacecraft's limits of one parameter, or go back to the mission file's, always with a reason. The
 * request is checked against the same schema the server uses before it is sent.
 */
export function LimitForm({
  spacecraftId,
  parameterId,
  effective,
  overridden,
  onChanged,
}: {
  spacecraftId: string;
  parameterId: string;
  effective: Limits | null;
  overridden: boolean;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Draft>(() => draftOf(effective));
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  const send = async (action: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await action();
      setMessage({ error: false, text: t('limits.saved') });
      setReason('');
      onChanged();
    } catch (error) {
      const code = error instanceof ApiRequestError ? (error.body?.error ?? String(error.status)) : '?';
      setMessage({ error: true, text: t('limits.failed', { error: code }) });
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (reason.trim() === '') return setMessage({ error: true, text: t('limits.reasonRequired') });
    const parsed = limitChangeRequestSchema.safeParse({ limits: limitsOf(draft), reason });
    if (!parsed.success) return setMessage({ error: true, text: t('limits.invalid') });
    const limits = parsed.data.limits as { yellow?: LimitBand; red?: LimitBand };
    void send(() => api.changeLimits(spacecraftId, parameterId, { limits, reason: parsed.data.reason }));
  };

  const revert = () => {
    if (reason.trim() === '') return setMessage({ error: true, text: t('limits.reasonRequired') });
    void send(() => api.revertLimits(spacecraftId, parameterId, { reason: reason.trim() }));
  };

  return (
    <form className="limit-form" onSubmit={submit} data-testid="limit-form" noValidate>
      <div className="limit-fields">
        {LIMIT_BOUNDS.map(([level, side]) => {
          const field: Field = `${level}.${side}`;
          return (
            <label key={field} className={`limit-field limit-${level}`}>
              {t(FIELD_LABEL[field])}
              <input
                inputMode="decimal"
                value={draft[field]}
                onChange={(e) => setDraft({ ...draft, [field]: e.target.value })}
                data-testid={`limit-${level}-${side}`}
              />
            </label>
          );
        })}
      </div>
      <label className="comment">
        {t('limits.reason')}
        <textarea
          required
          maxLength={MAX_LIMIT_REASON_CHARS}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          data-testid="limit-reason"
        />
      </label>
      <div className="form-buttons">
        <button type="submit" className="primary" disabled={busy} data-testid="limit-save">
          {t('limits.save')}
        </button>
        {overridden ? (
          <button type="button" disabled={busy} onClick={revert} data-testid="limit-revert">
            {t('limits.revert')}
          </button>
        ) : null}
      </div>
      {message ? (
        <p role={message.error ? 'alert' : 'status'} data-testid="limit-message">
          {message.error ? '⚠ ' : ''}
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
