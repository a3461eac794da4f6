// Status is never told by colour alone: every badge has an icon of its own shape, a word, and for the states
// without fresh data a border pattern of its own (wall.css/app.css), readable in grayscale.
import type { LimitLevel, SpacecraftStatus } from '../../shared/protocol';
import { useI18n, type MessageKey } from '../i18n';

const STATUS: Record<SpacecraftStatus, { icon: string; key: MessageKey }> = {
  silent: { icon: '⊘', key: 'status.silent' },
  critical: { icon: '✖', key: 'status.critical' },
  lost: { icon: '⚠', key: 'status.lost' },
  warning: { icon: '▲', key: 'status.warning' },
  stale: { icon: '◷', key: 'status.stale' },
  unknown: { icon: '?', key: 'status.unknown' },
  no_contact: { icon: '○', key: 'status.no_contact' },
  nominal: { icon: '●', key: 'status.nominal' },
};

/** A subsystem level, or 'unknown' when no value of it was ever received. */
export type CellLevel = LimitLevel | 'unknown';

const LEVEL: Record<CellLevel, { icon: string; key: MessageKey }> = {
  nominal: { icon: '●', key: 'level.nominal' },
  yellow: { icon: '▲', key: 'level.yellow' },
  red: { icon: '✖', key: 'level.red' },
  unknown: { icon: '?', key: 'level.unknown' },
};

export function StatusBadge({ status, className = '' }: { status: SpacecraftStatus; className?: string }) {
  const { t } = useI18n();
  const s = STATUS[status];
  return (
    <span className={`badge status-${status} ${className}`} data-status={status}>
      <span aria-hidden="true" className="badge-icon">
        {s.icon}
      </span>
      {t(s.key)}
    </span>
  );
}

/** A limit level; `compact` shows the icon with the word for screen readers only (matrix cells). */
export function LevelBadge({ level, compact = false }: { level: CellLevel; compact?: boolean }) {
  const { t } = useI18n();
  const l = LEVEL[level];
  return (
    <span className={`badge level-${level}${compact ? ' compact' : ''}`} data-level={level} title={t(l.key)}>
      <span aria-hidden="true" className="badge-icon">
        {l.icon}
      </span>
      <span className={compact ? 'sr-only' : undefined}>{t(l.key)}</span>
    </span>
  );
}

export const STATUS_KEYS = Object.fromEntries(Object.entries(STATUS).map(([k, v]) => [k, v.key])) as Record<
  SpacecraftStatus,
  MessageKey
>;

export const STATUS_ICONS = Object.fromEntries(Object.entries(STATUS).map(([k, v]) => [k, v.icon])) as Record<
  SpacecraftStatus,
  string
>;
