import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useMaintenance, windowNow } from '../../api/useMaintenance';
import { ConnectionBanner } from '../../components/ConnectionBanner';
import { EmptyState } from '../../components/EmptyState';
import { useI18n, type MessageKey } from '../../i18n';
import { atTime, filterFleet } from '../../lib/fleet';
import { useServerNow } from '../../store/useNow';
import { usesDenseWall } from '../../lib/denseWall';
import { useDictionary, useOrtaq } from '../../store';
import { ContactStrip } from './ContactStrip';
import { DenseWall } from './DenseWall';
import { HealthMatrix } from './HealthMatrix';
import { DEFAULT_ROTATE_S, WallHeader } from './WallHeader';
import { WallTile } from './WallTile';

/**
 * Tiles on one page. Text on the wall is at least ~40 px at 1080p (16 arcminutes at 5 m on a 65" panel),
 * so six tiles in three columns fill a screen; the subsystem matrix and the station lanes get pages of
 * their own, and the wall turns its pages.
 */
export const TILES_PER_PAGE = 6;

export const tileColumns = (count: number) => (count <= 2 ? Math.max(1, count) : count <= 4 ? 2 : 3);

type WallPage = { kind: 'tiles'; index: number } | { kind: 'matrix' } | { kind: 'contacts' };

const PAGE_TITLE: Record<WallPage['kind'], MessageKey> = {
  tiles: 'wall.pageSpacecraft',
  matrix: 'wall.matrix',
  contacts: 'wall.contacts',
};

function wallPages(spacecraftCount: number): WallPage[] {
  const tilePages = Math.max(1, Math.ceil(spacecraftCount / TILES_PER_PAGE));
  return [
    ...Array.from({ length: tilePages }, (_, index) => ({ kind: 'tiles' as const, index })),
    { kind: 'matrix' },
    { kind: 'contacts' },
  ];
}

/**
 * Operators' wall screen: dark, no scroll, readable from across the room, turning its pages. A fleet too big
 * for full tiles gets the dense wall (DenseWall.tsx).
 */
export function WallView() {
  const fleet = useOrtaq((s) => s.fleet);
  const count = fleet ? Object.keys(fleet).length : 0;
  return usesDenseWall(count) ? <DenseWall /> : <TiledWall />;
}

/** One full tile per spacecraft, six to a page, then the subsystem matrix and the station lanes. */
function TiledWall() {
  const { t } = useI18n();
  const dictionary = useDictionary();
  const fleet = useOrtaq((s) => s.fleet);
  const reachable = useOrtaq((s) => s.serverReachable);
  const now = useServerNow(1000);
  const [params] = useSearchParams();
  const rotateS = Number(params.get('rotate') ?? DEFAULT_ROTATE_S);
  const [page, setPage] = useState(() => Math.max(0, Number(params.get('page') ?? 1) - 1 || 0));

  const byName = useMemo(
    () =>
      filterFleet(
        Object.values(fleet ?? {}),
        { partner: null, status: null, sort: 'name' },
        dictionary?.dictionary.spacecraft ?? [],
      ),
    [fleet, dictionary],
  );
  const entries = atTime(byName, now);
  const pages = wallPages(entries.length);
  useEffect(() => {
    if (!(rotateS > 0) || pages.length < 2) return;
    const timer = setInterval(() => setPage((p) => (p + 1) % pages.length), rotateS * 1000);
    return () => clearInterval(timer);
  }, [rotateS, pages.length]);
  const current = pages[page % pages.length]!;

  return (
    <main className="wall" data-testid="wall" data-page={current.kind}>
      {/* The wall's headings are its tiles and page titles; the page's own title is for screen readers. */}
      <h1 className="sr-only">{t('wall.title')}</h1>
      <WallHeader
        page={page % pages.length}
        pages={pages.length}
        pageTitle={t(PAGE_TITLE[current.kind])}
        onNext={() => setPage((p) => (p + 1) % pages.length)}
        now={now}
      />
      {/* Always present, so the rows below keep their places while connected (it is empty then). */}
      <div className="wall-banner">
        <ConnectionBanner />
      </div>
      {!fleet ? (
        <EmptyState
          kind={reachable === false ? 'unreachable' : 'loading'}
          title={reachable === false ? t('empty.unreachable') : t('empty.loading')}
        />
      ) : current.kind === 'tiles' ? (
        <TilesPage
          entries={entries.slice(current.index * TILES_PER_PAGE, (current.index + 1) * TILES_PER_PAGE)}
          now={now}
        />
      ) : current.kind === 'matrix' ? (
        <div className="wall-page-body">
          <h2 className="wall-page-title">{t('wall.matrix')}</h2>
          <HealthMatrix entries={entries} />
        </div>
      ) : (
        <div className="wall-page-body">
          <h2 className="wall-page-title">{t('wall.contacts')}</h2>
          <ContactStrip entries={entries} nowMs={now} />
        </div>
      )}
    </main>
  );
}

function TilesPage({ entries, now }: { entries: ReturnType<typeof atTime>; now: number }) {
  const windows = useMaintenance().data?.windows ?? [];
  return (
    <ul className="wall-tiles" style={{ ['--tiles' as string]: tileColumns(entries.length) }}>
      {entries.map((entry) => (
        <li key={entry.spacecraftId}>
          <WallTile
            entry={entry}
            nowMs={now}
            maintenance={windowNow(windows, 'spacecraft', entry.spacecraftId, now)}
          />
        </li>
      ))}
    </ul>
  );
}
