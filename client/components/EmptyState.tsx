import type { ReactNode } from 'react';
import { useI18n } from '../i18n';
import type { ApiRequestError } from '../api/rest';

type Kind = 'loading' | 'empty' | 'error' | 'unreachable' | 'unknown';

const ICON: Record<Kind, string> = { loading: '…', empty: '∅', error: '⚠', unreachable: '⊘', unknown: '?' };

/** The designed look of "nothing to show": loading, no data yet, an error, or an id nobody knows. */
export function EmptyState({
  kind,
  title,
  detail,
  action,
}: {
  kind: Kind;
  title: string;
  detail?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div
      className={`empty-state empty-${kind}`}
      role={kind === 'error' || kind === 'unreachable' ? 'alert' : 'status'}
    >
      <div className="empty-icon" aria-hidden="true">
        {ICON[kind]}
      </div>
      <h2>{title}</h2>
      {detail ? <p>{detail}</p> : null}
      {action}
    </div>
  );
}

/** The standard error state for a failed REST request, with a retry. */
export function RequestError({ error, retry }: { error: ApiRequestError; retry: () => void }) {
  const { t } = useI18n();
  return (
    <EmptyState
      kind={error.unreachable ? 'unreachable' : 'error'}
      title={error.unreachable ? t('empty.unreachable') : t('empty.error')}
      detail={error.unreachable ? t('empty.unreachableDetail') : error.message}
      action={
        <button type="button" onClick={retry}>
          {t('action.retry')}
        </button>
      }
    />
  );
}
