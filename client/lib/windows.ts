type WindowKey = '5m' | '15m' | '1h' | '6h' | '24h' | '7d' | '30d';

export interface WindowOption {
  key: WindowKey;
  ms: number;
  /** A message key of the catalogues, spelt out here so that the helpers need nothing of i18n. */
  label: `window.${WindowKey}`;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** Live windows: kept in the browser's ring buffers. */
export const LIVE_WINDOWS: WindowOption[] = [
  { key: '5m', ms: 5 * MIN, label: 'window.5m' },
  { key: '15m', ms: 15 * MIN, label: 'window.15m' },
  { key: '1h', ms: HOUR, label: 'window.1h' },
];

/** History windows: read from the archive, downsampled by the server. */
export const HISTORY_WINDOWS: WindowOption[] = [
  { key: '5m', ms: 5 * MIN, label: 'window.5m' },
  { key: '15m', ms: 15 * MIN, label: 'window.15m' },
  { key: '1h', ms: HOUR, label: 'window.1h' },
  { key: '6h', ms: 6 * HOUR, label: 'window.6h' },
  { key: '24h', ms: DAY, label: 'window.24h' },
  { key: '7d', ms: 7 * DAY, label: 'window.7d' },
  { key: '30d', ms: 30 * DAY, label: 'window.30d' },
];

export function parseWindow(
  value: string | null,
  options: readonly WindowOption[],
  fallback: string,
): WindowOption {
  return options.find((w) => w.key === value) ?? options.find((w) => w.key === fallback)!;
}
