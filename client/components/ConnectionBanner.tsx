import { useI18n } from '../i18n';
import { useServerNow } from '../store/useNow';
import { useOrtaq } from '../store';
import { SystemAlarms } from './SystemAlarms';

/** Visible at once when the live connection drops or the server reports a system alarm. */
export function ConnectionBanner() {
  return (
    <>
      <SystemAlarms />
      <LiveConnection />
    </>
  );
}

/** Data on screen is older than it looks while the live connection is down. */
function LiveConnection() {
  const { t, duration } = useI18n();
  const connection = useOrtaq((s) => s.connection);
  const since = useOrtaq((s) => s.disconnectedSinceMs);
  const reachable = useOrtaq((s) => s.serverReachable);
  const dropped = useOrtaq((s) => s.droppedByServer);
  useServerNow(1000);
  if (reachable !== false && connection !== 'disconnected') {
    // Not an alarm: the live windows have a gap that history (Investigate) fills from the archive.
    return dropped > 0 ? (
      <div className="dropped-notice" role="status" data-testid="dropped-notice">
        {t('connection.dropped', { count: dropped })}
      </div>
    ) : null;
  }
  const lostFor = since === null ? 0 : Date.now() - since;
  return (
    <div className="connection-banner" role="alert" data-testid="connection-banner">
      <span aria-hidden="true">⚠</span> {t('connection.lost', { duration: duration(lostFor) })}
    </div>
  );
}
