import type { ClcwState } from '../../../shared/link/clcw';
import type { LinkCounts } from '../../../shared/link/counts';
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

/** One virtual channel's figures: of one spacecraft when `spacecraftId` is given (the station table). */
export interface LinkChannelFigures {
  spacecraftId?: string;
  vcid: number;
  counts: LinkCounts;
  clcw: ClcwState | null;
}

/**
 * What the TM link layer saw: per virtual channel the frames lost, the idle fill (idle frames and idle
 * packets) and the last CLCW, then the frames that failed their FECF. The station table gives one station's
 * channels of every spacecraft since the server started; the pass comparison one station's channels of the
 * pass's spacecraft within that pass (from the archive's link cells).
 */
export function LinkSummary({
  channels,
  fecfFailures,
}: {
  channels: readonly LinkChannelFigures[];
  fecfFailures: number;
}) {
  const { t, num } = useI18n();
  const labels = useLabels();
  if (channels.length === 0 && fecfFailures === 0) return <>—</>;
  return (
    <>
      {channels.map((c) => (
        <div key={`${c.spacecraftId ?? ''}-${c.vcid}`} className="link-channel">
          {c.spacecraftId === undefined ? '' : `${labels.spacecraft(c.spacecraftId)} `}VC{c.vcid}:{' '}
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
      <div className="link-fecf">
        {t('stations.fecfFailures')} {num(fecfFailures)}
      </div>
    </>
  );
}
