import type { ClcwState } from '../../../shared/link/clcw';
import type { StationLinkChannel, StationStats } from '../../../shared/protocol/api';
import { useI18n } from '../../i18n';
import { useLabels } from '../../i18n/useLabels';

/** How the CLCW reads for an operator: green when the telecommand link is ready, red when it cannot work. */
const CLCW_LEVEL: Record<ClcwState, string> = {
  ok: 'level-nominal',
  wait: 'level-yellow',
  retransmit: 'level-yellow',
  type2: 'level-unknown',
  lockout: 'level-red',
  no_rf: 'level-red',
  no_bit_lock: 'level-red',
};

/**
 * What the TM link layer saw at one station (since the server started): per spacecraft and virtual channel
 * the frames lost, the idle fill (idle frames and idle packets) and the last CLCW, then the frames that
 * failed their FECF (counted per station: a damaged frame's channel cannot be trusted). `spacecraftId`
 * narrows it to one spacecraft's channels (the pass comparison).
 */
export function LinkSummary({
  stats,
  spacecraftId,
}: {
  stats: StationStats | undefined;
  spacecraftId?: string;
}) {
  const { t, num } = useI18n();
  const labels = useLabels();
  const channels = (stats?.link ?? []).filter(
    (c) => spacecraftId === undefined || c.spacecraftId === spacecraftId,
  );
  const fecf = stats?.rejects.bad_fecf ?? 0;
  if (channels.length === 0 && fecf === 0) return <>—</>;
  return (
    <>
      {channels.map((c: StationLinkChannel) => (
        <div key={`${c.spacecraftId}-${c.vcid}`} className="link-channel">
          {spacecraftId === undefined ? `${labels.spacecraft(c.spacecraftId)} ` : ''}VC{c.vcid}:{' '}
          {t('stations.lostFrames')} {num(c.counts.lost_frames)} · {t('stations.idleFrames')}{' '}
          {num(c.counts.idle_frames)} · {t('stations.idlePackets')} {num(c.counts.idle_packets)}
          {c.clcw ? (
            <>
              {' · '}
              {t('stations.clcw')}{' '}
              <span className={`badge ${CLCW_LEVEL[c.clcw]}`} data-clcw={c.clcw}>
                {t(`clcw.${c.clcw}`)}
              </span>
            </>
          ) : null}
        </div>
      ))}
      {fecf > 0 || channels.length > 0 ? (
        <div className="link-fecf">
          {t('stations.fecfFailures')} {num(fecf)}
        </div>
      ) : null}
    </>
  );
}
