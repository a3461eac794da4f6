import { Fragment, useState } from 'react';
import type { Alarm } from '../../../shared/protocol';
import { api, ApiRequestError } from '../../api/rest';
import { Age } from '../../components/Age';
import { LevelBadge } from '../../components/StatusBadge';
import { useI18n } from '../../i18n';
import { contextLabel } from '../../i18n/eventText';
import { useLabels } from '../../i18n/useLabels';
import { useDictionary, needsAttention, useOrtaq } from '../../store';
import { useCan, useMe, useVisibility } from '../../auth';
import { Link } from 'react-router';
import { alarmInvestigateState, investigateHref } from '../../lib/investigateState';

const SHELVE_MINUTES = [15, 60, 240, 1440];

type Action = 'ack' | 'shelve';

function AlarmForm({ alarm, onDone }: { alarm: Alarm; onDone: () => void }) {
  const { t, duration } = useI18n();
  const mergeAlarms = useOrtaq((s) => s.mergeAlarms);
  const [action, setAction] = useState<Action>('ack');
  const [comment, setComment] = useState('');
  const [minutes, setMinutes] = useState(60);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const updated =
        action === 'ack'
          ? await api.acknowledge(alarm.id, { comment })
          : await api.shelve(alarm.id, { comment, durationMs: minutes * 60_000 });
      mergeAlarms([updated]);
      onDone();
    } catch (err) {
      setError(err instanceof ApiRequestError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="alarm-form" onSubmit={(e) => void submit(e)} aria-label={t('alarms.formLabel')}>
      <fieldset>
        <legend>{t('alarms.action')}</legend>
        <label>
          <input type="radio" checked={action === 'ack'} onChange={() => setAction('ack')} />{' '}
          {t('alarms.ack')}
        </label>
        <label>
          <input type="radio" checked={action === 'shelve'} onChange={() => setAction('shelve')} />{' '}
          {t('alarms.shelve')}
        </label>
        {action === 'shelve' ? (
          <select
            value={minutes}
            onChange={(e) => setMinutes(Number(e.target.value))}
            aria-label={t('alarms.for')}
          >
            {SHELVE_MINUTES.map((m) => (
              <option key={m} value={m}>
                {duration(m * 60_000)}
              </option>
            ))}
          </select>
        ) : null}
      </fieldset>
      <label className="comment">
        {t('alarms.comment')}
        <textarea
          // The form opens on an operator's click; the comment is what they type next.
          autoFocus
          maxLength={500}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          data-testid="alarm-comment"
        />
      </label>
      <div className="form-buttons">
        <button type="submit" disabled={busy} className="primary" data-testid="alarm-confirm">
          {action === 'ack' ? t('alarms.confirmAck') : t('alarms.confirmShelve')}
        </button>
        <button type="button" onClick={onDone}>
          {t('action.cancel')}
        </button>
      </div>
      {error ? <p role="alert">{error}</p> : null}
    </form>
  );
}

/** Take the alarm on, or release it when it is yours: whom it is assigned to shows in its state. */
function AssignButton({ alarm }: { alarm: Alarm }) {
  const { t } = useI18n();
  const me = useMe()?.principal.name ?? null;
  const mergeAlarms = useOrtaq((s) => s.mergeAlarms);
  const [error, setError] = useState<string | null>(null);
  if (me === null) return null;
  const mine = alarm.assignedTo === me;
  const change = async () => {
    try {
      mergeAlarms([await api.assign(alarm.id, { to: mine ? null : me })]);
      setError(null);
    } catch (err) {
      setError(err instanceof ApiRequestError ? err.message : String(err));
    }
  };
  return (
    <>
      <button type="button" onClick={() => void change()} data-testid={`assign-${alarm.id}`}>
        {mine ? t('alarms.release') : t('alarms.take')}
      </button>
      {error ? <span role="alert">{error}</span> : null}
    </>
  );
}

export function AlarmRow({
  alarm,
  nowMs,
  open,
  onOpen,
}: {
  alarm: Alarm;
  nowMs: number;
  open: boolean;
  onOpen: (open: boolean) => void;
}) {
  const i18n = useI18n();
  const { t, num, utc } = i18n;
  const labels = useLabels();
  const dictionary = useDictionary();
  const parameter = alarm.parameterId ? dictionary?.parameterById.get(alarm.parameterId) : undefined;
  const attention = needsAttention(alarm, nowMs);
  const value = (v: number | null) => {
    if (v === null) return '—';
    const state = parameter?.states?.[v];
    return state !== undefined ? labels.state(state) : `${num(v, 3)} ${parameter?.unit ?? ''}`;
  };
  const shelved = alarm.shelvedUntilMs !== null && alarm.shelvedUntilMs > nowMs;
  // Viewers see alarms but are not offered what the server would refuse them.
  const mayRespond = useCan('alarms:ack');
  const myName = useMe()?.principal.name;
  const visible = useVisibility();
  // One click from the alarm to its parameter's history around the onset, where the agreement opens it.
  const mayInvestigate = visible(alarm.spacecraftId, 'telemetry');
  const what = alarm.parameterId ? labels.parameter(alarm.parameterId) : t(`alarms.kind.${alarm.kind}`);
  return (
    <Fragment>
      <tr
        className={`alarm-row level-${alarm.level}${attention ? ' flashing' : ''}`}
        data-testid={`alarm-${alarm.id}`}
        data-attention={attention}
      >
        <td>
          <LevelBadge level={alarm.level} />
        </td>
        <td>{labels.spacecraft(alarm.spacecraftId)}</td>
        <td>
          {mayInvestigate ? (
            <Link
              to={investigateHref(alarmInvestigateState(alarm, nowMs))}
              title={t('alarms.investigate')}
              data-testid={`investigate-${alarm.id}`}
            >
              {what}
            </Link>
          ) : (
            what
          )}
          {alarm.context ? <span className="context"> ({contextLabel(i18n, alarm.context)})</span> : null}
          {alarm.playback ? <span className="tag playback">{t('common.playback')}</span> : null}
          {alarm.maintenance ? (
            <span className="tag maintenance" title={alarm.maintenance.reason} data-testid="in-maintenance">
              {t('maintenance.inMaintenance')}
            </span>
          ) : null}
        </td>
        <td>
          <Age ms={alarm.openedAtMs} />
        </td>
        <td>
          {value(alarm.lastValue)}
          <br />
          <span className="muted">
            {t('alarms.worst')}: {value(alarm.worstValue)}
          </span>
        </td>
        <td>
          <span>{alarm.active ? t('alarms.active') : t('alarms.cleared')}</span>
          {alarm.acknowledged ? (
            <span className="muted ack-info">
              {' · '}
              {t('alarms.ackedBy', { by: alarm.acknowledged.by, at: utc(alarm.acknowledged.atMs) })}
              {alarm.acknowledged.comment ? ` — “${alarm.acknowledged.comment}”` : ''}
            </span>
          ) : null}
          {alarm.assignedTo ? (
            <span className="muted assignee" data-testid={`assignee-${alarm.id}`}>
              {' · '}
              {alarm.assignedTo === myName
                ? t('alarms.assignedToYou')
                : t('alarms.assignedTo', { user: alarm.assignedTo })}
            </span>
          ) : null}
          {shelved ? (
            <span className="muted">
              {' '}
              · {t('alarms.shelvedUntil', { until: utc(alarm.shelvedUntilMs!) })}
            </span>
          ) : null}
        </td>
        <td>
          {alarm.acknowledged === null && mayRespond ? (
            <button
              type="button"
              aria-expanded={open}
              onClick={() => onOpen(!open)}
              data-testid={`ack-${alarm.id}`}
            >
              {t('alarms.respond')}
            </button>
          ) : alarm.acknowledged ? (
            <span aria-hidden="true">✓</span>
          ) : null}
          {mayRespond && alarm.active ? <AssignButton alarm={alarm} /> : null}
        </td>
      </tr>
      {open && mayRespond ? (
        <tr className="alarm-form-row">
          <td colSpan={7}>
            <AlarmForm alarm={alarm} onDone={() => onOpen(false)} />
          </td>
        </tr>
      ) : null}
    </Fragment>
  );
}
