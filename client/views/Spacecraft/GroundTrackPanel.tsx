import { useI18n } from '../../i18n';

/** Ground track on a world map with partner stations and their visibility circles. */
export function GroundTrackPanel({ spacecraftId }: { spacecraftId: string }) {
  const { t } = useI18n();
  return (
    <section className="panel" aria-label={t('spacecraft.groundTrack')} data-spacecraft={spacecraftId}>
      <h2>{t('spacecraft.groundTrack')}</h2>
    </section>
  );
}
