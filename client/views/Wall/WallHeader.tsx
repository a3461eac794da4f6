import { AlarmBadge } from '../../components/AlarmBadge';
import { UtcClock } from '../../components/Layout';
import { useI18n } from '../../i18n';
import { selectAttentionLevel, useOrtaq } from '../../store';
import { useAlarmTone } from './useAlarmTone';

/** Seconds per page unless ?rotate= says otherwise (0 stops on the page chosen with ?page=). */
export const DEFAULT_ROTATE_S = 20;

type AttentionLevel = ReturnType<ReturnType<typeof selectAttentionLevel>>;

function SoundButton({ level }: { level: AttentionLevel }) {
  const { t } = useI18n();
  const muted = useOrtaq((s) => s.muted);
  const setMuted = useOrtaq((s) => s.setMuted);
  const tone = useAlarmTone(level, muted);
  if (tone.state === 'on') {
    return (
      <button
        type="button"
        onClick={() => setMuted(!muted)}
        aria-pressed={muted}
        aria-label={muted ? t('wall.unmute') : t('wall.mute')}
        title={muted ? t('wall.unmute') : t('wall.mute')}
      >
        <span aria-hidden="true">{muted ? '✕♪' : '♪'}</span>
      </button>
    );
  }
  return (
    <button type="button" onClick={tone.enable} data-testid="enable-sound">
      <span aria-hidden="true">♪ </span>
      {tone.state === 'blocked' ? t('wall.soundBlocked') : t('wall.enableSound')}
    </button>
  );
}

/**
 * The wall's top line: clock, page indicator ("2/3", a click turns the page), sound and the alarm counts,
 * on every page. With `rotateS`, the interval is said beside the indicator and a bar fills until the turn.
 */
export function WallHeader({
  page,
  pages,
  pageTitle,
  onNext,
  now,
  rotateS,
}: {
  page: number;
  pages: number;
  pageTitle: string;
  onNext: () => void;
  now: number;
  rotateS?: number;
}) {
  const { t } = useI18n();
  const level = useOrtaq(selectAttentionLevel(now));
  const rotating = rotateS !== undefined && rotateS > 0 && pages > 1;
  return (
    <header className="wall-header">
      <UtcClock />
      <button type="button" className="wall-page" onClick={onNext} data-testid="wall-page">
        {/* Its name holds the visible "2/3" (WCAG 2.5.3): the words before it are for screen readers. */}
        <span className="sr-only">{`${t('wall.pages')}: ${pageTitle}, `}</span>
        {page + 1}/{pages}
      </button>
      {rotating ? (
        <span className="wall-rotation" data-testid="wall-rotation">
          <span aria-hidden="true">↻ </span>
          {t('wall.rotateEvery', { seconds: rotateS })}
          {/* Restarted on each page (its key): how long until the next turn, drawn by the compositor. */}
          <span
            key={page}
            className="wall-rotation-bar"
            aria-hidden="true"
            style={{ animationDuration: `${rotateS}s` }}
          />
        </span>
      ) : null}
      <div className="wall-tools">
        <SoundButton level={level} />
        <AlarmBadge wordless />
      </div>
    </header>
  );
}
