import { useEffect, useState } from 'react';
import { mayBeJudged, type ParameterDef } from '../../../shared/dictionary';
import type { ParameterValue } from '../../../shared/protocol';
import { Age } from '../../components/Age';
import { LevelBadge } from '../../components/StatusBadge';
import { useI18n } from '../../i18n';
import { formatReading, type IntlLocale } from '../../lib/format';
import { useLabels } from '../../i18n/useLabels';
import { useOrtaq } from '../../store';

interface Row {
  parameter: ParameterDef;
  value: ParameterValue | null;
}

/** Newest value of every parameter: the live stream's if newer than the REST snapshot's. */
function useCurrentValues(
  spacecraftId: string,
  parameters: readonly ParameterDef[],
  snapshot: ParameterValue[],
) {
  const samples = useOrtaq((s) => s.samples);
  const [, setTick] = useState(0);
  useEffect(() => {
    // A table of fifty rows redraws twice a second at most, however fast samples arrive.
    const timer = setInterval(() => setTick((n) => n + 1), 500);
    return () => clearInterval(timer);
  }, []);
  const byId = new Map(snapshot.map((v) => [v.parameterId, v]));
  return parameters.map((parameter): Row => {
    const rest = byId.get(parameter.id) ?? null;
    const live = samples.newestSample(spacecraftId, parameter.id);
    if (live && (!rest || live.t >= rest.timeMs)) {
      const text = parameter.string ? (live.text ?? '') : parameter.states?.[live.v];
      return {
        parameter,
        value: {
          parameterId: parameter.id,
          timeMs: live.t,
          raw: live.v,
          value: live.v,
          ...(text ? { text } : {}),
          limit: live.limit,
        },
      };
    }
    return { parameter, value: rest };
  });
}

/** A value as read out: a string's text as sent, an enumeration's state in the interface language, a reading. */
function shownValue(
  parameter: ParameterDef,
  value: ParameterValue,
  locale: IntlLocale,
  state: (name: string) => string,
): string {
  if (parameter.string) return value.text ?? '';
  if (value.text !== undefined) return state(value.text);
  return formatReading(locale, parameter, value.value);
}

export function CurrentValues({
  spacecraftId,
  parameters,
  snapshot,
}: {
  spacecraftId: string;
  parameters: readonly ParameterDef[];
  snapshot: ParameterValue[];
}) {
  const { t, locale } = useI18n();
  const labels = useLabels();
  const rows = useCurrentValues(spacecraftId, parameters, snapshot);
  return (
    <table className="data-table values-table" data-testid="current-values">
      <thead>
        <tr>
          <th scope="col">{t('values.parameter')}</th>
          <th scope="col">{t('values.value')}</th>
          <th scope="col">{t('values.limit')}</th>
          <th scope="col">{t('values.age')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ parameter, value }) => (
          <tr
            key={parameter.id}
            data-param={parameter.id}
            className={value ? `level-${value.limit.level}` : ''}
          >
            <th scope="row">{labels.parameter(parameter)}</th>
            <td className="num">
              {value === null ? '—' : shownValue(parameter, value, locale, labels.state)}
            </td>
            <td>
              {value && mayBeJudged(parameter) ? <LevelBadge level={value.limit.level} /> : null}
              {value?.limit.context ? <span className="muted"> ({value.limit.context})</span> : null}
            </td>
            <td>
              <Age ms={value?.timeMs ?? null} showTime={false} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
