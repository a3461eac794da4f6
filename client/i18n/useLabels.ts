import type { ParameterDef, PartnerId } from '../../shared/dictionary';
import { useDictionary } from '../store';
import { useI18n } from '.';

/** Dictionary labels in the interface language where the translation files have them. */
export function useLabels() {
  const { tOpt, locale } = useI18n();
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
    // The mission's own translation first (a partner that joined after this release has no catalogue entry).
    partner: (id: string) => {
      const partner = dictionary?.partnerById.get(id);
      return partner?.names?.[locale] ?? tOpt(`partner.${id}`, partner?.name ?? id);
    },
  };
}

/** The partners of the loaded mission, in mission order. */
export function usePartnerIds(): PartnerId[] {
  const dictionary = useDictionary();
  return dictionary?.dictionary.partners.map((p) => p.id) ?? [];
}
