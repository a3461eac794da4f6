import { useI18n } from '../../i18n';

/** A password, token or link the server shows only once: selectable, with a note that it will not return. */
export function Secret({ label, value, testId }: { label: string; value: string; testId: string }) {
  const { t } = useI18n();
  return (
    <div className="secret" role="status">
      <span>{label}</span>
      <input readOnly value={value} onFocus={(e) => e.target.select()} data-testid={testId} />
      <span className="muted">{t('admin.shownOnce')}</span>
    </div>
  );
}

/** The message of a failed admin request, readable in the UI. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
