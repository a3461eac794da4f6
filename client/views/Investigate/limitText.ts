// How a set of limits reads in a sentence: "Yellow 27.2 – 33.4 · Red 25.6 – 33.8", one-sided bands as ≥ or ≤.
import type { LimitBand, Limits } from '../../../shared/dictionary';
import type { I18n } from '../../i18n';

export function bandText(i18n: Pick<I18n, 'num'>, band: LimitBand | undefined): string {
  if (!band) return '—';
  const { num } = i18n;
  if (band.low !== undefined && band.high !== undefined) return `${num(band.low)} – ${num(band.high)}`;
  if (band.low !== undefined) return `≥ ${num(band.low)}`;
  return band.high !== undefined ? `≤ ${num(band.high)}` : '—';
}

/** `null`: the mission file's limits (said so, not repeated). */
export function limitsText(i18n: Pick<I18n, 'num' | 't'>, limits: Limits | null | undefined): string {
  if (limits === null) return i18n.t('limits.missionFile');
  if (!limits) return i18n.t('limits.none');
  return [
    `${i18n.t('level.yellow')} ${bandText(i18n, limits.yellow)}`,
    `${i18n.t('level.red')} ${bandText(i18n, limits.red)}`,
  ].join(' · ');
}
