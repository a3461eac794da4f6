import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { FleetEntry } from '../../../shared/protocol';
import { ConnectionBanner } from '../../components/ConnectionBanner';
import { EmptyState } from '../../components/EmptyState';
import { useI18n } from '../../i18n';
import { attentionEntries, matrixCells, shortNames } from '../../lib/denseWall';
import { atTime } from '../../lib/fleet';
import { useDictionary, useOrtaq } from '../../store';
import { useServerNow } from '../../store/useNow';
import { CompactTile } from './CompactTile';
import { FleetMatrix } from './FleetMatrix';
import { useFitCount, useMatrixLayout } from './useDenseFit';
import { DEFAULT_ROTATE_S, WallHeader } from './WallHeader';

/** More attention tiles than this are never drawn: even a 4K wall has room for fewer. */
const MAX_ATTENTION_TILES = 48;

/**
 * The wall of a big fleet: the spacecraft that need attention as compact tiles, worst first, always on
 * screen; below them the health matrix of the whole fleet, which turns its pages when it does not fit.
 *
 * Legibility: key figures are never under 40 px (wallDense.css). At 1920×1080 that is the wall's own floor
 * (16 arcminutes at 5 m on a 65-inch panel); a 3840×2160 wall is taken as four such panels (or one screen of
 * twice the diagonal), whose pixels are the same size, so 40 px is the same angle there and the whole
 * fleet fits on one page.
 */
export function DenseWall() {
  const { t } = useI18n();
  const dictionary = useDictionary();
  const fleet = useOrtaq((s) => s.fleet);
  const reachable = useOrtaq((s) => s.serverReachable);
  const now = useServerNow(1000);
  const [params] = useSearchParams();
  const rotateS = Number(params.get('rotate') ?? DEFAULT_ROTATE_S);
  const [page, setPage] = useState(() => Math.max(0, Number(params.get('page') ?? 1) - 1 || 0));

  const spacecraft = useMemo(() => dictionary?.dictionary.spacecraft ?? [], [dictionary]);
  const short = useMemo(() => shortNames(spacecraft), [spacecraft]);
  const byName = useMemo(() => {
    const names = new Map(spacecraft.map((s) => [s.id, s.name]));
    return Object.values(fleet ?? {}).sort((a, b) =>
      (names.get(a.spacecraftId) ?? a.spacecraftId).localeCompare(
        names.get(b.spacecraftId) ?? b.spacecraftId,
      ),
    );
  }, [fleet, spacecraft]);
  const entries = atTime(byName, now);
  const partners = dictionary?.dictionary.partners.map((p) => p.id) ?? [];
  const cells = matrixCells(entries, partners, (id) => dictionary?.spacecraftById.get(id)?.partner);
  const grid = useMatrixLayout<HTMLElement>(cells);
  const pages = grid.pages;
  useEffect(() => {
    if (!(rotateS > 0) || pages.length < 2) return;
    const timer = setInterval(() => setPage((p) => (p + 1) % pages.length), rotateS * 1000);
    return () => clearInterval(timer);
  }, [rotateS, pages.length]);
  const index = page % pages.length;

  return (
    <main className="wall dense" data-testid="wall" data-page="dense" data-pages={pages.length}>
      <h1 className="sr-only">{t('wall.title')}</h1>
      <WallHeader
        page={index}
        pages={pages.length}
        pageTitle={t('wall.fleetHealth')}
        onNext={() => setPage((p) => (p + 1) % pages.length)}
        now={now}
        rotateS={rotateS}
      />
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
          <AttentionBand entries={entries} now={now} />
          <section className="fleet-matrix-area" ref={grid.ref} aria-label={t('wall.fleetHealth')}>
            <FleetMatrix
              cells={pages[index]!}
              columns={grid.columns}
              scale={grid.scale}
              shortName={(id) => short.get(id) ?? id}
            />
          </section>
        </>
      )}
    </main>
  );
}

/** Spacecraft in trouble, worst first, as many as fit; the title counts them all. */
function AttentionBand({ entries, now }: { entries: readonly FleetEntry[]; now: number }) {
  const { t } = useI18n();
  const dictionary = useDictionary();
  const all = attentionEntries(entries, (id) => dictionary?.spacecraftById.get(id)?.name ?? id);
  const attention = all.slice(0, MAX_ATTENTION_TILES);
  const total = all.length;
  const [ref, fitting] = useFitCount<HTMLUListElement>(
    attention.length,
    attention.map((e) => `${e.spacecraftId}:${e.status}`).join(','),
  );
  const hidden = total - fitting;
  return (
    <section className="attention-band" aria-label={t('wall.attention')}>
      <h2 className="attention-title">
        {total === 0 ? (
          <span className="attention-clear">
            <span aria-hidden="true">● </span>
            {t('wall.attentionNone')}
          </span>
        ) : (
          <>
            {t('wall.attentionCount', { count: total })}
            {hidden > 0 ? (
              <span className="attention-more">{t('wall.attentionMore', { count: hidden })}</span>
            ) : null}
          </>
        )}
      </h2>
      {total > 0 ? (
        <ul className="attention-tiles" ref={ref}>
          {attention.slice(0, fitting).map((entry) => (
            <li key={entry.spacecraftId}>
              <CompactTile entry={entry} nowMs={now} />
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
