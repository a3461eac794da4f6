import type { SystemCondition } from '../../shared/protocol/health';
import { useI18n, type MessageKey } from '../i18n';
import { useOrtaq } from '../store';

/** What the operator reads for a system alarm: what is down and what it means for the data. */
function messageKey(condition: SystemCondition): MessageKey {
  if (condition.dependency === 'cluster') return 'system.clusterUnreachable';
  switch (condition.cause) {
    case 'unreachable':
      return 'system.archiveUnreachable';
    case 'storage_full':
      return 'system.archiveStorageFull';
    case 'overloaded':
      return 'system.archiveOverloaded';
  }
}

/**
 * The server's own alarms (its archive or the link between its nodes degraded), in the header of every
 * view and of the wall: unlike spacecraft alarms they need no acknowledgement and clear themselves.
 */
export function SystemAlarms() {
  const { t, utc } = useI18n();
  const conditions = useOrtaq((s) => s.systemAlarms);
  if (conditions.length === 0) return null;
  return (
    <ul className="system-alarms" role="alert" data-testid="system-alarms">
      {conditions.map((condition) => (
        <li key={condition.dependency} title={condition.detail}>
          <span aria-hidden="true">⚠</span> {t(messageKey(condition), { since: utc(condition.sinceMs) })}
        </li>
      ))}
    </ul>
  );
}
