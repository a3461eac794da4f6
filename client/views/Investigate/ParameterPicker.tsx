import { SUBSYSTEMS, type ParameterDef } from '../../../shared/dictionary';
import { useI18n } from '../../i18n';
import { useLabels } from '../../i18n/useLabels';
import { MAX_PARAMETERS } from '../../lib/investigateState';

export function ParameterPicker({
  parameters,
  selected,
  onChange,
}: {
  parameters: readonly ParameterDef[];
  selected: readonly string[];
  onChange: (ids: string[]) => void;
}) {
  const { t } = useI18n();
  const labels = useLabels();
  const toggle = (id: string, on: boolean) =>
    onChange(on ? [...selected, id].slice(0, MAX_PARAMETERS) : selected.filter((s) => s !== id));
  return (
    <details className="parameter-picker">
      <summary>{t('investigate.parameters', { count: selected.length })}</summary>
      <div className="picker-groups">
        {SUBSYSTEMS.map((s) => (
          <fieldset key={s}>
            <legend>{labels.subsystem(s)}</legend>
            {parameters
              .filter((p) => p.subsystem === s)
              .map((p) => (
                <label
                  key={p.id}
                  title={
                    p.derived ? t('investigate.derived', { expression: p.derived.expression }) : undefined
                  }
                >
                  <input
                    type="checkbox"
                    checked={selected.includes(p.id)}
                    onChange={(e) => toggle(p.id, e.target.checked)}
                    value={p.id}
                  />{' '}
                  {labels.parameter(p)}
                  {p.derived ? <span aria-hidden="true"> ƒ</span> : null}
                </label>
              ))}
          </fieldset>
        ))}
      </div>
    </details>
  );
}
