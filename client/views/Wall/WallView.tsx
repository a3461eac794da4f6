import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { AlarmBadge } from '../../components/AlarmBadge';
import { ConnectionBanner } from '../../components/ConnectionBanner';
import { EmptyState } from '../../components/EmptyState';
import { UtcClock } from '../../components/Layout';
import { useI18n } from '../../i18n';
import { filterFleet } from '../../lib/fleet';
import { useDictionary } from '../../lib/useDictionary';
import { useServerNow } from '../../lib/useNow';
import { selectAttentionLevel, useOrtaq } from '../../store';
import { ContactStrip } from './ContactStrip';
import { HealthMatrix } from './HealthMatrix';
import { useAlarmTone } from './useAlarmTone';
import { WallTile } from './WallTile';

/** Tiles on one page; a larger fleet rotates through pages when ?rotate=seconds is set. */
export const TILES_PER_PAGE = 8;

/** Up to six spacecraft stand side by side in one row (full height each); more go in rows of four. */
export const tileColumns = (count: number) => (count <= 6 ? Math.max(1, count) : 4);

/** Operators' wall screen: dark, no scroll, every spacecraft at once, readable from across the room. */
export function WallView() {
  const { t } = useI18n();
  const dictionary = useDictionary();
  const fleet = useOrtaq((s) => s.fleet);
  const reachable = useOrtaq((s) => s.serverReachable);
  const muted = useOrtaq((s) => s.muted);
  const setMuted = useOrtaq((s) => s.setMuted);
  const now = useServerNow(1000);
  const level = useOrtaq(selectAttentionLevel(now));
  const tone = useAlarmTone(level, muted);
  const [params] = useSearchParams();
  const rotateS = Number(params.get('rotate') ?? 0);
  const [page, setPage] = useState(0);

  const entries = useMemo(
    () =>
      filterFleet(
        Object.values(fleet ?? {}),
        { partner: null, status: null, sort: 'name' },
        dictionary?.dictionary.spacecraft ?? [],
      ),
    [fleet, dictionary],
  );
  const pages = Math.max(1, Math.ceil(entries.length / TILES_PER_PAGE));
  useEffect(() => {
    if (!(rotateS > 0) || pages < 2) return;
    const timer = setInterval(() => setPage((p) => (p + 1) % pages), rotateS * 1000);
    return () => clearInterval(timer);
  }, [rotateS, pages]);
  const shown = entries.slice((page % pages) * TILES_PER_PAGE, ((page % pages) + 1) * TILES_PER_PAGE);

  return (
    <div className="wall" data-testid="wall">
      <header className="wall-header">
        <span className="wall-title">Ortaq · {t('wall.title')}</span>
        <UtcClock />
        {pages > 1 ? <span>{t('wall.page', { page: (page % pages) + 1, pages })}</span> : null}
        <div className="wall-tools">
          {tone.enabled ? (
            <button type="button" onClick={() => setMuted(!muted)} aria-pressed={muted}>
              <span aria-hidden="true">{muted ? '✕' : '♪'}</span> {muted ? t('wall.unmute') : t('wall.mute')}
            </button>
          ) : (
            <button type="button" onClick={tone.enable}>
              <span aria-hidden="true">♪</span> {t('wall.enableSound')}
            </button>
          )}
          <AlarmBadge />
        </div>
      </header>
      {/* Always present, so the grid rows below keep their places while connected (it is empty then). */}
      <div className="wall-banner">
        <ConnectionBanner />
      </div>
      {!fleet ? (
        <EmptyState
          kind={reachable === false ? 'unreachable' : 'loading'}
          title={reachable === false ? t('empty.unreachable') : t('empty.loading')}
        />
      ) : (
        <>
          <ul className="wall-tiles" style={{ ['--tiles' as string]: tileColumns(shown.length) }}>
            {shown.map((entry) => (
              <li key={entry.spacecraftId}>
                <WallTile entry={entry} nowMs={now} />
              </li>
            ))}
          </ul>
          <div className="wall-bottom">
            <HealthMatrix entries={entries} />
            <ContactStrip entries={entries} nowMs={now} />
          </div>
        </>
      )}
    </div>
  );
}
