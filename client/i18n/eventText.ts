// An event-log line in the reader's language, said from the event's structured facts (parameter display
// names, level words, numbers in the locale's format) rather than the server's English text.
import type { DictionaryIndex } from '../../shared/dictionary';
import type { EventDetail, TelemetryEvent } from '../../shared/protocol';
import type { I18n, MessageKey } from '.';

type AlarmDetail = Extract<EventDetail, { kind: 'alarm' }>;

/** The parameter's display name, or what a link alarm is about. */
function subject(i18n: I18n, dictionary: DictionaryIndex | null, parameterId: string | null): string {
  if (parameterId === null) return i18n.t('alarms.kind.link');
  const def = dictionary?.parameterById.get(parameterId);
  return i18n.tOpt(`param.${parameterId}`, def?.name ?? parameterId);
}

/** A parameter value as an operator reads it: its state word, or the number with its unit. */
export function parameterValue(
  i18n: I18n,
  dictionary: DictionaryIndex | null,
  parameterId: string | null,
  value: number,
): string {
  const def = parameterId ? dictionary?.parameterById.get(parameterId) : undefined;
  const state = def?.states?.[value];
  if (state !== undefined) return i18n.tOpt(`state.${state}`, state);
  return def?.unit ? `${i18n.num(value, 3)} ${def.unit}` : i18n.num(value, 3);
}

/** "in eclipse" for a limit context label; the label itself for one the files do not know. */
export function contextLabel(i18n: I18n, context: string): string {
  return i18n.tOpt(`context.${context}`, context);
}

function alarmText(i18n: I18n, dictionary: DictionaryIndex | null, d: AlarmDetail): string {
  const { t } = i18n;
  const limit = t(d.side ? `event.limit.${d.level}.${d.side}` : `event.limit.${d.level}`);
  const vars = {
    parameter: subject(i18n, dictionary, d.parameterId),
    limit: d.context ? `${limit} (${contextLabel(i18n, d.context)})` : limit,
    transition: t(`event.transition.${d.transition}` as MessageKey),
    value: d.value === null ? '' : parameterValue(i18n, dictionary, d.parameterId, d.value),
  };
  let text = t(d.value === null ? 'event.alarmNoValue' : 'event.alarm', vars);
  if (d.by) text += ` ${t('event.by', { by: d.by })}`;
  if (d.comment) text += ` — “${d.comment}”`;
  return text;
}

export function eventText(i18n: I18n, dictionary: DictionaryIndex | null, event: TelemetryEvent): string {
  const d = event.detail;
  if (!d) return event.text;
  switch (d.kind) {
    case 'alarm':
      return alarmText(i18n, dictionary, d);
    case 'onboard':
      return i18n.t('event.onboardArg', { arg: i18n.num(d.arg, 3) });
    case 'clockAhead':
      return i18n.t('event.clockAhead', { time: i18n.utc(d.packetTimeMs), seconds: d.leadS });
    default:
      return event.text;
  }
}
