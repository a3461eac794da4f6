import type { SystemCondition } from '../../shared/protocol/health';
import { useI18n, type MessageKey } from '../i18n';
import { useOrtaq } from '../store';

/** What the operator reads for a system alarm: what is down and what it means for the data. */
function messageKey(condition: SystemCondition): MessageKey {
  if (condition.dependency === 'cluster') return 'system.clusterUnreachable';
  switch (condition.cause) {
    case 'filling':
      return 'system.historyFilling';
    case 'unreachable':
      return 'system.archiveUnreachable';
    case 'storage_full':
      return 'system.archiveStorageFull';
    case 'overloaded':
      return 'system.archiveOverloaded';
  }
}

const isNotice = (condition: SystemCondition) => condition.dependency === 'history';

/**
 * The server's own alarms (its archive or the link between its nodes degraded), in the header of every
 * view and of the wall: unlike spacecraft alarms they need no acknowledgement and clear themselves. A first
 * start's history still being filled is a notice beside them, not an alarm.
 */
export function SystemAlarms() {
  const { t, utc } = useI18n();
  const conditions = useOrtaq((s) => s.systemAlarms);
  const alarms = conditions.filter((c) => !isNotice(c));
  const notices = conditions.filter(isNotice);
  return (
    <>
      {notices.length > 0 && (
        <ul className="system-notices" role="status" data-testid="system-notices">
          {notices.map((notice) => (
            <li key={notice.dependency}>
              {t('system.historyFilling', {
                hours: notice.progress?.hours ?? 24,
                percent: notice.progress?.percent ?? 0,
              })}
            </li>
          ))}
        </ul>
      )}
      {alarms.length > 0 && (
        <ul className="system-alarms" role="alert" data-testid="system-alarms">
          {alarms.map((condition) => (
            <li key={condition.dependency} title={condition.detail}>
              <span aria-hidden="true">⚠</span> {t(messageKey(condition), { since: utc(condition.sinceMs) })}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
