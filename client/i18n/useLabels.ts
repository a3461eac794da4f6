import type { ParameterDef } from '../../shared/dictionary';
import { useDictionary } from '../store';
import { useI18n } from '.';

/** Dictionary labels in the interface language where the translation files have them. */
export function useLabels() {
  const { tOpt } = useI18n();
  const dictionary = useDictionary();
  return {
    spacecraft: (id: string) => dictionary?.spacecraftById.get(id)?.name ?? id,
    station: (id: string) => dictionary?.stationById.get(id)?.name ?? id,
    parameter: (p: ParameterDef | string) => {
      const def = typeof p === 'string' ? dictionary?.parameterById.get(p) : p;
      const id = typeof p === 'string' ? p : p.id;
      return tOpt(`param.${id}`, def?.name ?? id);
    },
    subsystem: (s: string) => tOpt(`subsystem.${s}`, s),
    state: (s: string) => tOpt(`state.${s}`, s),
    partner: (id: string) => tOpt(`partner.${id}`, id),
  };
}
